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


def run(config: str, n_folds: int, seed: int) -> tuple[List[dict], List[float]]:
    import rasa.model_training
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    sys.path.insert(0, str(ROOT / "scripts"))
    from cross_validate import language_of_examples

    data = load_data(str(ROOT / "data" / "nlu"))
    examples = data.intent_examples
    languages = language_of_examples()
    folds = make_folds([e.get("intent") for e in examples], n_folds, seed)
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
                                "gold": examples[i].get("intent"), "ranking": ranking})
            Path(model).unlink()
            print(f"  fold {fold}: trained in {train_seconds[-1]} s, accuracy "
                  f"{sum(r['ranking'][0][0] == r['gold'] for r in records if r['fold'] == fold) / len(texts):.3f}",
                  flush=True)
    return records, train_seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config", nargs="?", default="config.yml")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--name", help="results/oof/<name>/ (default: the config's file name)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # else every parse is logged
    out = ROOT / "results" / "oof" / (args.name or Path(args.config).stem)
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    records, train_seconds = run(args.config, args.folds, args.seed)
    with (out / "predictions.jsonl").open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    summary = {"config": args.config, "folds": args.folds, "seed": args.seed,
               "seconds": round(time.monotonic() - started), "train_seconds_per_fold": train_seconds,
               **summarise(records)}
    (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    acc = summary["accuracy_mean_sd"]
    print(f"{args.config}: {args.folds}-fold out-of-fold run (seed {args.seed}) in {summary['seconds']} s")
    print(f"  test accuracy {acc[0]:.3f} (sd {acc[1]:.3f}), macro-F1 {summary['macro_f1']:.3f}")
    print("  accuracy per language: " + ", ".join(
        f"{lang} {value:.3f} (n={summary['n'][lang]})" for lang, value in summary["accuracy_per_language"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
