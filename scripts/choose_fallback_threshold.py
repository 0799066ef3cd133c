"""Choose the FallbackClassifier's threshold / ambiguity threshold on out-of-fold predictions of the training data.

    .venv/bin/python scripts/choose_fallback_threshold.py results/oof/<name>/predictions.jsonl

Input: `scripts/oof_intents.py`'s out-of-fold rankings (5-fold cross-validation on the training data; the
held-out test set is not read). For every (threshold, ambiguity) pair in the grid, every message gets what the
FallbackClassifier would do with its ranking: a clarifying question when the top confidence is below the
threshold or the top two are closer than the ambiguity threshold (exactly Rasa's rule, strict `<`), otherwise
the classifier's first guess, which is right or wrong.

Criterion (fixed before any out-of-fold numbers were looked at):

    cost = wrong answers + 0.5 x clarifying questions        (per turn, both languages together)

the setting with the lowest cost wins; settings within 0.001 of the lowest cost count as a tie, and of those the
one with the fewest clarifying questions (then the lowest threshold) wins. A clarifying question costs the user one
click (it offers the two likeliest topics as buttons), a wrong answer sends them down the wrong path until they
notice and rephrase, hence half. Why this criterion is meaningful on out-of-fold data, which is much harder than
the held-out chat (first-guess accuracy ~0.81 vs ~0.93): it amounts to a rule per message — ask when the first
guess is more likely wrong than right at that confidence — which depends on how confidence maps to correctness,
not on how many hard messages there are. A budget such as "questions <= 4 % of turns" would instead be tied to the
share of hard messages, which is far higher in the folds than in chat.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, Iterable, List, Sequence, Tuple

THRESHOLDS = tuple(round(0.10 + 0.05 * i, 2) for i in range(13))  # 0.10 ... 0.70
AMBIGUITIES = (0.0, 0.02, 0.05, 0.08, 0.10, 0.15)
CLARIFY_WEIGHT = 0.5
TIE = 0.001


def decide(ranking: Sequence[Sequence], threshold: float, ambiguity: float) -> str:
    """"clarify" where Rasa's FallbackClassifier predicts nlu_fallback, else the first-guess intent."""
    top = ranking[0][1]
    if top < threshold:
        return "clarify"
    if len(ranking) >= 2 and top - ranking[1][1] < ambiguity:
        return "clarify"
    return ranking[0][0]


def outcomes(records: Iterable[dict], threshold: float, ambiguity: float) -> Dict[str, int]:
    counts = {"n": 0, "right": 0, "wrong": 0, "clarify": 0}
    for record in records:
        decision = decide(record["ranking"], threshold, ambiguity)
        counts["n"] += 1
        counts["clarify" if decision == "clarify" else "right" if decision == record["gold"] else "wrong"] += 1
    return counts


def sweep(records: List[dict], thresholds: Sequence[float] = THRESHOLDS,
          ambiguities: Sequence[float] = AMBIGUITIES) -> List[dict]:
    langs = sorted({r.get("lang", "?") for r in records})
    rows = []
    for threshold in thresholds:
        for ambiguity in ambiguities:
            c = outcomes(records, threshold, ambiguity)
            row = {"threshold": threshold, "ambiguity": ambiguity, **c,
                   "wrong_rate": c["wrong"] / c["n"], "clarify_rate": c["clarify"] / c["n"],
                   "cost": (c["wrong"] + CLARIFY_WEIGHT * c["clarify"]) / c["n"]}
            for lang in langs:
                lc = outcomes([r for r in records if r.get("lang", "?") == lang], threshold, ambiguity)
                row[lang] = {k: lc[k] / lc["n"] for k in ("right", "wrong", "clarify")}
            rows.append(row)
    return rows


def choose(rows: List[dict]) -> dict:
    best = min(row["cost"] for row in rows)
    tied = [row for row in rows if row["cost"] <= best + TIE]
    return min(tied, key=lambda row: (row["clarify"], row["threshold"], row["ambiguity"]))


def table(rows: List[dict], chosen: dict, extra: Iterable[Tuple[float, float]] = ()) -> str:
    """Markdown: the chosen ambiguity's rows over all thresholds, plus the given (threshold, ambiguity) pairs."""
    wanted = [r for r in rows if r["ambiguity"] == chosen["ambiguity"]]
    wanted += [r for r in rows if (r["threshold"], r["ambiguity"]) in set(extra) and r not in wanted]
    langs = [k for k in rows[0] if isinstance(rows[0][k], dict)]
    head = "| threshold / ambiguity | right | wrong | clarify | cost | " + " | ".join(
        f"{lang} right / wrong / clarify" for lang in langs) + " |"
    lines = [head, "|" + "---|" * (5 + len(langs))]
    for r in wanted:
        mark = "**" if r is chosen else ""
        lines.append(f"| {mark}{r['threshold']:.2f} / {r['ambiguity']:.2f}{mark} | {r['right'] / r['n']:.3f} | "
                     f"{r['wrong_rate']:.3f} | {r['clarify_rate']:.3f} | {r['cost']:.4f} | " + " | ".join(
                         f"{r[lang]['right']:.3f} / {r[lang]['wrong']:.3f} / {r[lang]['clarify']:.3f}"
                         for lang in langs) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("predictions", help="results/oof/<name>/predictions.jsonl from scripts/oof_intents.py")
    args = parser.parse_args()
    path = Path(args.predictions)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = sweep(records)
    chosen = choose(rows)
    print(table(rows, chosen, extra=[(0.35, 0.05)]))
    print(f"\nchosen (cost = wrong + {CLARIFY_WEIGHT} x clarify, ties within {TIE} -> fewest clarifying questions): "
          f"threshold {chosen['threshold']:.2f}, ambiguity {chosen['ambiguity']:.2f}, cost {chosen['cost']:.4f}, "
          f"wrong {chosen['wrong_rate']:.3f}, clarify {chosen['clarify_rate']:.3f}")
    (path.parent / "threshold_sweep.json").write_text(json.dumps({"chosen": chosen, "rows": rows}, indent=1),
                                                      encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
