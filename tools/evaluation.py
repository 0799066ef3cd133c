"""NLU figures on the held-out test set: ``python -m tools.evaluation [--check]``.

Loads the trained model once, parses every message in ``tests/nlu/<lang>.yml`` and prints, per language:
intent accuracy and macro-F1, the most frequent confusion pairs, entity precision/recall/F1 per entity
type (on canonical values), and how often the language decision is right. ``--check`` exits non-zero when a
figure is below ``tests/nlu/thresholds.yml``.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List

import yaml

ROOT = Path(__file__).resolve().parents[1]
TEST_DIR = ROOT / "tests" / "nlu"
LANGS = ("nl", "en")
ENTITY_TYPES = ("job_profile", "education_level", "location", "role")


CHAT_DIR = TEST_DIR / "chat"


def load_examples(lang: str, folder: Path = TEST_DIR):
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(folder / f"{lang}.yml"))
    for message in data.intent_examples:
        entities = {(e["entity"], str(e.get("value", e.get("text")))) for e in message.get("entities") or []}
        yield message.get("text"), message.get("intent"), entities


def normalise_example(text: str) -> str:
    return re.sub(r"[^\w ]", "", text.lower()).strip() or text.strip()


def leaked_examples() -> List[str]:
    """Held-out messages that also occur in the training data (after lowercasing, without punctuation)."""
    from rasa.shared.nlu.training_data.loading import load_data

    train = {normalise_example(m.get("text")) for m in load_data(str(ROOT / "data" / "nlu")).intent_examples}
    leaked = []
    for lang in LANGS:
        for folder in (TEST_DIR, CHAT_DIR):
            for text, _intent, _entities in load_examples(lang, folder):
                if normalise_example(text) in train:
                    leaked.append(f"{lang}: {text}")
    for message in multi_messages():
        if normalise_example(message["text"]) in train:
            leaked.append(f"{message['lang']}: {message['text']}")
    return leaked


def multi_messages() -> List[dict]:
    return yaml.safe_load((CHAT_DIR / "multi.yml").read_text(encoding="utf-8"))["messages"]


def read_intent(parsed: dict) -> str:
    """The intent a message was read as; several questions count as the first one's."""
    if parsed["intent"]["name"] == "multi_question" and parsed.get("parts"):
        return parsed["parts"][0]["intent"]
    return parsed["intent"]["name"]


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def intent_scores(gold: List[str], pred: List[str]) -> Dict[str, float]:
    labels = sorted(set(gold))
    per_label = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, pred))
        fp = sum(p == label and g != label for g, p in zip(gold, pred))
        fn = sum(g == label and p != label for g, p in zip(gold, pred))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per_label.append(f1(prec, rec))
    accuracy = sum(g == p for g, p in zip(gold, pred)) / len(gold)
    return {"accuracy": accuracy, "macro_f1": sum(per_label) / len(per_label)}


async def _parse_all(model_path: str) -> Dict[str, list]:
    from rasa.core.agent import Agent

    agent = Agent.load(model_path)
    results: Dict[str, list] = {}
    for lang, folder in [(lang, folder) for folder in (TEST_DIR, CHAT_DIR) for lang in LANGS]:
        rows = []
        for text, intent, entities in load_examples(lang, folder):
            parsed = await agent.parse_message(text)
            parsed["intent"] = {**parsed["intent"], "name": read_intent(parsed)}
            predicted = {(e["entity"], str(e["value"])) for e in parsed.get("entities", [])
                         if e["entity"] in ENTITY_TYPES}
            raw = next((r["name"] for r in parsed.get("intent_ranking", []) if r["name"] != "nlu_fallback"),
                       parsed["intent"]["name"])
            rows.append((text, intent, parsed["intent"]["name"], {e for e in entities if e[0] in ENTITY_TYPES},
                         predicted, raw))
        results[lang if folder == TEST_DIR else f"chat-{lang}"] = rows
    multi = []
    for message in multi_messages():
        parsed = await agent.parse_message(message["text"])
        found = [p["intent"] for p in parsed.get("parts") or []] if parsed["intent"]["name"] == "multi_question" \
            else [parsed["intent"]["name"]]
        multi.append((message["lang"], message["text"], message["parts"], found))
    results["multi"] = multi
    return results


def multi_scores(rows: list) -> Dict[str, Dict[str, float]]:
    """Per language: the share of questions (parts) that were answered or named, and of messages split into
    exactly their questions. Greetings, thanks, yes, no and "stop" are no questions of their own."""
    skip = {"greet", "thank", "affirm", "deny", "goodbye", "stop"}
    out = {}
    for lang in LANGS:
        mine = [r for r in rows if r[0] == lang]
        asked = sum(len([p for p in r[2] if p not in skip]) for r in mine)
        hit = sum(len([p for p in r[2] if p not in skip and p in r[3]]) for r in mine)
        exact = sum([p for p in r[2] if p not in skip] == [p for p in r[3] if p not in skip] for r in mine)
        out[lang] = {"n": len(mine), "parts_answered": hit / asked if asked else 0.0,
                     "messages_exact": exact / len(mine) if mine else 0.0}
    return out


def language_scores(rows_by_lang: Dict[str, list]) -> Dict[str, float]:
    from bot.core.language import decide_language, words

    sticky_ok = sticky_n = first_ok = first_n = 0
    for lang, rows in rows_by_lang.items():
        for text, intent, *_rest in rows:
            if intent == "switch_language":
                continue
            sticky_n += 1
            sticky_ok += decide_language(text, current=lang, intent=intent).language == lang
            if len(words(text)) >= 3:
                first_n += 1
                first_ok += decide_language(text, current=None, intent=intent).language == lang
    return {"language_sticky": sticky_ok / sticky_n, "language_first_turn": first_ok / first_n}


def entity_scores(rows_by_lang: Dict[str, list]) -> Dict[str, Dict[str, float]]:
    counts = defaultdict(lambda: Counter())
    for rows in rows_by_lang.values():
        for _t, _i, _p, gold, pred, _raw in rows:
            for kind in ENTITY_TYPES:
                g = {e for e in gold if e[0] == kind}
                p = {e for e in pred if e[0] == kind}
                counts[kind]["tp"] += len(g & p)
                counts[kind]["fp"] += len(p - g)
                counts[kind]["fn"] += len(g - p)
    out = {}
    for kind, c in counts.items():
        prec = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        rec = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        out[kind] = {"precision": prec, "recall": rec, "f1": f1(prec, rec), "support": c["tp"] + c["fn"]}
    return out


def evaluate(model_path: str) -> dict:
    started = time.monotonic()
    rows = asyncio.run(_parse_all(model_path))
    multi = rows.pop("multi")
    report = {"model": Path(model_path).name, "intents": {}, "confusions": {}, "multi": multi_scores(multi)}
    for lang, lang_rows in rows.items():
        gold = [r[1] for r in lang_rows]
        pred = [r[2] for r in lang_rows]
        raw = [r[5] for r in lang_rows]
        report["intents"][lang] = {**intent_scores(gold, pred), "n": len(gold),
                                   "fallback_rate": sum(p == "nlu_fallback" for p in pred) / len(pred),
                                   "top1_accuracy": intent_scores(gold, raw)["accuracy"]}
        report["confusions"][lang] = Counter(f"{g} -> {p}" for g, p in zip(gold, pred) if g != p).most_common(10)
    standard = {lang: rows[lang] for lang in LANGS}
    report["entities"] = entity_scores(standard)
    report["language"] = language_scores(standard)
    report["multi_errors"] = [(text, gold, found) for _l, text, gold, found in multi if gold != found]
    report["seconds"] = round(time.monotonic() - started, 1)
    report["errors"] = {lang: [(t, g, p) for t, g, p, *_rest in r if g != p] for lang, r in rows.items()}
    return report


def print_report(report: dict) -> None:
    print(f"\nNLU held-out evaluation ({report['model']}, {report['seconds']} s)")
    print("accuracy and macro-F1 count a fallback (a clarifying question) as wrong; top-1: the first guess")
    print(f"{'lang':<6}{'n':>6}{'accuracy':>10}{'macro-F1':>10}{'fallback':>10}{'top-1':>8}")
    for lang, s in report["intents"].items():
        print(f"{lang:<6}{s['n']:>6}{s['accuracy']:>10.3f}{s['macro_f1']:>10.3f}{s['fallback_rate']:>10.3f}"
              f"{s['top1_accuracy']:>8.3f}")
    print("chat-*: the held-out set of long, messy chat messages (tests/nlu/chat/)")
    for lang, m in report["multi"].items():
        print(f"several questions ({lang}, {m['n']} messages): {m['parts_answered']:.3f} of the questions "
              f"answered, {m['messages_exact']:.3f} of the messages split exactly")
    print(f"\n{'entity':<18}{'support':>8}{'precision':>10}{'recall':>8}{'F1':>7}")
    for kind, s in report["entities"].items():
        print(f"{kind:<18}{s['support']:>8}{s['precision']:>10.3f}{s['recall']:>8.3f}{s['f1']:>7.3f}")
    lang = report["language"]
    print(f"\nlanguage decision: sticky {lang['language_sticky']:.3f}, first turn (3+ words) "
          f"{lang['language_first_turn']:.3f}")
    for code, pairs in report["confusions"].items():
        if pairs:
            print(f"\nmost frequent confusions ({code}): " + "; ".join(f"{p} x{n}" for p, n in pairs))


def check(report: dict, thresholds: dict) -> List[str]:
    failures = []
    for lang, s in report["intents"].items():
        if lang.startswith("chat-"):
            if s["accuracy"] < thresholds["chat_intent_accuracy"]:
                failures.append(f"{lang} intent accuracy {s['accuracy']:.3f} < {thresholds['chat_intent_accuracy']}")
            continue
        if s["accuracy"] < thresholds["intent_accuracy"]:
            failures.append(f"{lang} intent accuracy {s['accuracy']:.3f} < {thresholds['intent_accuracy']}")
        if s["macro_f1"] < thresholds["intent_macro_f1"]:
            failures.append(f"{lang} intent macro-F1 {s['macro_f1']:.3f} < {thresholds['intent_macro_f1']}")
    for kind, s in report["entities"].items():
        if s["f1"] < thresholds["entity_f1"]:
            failures.append(f"entity {kind} F1 {s['f1']:.3f} < {thresholds['entity_f1']}")
    for lang, m in report["multi"].items():
        if m["parts_answered"] < thresholds["multi_parts_answered"]:
            failures.append(f"{lang} questions answered {m['parts_answered']:.3f} "
                            f"< {thresholds['multi_parts_answered']}")
    for key in ("language_sticky", "language_first_turn"):
        if report["language"][key] < thresholds[key]:
            failures.append(f"{key} {report['language'][key]:.3f} < {thresholds[key]}")
    return failures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail below tests/nlu/thresholds.yml")
    parser.add_argument("--model", help="model file (default: the current one)")
    parser.add_argument("--json", help="also write the full report (with every error) to this file")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    from bot.cli import modelcache

    model = args.model or str(modelcache.model_path())
    if not Path(model).exists():
        print(f"no model at {model}: run `make train` first", file=sys.stderr)
        return 2
    report = evaluate(model)
    print_report(report)
    out = Path(args.json) if args.json else ROOT / "results" / "nlu_heldout.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    leaked = leaked_examples()
    print(f"\nheld-out messages also in the training data: {len(leaked)}")
    if args.check:
        failures = check(report, yaml.safe_load((TEST_DIR / "thresholds.yml").read_text()))
        failures += [f"held-out message is in the training data: {x}" for x in leaked]
        for failure in failures:
            print(f"BELOW THRESHOLD: {failure}", file=sys.stderr)
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
