"""5-fold cross-validation of an NLU pipeline on the training data, with Rasa's own `rasa test nlu --cross-validation`.

    .venv/bin/python scripts/cross_validate.py [config.yml | docs/pipelines/<file>.yml] [--folds 5]

Rasa trains the pipeline once per fold on the other folds and tests it on the held-back one. Printed: test
accuracy and weighted F1 as mean (sd) over the folds, macro-F1 over all held-back predictions (intent_report.json),
and the accuracy per language (which file a message came from). Each fold is a full NLU training, so this takes
about five trainings' time. Results go to results/cv/<config name>/.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = ROOT / ".venv" / "bin"


def language_of_examples() -> dict:
    from rasa.shared.nlu.training_data.loading import load_data

    return {m.get("text"): lang for lang in ("nl", "en")
            for m in load_data(str(ROOT / "data" / "nlu" / lang)).intent_examples}


def summarise(out: Path, log: str) -> dict:
    folds = {m.group(1): (float(m.group(2)), float(m.group(3)))
             for m in re.finditer(r"test (Accuracy|F1-score|Precision): ([\d.]+) \(([\d.]+)\)", log)}
    report = json.loads((out / "intent_report.json").read_text(encoding="utf-8"))
    errors = json.loads((out / "intent_errors.json").read_text(encoding="utf-8"))
    languages = language_of_examples()
    totals = Counter(languages.values())
    wrong = Counter(languages.get(e["text"], "?") for e in errors)
    return {
        "accuracy_mean_sd": folds.get("Accuracy"),
        "weighted_f1_mean_sd": folds.get("F1-score"),
        "macro_f1": report["macro avg"]["f1-score"],
        "accuracy_per_language": {lang: 1 - wrong[lang] / totals[lang] for lang in ("nl", "en")},
        "n": {lang: totals[lang] for lang in ("nl", "en")},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config", nargs="?", default="config.yml")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    out = ROOT / "results" / "cv" / Path(args.config).stem
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    run = subprocess.run(
        [str(BIN / "rasa"), "test", "nlu", "--nlu", "data/nlu", "--config", args.config, "--cross-validation",
         "--folds", str(args.folds), "--out", str(out), "--no-plot"],
        cwd=ROOT, capture_output=True, text=True)
    log = run.stdout + run.stderr
    (out / "cv.log").write_text(log, encoding="utf-8")
    if run.returncode != 0:
        print(log[-3000:], file=sys.stderr)
        return run.returncode
    summary = {"config": args.config, "folds": args.folds, "seconds": round(time.monotonic() - started),
               **summarise(out, log)}
    (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    acc, f1w = summary["accuracy_mean_sd"], summary["weighted_f1_mean_sd"]
    print(f"{args.config}: {args.folds}-fold CV in {summary['seconds']} s")
    print(f"  test accuracy {acc[0]:.3f} (sd {acc[1]:.3f}), weighted F1 {f1w[0]:.3f} (sd {f1w[1]:.3f}), "
          f"macro-F1 {summary['macro_f1']:.3f}")
    print("  accuracy per language: " + ", ".join(
        f"{lang} {value:.3f} (n={summary['n'][lang]})" for lang, value in summary["accuracy_per_language"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
