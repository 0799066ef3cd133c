"""Train each NLU pipeline in docs/pipelines/ and evaluate it on the held-out set.

    .venv/bin/python scripts/compare_pipelines.py [config.yml ...]

Prints one row per pipeline: training time, model size, held-out accuracy/macro-F1/top-1 per language.
Results are appended to results/pipeline_comparison.jsonl; docs/nlu-pipelines.md records the table.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.evaluation import evaluate  # noqa: E402


def main(configs):
    out_dir = ROOT / "results" / "pipelines"
    out_dir.mkdir(parents=True, exist_ok=True)
    configs = configs or sorted(str(p) for p in (ROOT / "docs" / "pipelines").glob("*.yml"))
    for config in configs:
        name = Path(config).stem
        started = time.monotonic()
        subprocess.run([str(Path(sys.executable).parent / "rasa"), "train", "nlu", "--config", config, "--nlu",
                        "data/nlu", "--out", str(out_dir), "--fixed-model-name", name], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.monotonic() - started
        model = out_dir / f"{name}.tar.gz"
        report = evaluate(str(model))
        row = {"pipeline": name, "train_s": round(seconds), "size_mb": round(model.stat().st_size / 1e6, 1),
               **{f"{lang}_{k}": round(v, 3) for lang, s in report["intents"].items() for k, v in s.items()
                  if k != "n"}}
        print(json.dumps(row), flush=True)
        with (ROOT / "results" / "pipeline_comparison.jsonl").open("a") as fh:
            fh.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
