"""Out-of-fold intent predictions: 5-fold cross-validation on the training data that keeps every ranking.

    .venv/bin/python scripts/oof_intents.py [config.yml | docs/pipelines/<file>.yml] [--folds 5] [--seed 42]

Does what `scripts/cross_validate.py` (Rasa's `rasa test nlu --cross-validation`) does — stratified folds over
all distinct training examples, one `rasa train nlu` per fold on the other folds, the held-back fold parsed by
that model — with two differences:

- the folds are drawn with a fixed seed, so every pipeline is scored on the same split (paired comparison;
  Rasa draws new folds on every run, which adds the split's noise to every difference);
- each held-back message's full classifier ranking (without `nlu_fallback`) is written to
  `results/oof/<config name>/predictions.jsonl`, so the fallback threshold can be chosen on out-of-fold
  probabilities (`scripts/choose_fallback_threshold.py`) instead of on the held-out test set.

Printed, like cross_validate.py: first-guess accuracy as mean (sd over folds), macro-F1 over all held-back
predictions, accuracy per language. Models are trained in a temporary directory (never in models/).

Scoring a data round (`--new data/nlu/en/<new>.yml [...]`): the examples of the other files (the
*original* examples) get exactly the folds they get without the new files (same stratified split, same seed, same
order), the new examples are spread over the folds by their own stratified split and train in the other folds'
models. Only the original examples are scored in the summary (new, possibly easier examples cannot inflate it);
predictions.jsonl keeps all records with an "original" flag. The summary also has, per language, macro-F1 as
tools/evaluation.py computes it (labels = the language's gold intents), with the config's FallbackClassifier applied
("clarify" counts as wrong) and without it (first guess), and the per-intent F1.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import tempfile
import time
from pathlib import Path
from statistics import mean, pstdev
from typing import Dict, List, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FALLBACK = "nlu_fallback"


def make_folds(labels: Sequence[str], n_folds: int, seed: int) -> List[List[int]]:
    """Indices of the held-back examples of each fold: stratified by intent, shuffled with a fixed seed."""
    from sklearn.model_selection import StratifiedKFold

    skf = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=seed)
    return [sorted(int(i) for i in test) for _train, test in skf.split(list(labels), list(labels))]


def keep_folds(original_labels: Sequence[str], new_labels: Sequence[str], n_folds: int, seed: int
               ) -> List[List[int]]:
    """Held-back indices per fold into `original + new` (originals first): the originals' folds are exactly
    make_folds(original_labels) — as if the new examples did not exist — and the new examples (offset by
    len(original)) get their own stratified split (plain shuffled split for intents with fewer than n_folds)."""
    folds = make_folds(original_labels, n_folds, seed)
    if not new_labels:
        return folds
    from collections import Counter

    from sklearn.model_selection import KFold

    counts = Counter(new_labels)
    offset = len(original_labels)
    common = [i for i, label in enumerate(new_labels) if counts[label] >= n_folds]
    rare = [i for i, label in enumerate(new_labels) if counts[label] < n_folds]
    if common:
        for fold, idx in enumerate(make_folds([new_labels[i] for i in common], n_folds, seed)):
            folds[fold] += [offset + common[j] for j in idx]
    if len(rare) >= n_folds:
        kf = KFold(n_splits=n_folds, shuffle=True, random_state=seed)
        for fold, (_train, idx) in enumerate(kf.split(rare)):
            folds[fold] += [offset + rare[j] for j in idx]
    else:
        for j, i in enumerate(rare):
            folds[j % n_folds].append(offset + i)
    return [sorted(f) for f in folds]


def fallback_settings(config: str) -> tuple[float, float]:
    """(threshold, ambiguity_threshold) of the config's FallbackClassifier; (0, 0) if it has none."""
    import yaml

    for component in yaml.safe_load(Path(config).read_text(encoding="utf-8")).get("pipeline", []):
        if component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", 0.3)), float(component.get("ambiguity_threshold", 0.1))
    return 0.0, 0.0


def decide(ranking: Sequence[Sequence], threshold: float, ambiguity: float) -> str:
    """nlu_fallback where Rasa's FallbackClassifier would predict it (strict `<`), else the first guess."""
    top = ranking[0][1]
    if top < threshold or (len(ranking) >= 2 and top - ranking[1][1] < ambiguity):
        return FALLBACK
    return ranking[0][0]


def per_intent_f1(gold: Sequence[str], pred: Sequence[str]) -> Dict[str, float]:
    """F1 per gold intent, as tools/evaluation.py's intent_scores computes it (its mean is the macro-F1)."""
    out = {}
    for label in sorted(set(gold)):
        tp = sum(g == p == label for g, p in zip(gold, pred))
        fp = sum(p == label and g != label for g, p in zip(gold, pred))
        fn = sum(g == label and p != label for g, p in zip(gold, pred))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        out[label] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return out


def language_scores(records: List[dict], threshold: float, ambiguity: float) -> dict:
    """Per language: macro-F1 / accuracy with the fallback applied and of the first guess, per-intent F1 (with
    the fallback), and the most frequent confusions (first guess). Only the records given are scored."""
    out = {}
    for lang in sorted({r["lang"] for r in records}):
        rows = [r for r in records if r["lang"] == lang]
        gold = [r["gold"] for r in rows]
        with_fb = [decide(r["ranking"], threshold, ambiguity) for r in rows]
        first = [r["ranking"][0][0] for r in rows]
        f1_fb, f1_first = per_intent_f1(gold, with_fb), per_intent_f1(gold, first)
        from collections import Counter

        out[lang] = {
            "n": len(rows),
            "macro_f1_fallback": round(mean(f1_fb.values()), 4),
            "accuracy_fallback": round(sum(g == p for g, p in zip(gold, with_fb)) / len(rows), 4),
            "fallback_rate": round(sum(p == FALLBACK for p in with_fb) / len(rows), 4),
            "macro_f1_first_guess": round(mean(f1_first.values()), 4),
            "accuracy_first_guess": round(sum(g == p for g, p in zip(gold, first)) / len(rows), 4),
            "intent_f1_fallback": {k: round(v, 4) for k, v in sorted(f1_fb.items(), key=lambda kv: kv[1])},
            "confusions_first_guess": Counter(f"{g} -> {p}" for g, p in zip(gold, first) if g != p).most_common(40),
        }
    return out


def summarise(records: List[dict]) -> dict:
    """First-guess accuracy per fold (mean, population sd as Rasa reports it), macro-F1 over all records, and
    accuracy per language. A record: {"fold", "lang", "gold", "ranking": [[intent, confidence], ...]}."""
    from sklearn.metrics import f1_score

    folds = sorted({r["fold"] for r in records})
    per_fold = []
    for fold in folds:
        rows = [r for r in records if r["fold"] == fold]
        per_fold.append(sum(r["ranking"][0][0] == r["gold"] for r in rows) / len(rows))
    gold = [r["gold"] for r in records]
    pred = [r["ranking"][0][0] for r in records]
    langs = sorted({r["lang"] for r in records})
    return {
        "accuracy_mean_sd": [round(mean(per_fold), 4), round(pstdev(per_fold), 4)],
        "accuracy_per_fold": [round(a, 4) for a in per_fold],
        "macro_f1": round(float(f1_score(gold, pred, average="macro", zero_division=0)), 4),
        "accuracy_per_language": {
            lang: round(sum(r["ranking"][0][0] == r["gold"] for r in records if r["lang"] == lang)
                        / sum(r["lang"] == lang for r in records), 4) for lang in langs},
        "n": {lang: sum(r["lang"] == lang for r in records) for lang in langs},
    }


def classifier_ranking(parsed: Dict) -> List[List]:
    """The classifier's ranking from a parse result, without the FallbackClassifier's `nlu_fallback` entry."""
    ranking = [[r["name"], float(r["confidence"])] for r in parsed.get("intent_ranking", [])
               if r["name"] != FALLBACK]
    return ranking or [[parsed["intent"]["name"], float(parsed["intent"]["confidence"])]]


async def _parse(model: str, texts: List[str]) -> List[List[List]]:
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    return [classifier_ranking(await agent.parse_message(text)) for text in texts]


def _merged(files: Sequence[str]):
    from rasa.shared.nlu.training_data.loading import load_data

    sets = [load_data(f) for f in files]
    return sets[0].merge(*sets[1:])


def split_original_new(new_files: Sequence[str]):
    """(all training data, original examples, new examples): the originals are loaded from every file of data/nlu
    except `new_files`, the way rasa's load_data orders and merges them, so their order (hence their folds) is the
    one a run without the new files sees."""
    import rasa.shared.utils.io
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(ROOT / "data" / "nlu"))
    new_paths = {Path(f).resolve() for f in new_files}
    missing = [f for f in new_paths if not f.is_file()]
    if missing:
        raise SystemExit(f"no such file: {missing}")
    original_files = [f for f in rasa.shared.utils.io.list_files(str(ROOT / "data" / "nlu"))
                      if Path(f).resolve() not in new_paths]
    originals = _merged(original_files).intent_examples  # merged as load_data merges (drops duplicates)
    new = _merged([str(f) for f in sorted(new_paths)]).intent_examples
    original_texts = {e.get("text") for e in originals}
    clash = [e.get("text") for e in new if e.get("text") in original_texts]
    if clash:
        raise SystemExit(f"new examples already in the original data: {clash}")
    if len(originals) + len(new) != len(data.intent_examples):
        raise SystemExit("original + new examples do not add up to the training data (duplicates?)")
    return data, originals, new


def run(config: str, n_folds: int, seed: int, new_files: Sequence[str] = ()) -> tuple[List[dict], List[float]]:
    import rasa.model_training
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    sys.path.insert(0, str(ROOT / "scripts"))
    from cross_validate import language_of_examples

    if new_files:
        data, originals, new = split_original_new(new_files)
    else:
        data = load_data(str(ROOT / "data" / "nlu"))
        originals, new = data.intent_examples, []
    examples = list(originals) + list(new)
    languages = language_of_examples()
    folds = keep_folds([e.get("intent") for e in originals], [e.get("intent") for e in new], n_folds, seed)
    records: List[dict] = []
    train_seconds: List[float] = []
    with tempfile.TemporaryDirectory(prefix="oof_") as tmp:
        for fold, test_idx in enumerate(folds):
            held_back = set(test_idx)
            train = TrainingData(training_examples=[e for i, e in enumerate(examples) if i not in held_back],
                                 entity_synonyms=data.entity_synonyms, regex_features=data.regex_features,
                                 lookup_tables=data.lookup_tables, responses=data.responses)
            data_file = Path(tmp) / f"train_{fold}.yml"
            RasaYAMLWriter().dump(data_file, train)
            started = time.monotonic()
            model = rasa.model_training.train_nlu(config, str(data_file), tmp, fixed_model_name=f"fold{fold}")
            train_seconds.append(round(time.monotonic() - started, 1))
            texts = [examples[i].get("text") for i in test_idx]
            rankings = asyncio.run(_parse(model, texts))
            for i, text, ranking in zip(test_idx, texts, rankings):
                records.append({"fold": fold, "text": text, "lang": languages.get(text, "?"),
                                "gold": examples[i].get("intent"), "ranking": ranking,
                                "original": i < len(originals)})
            Path(model).unlink()
            print(f"  fold {fold}: trained in {train_seconds[-1]} s", flush=True)
    return records, train_seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config", nargs="?", default="config.yml")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--name", help="results/oof/<name>/ (default: the config's file name)")
    parser.add_argument("--new", nargs="*", default=[], metavar="FILE",
                        help="training files of a data round: they train, the other files' examples are scored")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # else every parse is logged
    out = ROOT / "results" / "oof" / (args.name or Path(args.config).stem)
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    records, train_seconds = run(args.config, args.folds, args.seed, args.new)
    with (out / "predictions.jsonl").open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    summary = {"config": args.config, "folds": args.folds, "seed": args.seed,
               "seconds": round(time.monotonic() - started), "train_seconds_per_fold": train_seconds,
               "new_files": args.new, "n_new": sum(not r["original"] for r in records),
               "scored": "original examples only" if args.new else "all examples",
               **summarise([r for r in records if r["original"]])}
    threshold, ambiguity = fallback_settings(args.config)
    summary["fallback"] = {"threshold": threshold, "ambiguity_threshold": ambiguity}
    summary["per_language"] = language_scores([r for r in records if r["original"]], threshold, ambiguity)
    (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    acc = summary["accuracy_mean_sd"]
    print(f"{args.config}: {args.folds}-fold out-of-fold run (seed {args.seed}) in {summary['seconds']} s")
    print(f"  test accuracy {acc[0]:.3f} (sd {acc[1]:.3f}), macro-F1 {summary['macro_f1']:.3f}")
    print("  accuracy per language: " + ", ".join(
        f"{lang} {value:.3f} (n={summary['n'][lang]})" for lang, value in summary["accuracy_per_language"].items()))
    for lang, s in summary["per_language"].items():
        print(f"  {lang}: macro-F1 with fallback {s['macro_f1_fallback']:.4f}, first guess "
              f"{s['macro_f1_first_guess']:.4f} ({summary['scored']}, n={s['n']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
