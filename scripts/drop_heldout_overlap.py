"""Remove training examples that equal or nearly equal a held-out test message (tests/nlu/, tests/nlu/chat/),
which keeps `make eval` honest.

    .venv/bin/python scripts/drop_heldout_overlap.py [--ratio 0.8] [--files data/nlu/en/new.yml ...]

Near-equal: difflib ratio >= 0.8 on lowercased text without punctuation (messages of 8+ characters).
--files: only these training files are checked (a new data round; default: every data/nlu/*/*.yml file).
Prints only how many lines were removed per file, never a held-out message.
"""
import argparse
import difflib
import glob
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasa.shared.nlu.training_data.loading import load_data  # noqa: E402

from tools.evaluation import normalise_example  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ratio", type=float, default=0.8)
    parser.add_argument("--files", nargs="*", help="only these training files (default: all of data/nlu/*/*.yml)")
    args = parser.parse_args()
    test = set()
    for lang in ("nl", "en"):
        for held_out in (f"tests/nlu/{lang}.yml", f"tests/nlu/chat/{lang}.yml"):
            examples = load_data(str(ROOT / held_out)).intent_examples
            test |= {normalise_example(m.get("text")) for m in examples}
    multi = yaml.safe_load((ROOT / "tests/nlu/chat/multi.yml").read_text(encoding="utf-8"))["messages"]
    test |= {normalise_example(m["text"]) for m in multi}
    long_tests = [t for t in test if len(t) >= 8]
    removed = 0
    for path in args.files or glob.glob(str(ROOT / "data/nlu/*/*.yml")):
        kept, before = [], removed
        for line in Path(path).read_text(encoding="utf-8").split("\n"):
            m = re.match(r"^(\s{4,})- (.*)$", line)
            if m:
                n = normalise_example(m.group(2))
                near = len(n) >= 8 and any(abs(len(t) - len(n)) < 15 and
                                           difflib.SequenceMatcher(None, n, t).ratio() >= args.ratio
                                           for t in long_tests)
                if n in test or near:
                    removed += 1
                    continue
            kept.append(line)
        Path(path).write_text("\n".join(kept), encoding="utf-8")
        if removed > before:
            print(f"{path}: {removed - before} removed")
    print(f"removed {removed} training examples that matched held-out messages")


if __name__ == "__main__":
    main()
