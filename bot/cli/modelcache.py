"""Train the Rasa model only when its inputs changed.

The model file is named after a hash of everything that shapes it (config, domain, training data, catalog
synonyms and the custom NLU component code), so an unchanged project reuses ``models/tc-<hash>.tar.gz``.
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Iterable, List

from bot.core.paths import PROJECT_ROOT

ROOT = PROJECT_ROOT
MODELS_DIR = ROOT / "models"
TRAINING_DATA = ("data/nlu", "data/rules", "data/stories.yml")
# Catalog files whose names and synonyms end up in the entity lexicon of the model.
LEXICON_FILES = ("data/catalog/job_profiles.yml", "data/catalog/education_levels.yml",
                 "data/catalog/locations.yml", "data/catalog/lexicon.yml", "data/catalog/providers.yml",
                 "data/catalog/outside_topics.yml", "data/catalog/unsupported_languages.yml")
INPUTS = ("config.yml", "domain", *TRAINING_DATA, *LEXICON_FILES, "bot/rasa_ext/nlu",
          "bot/core/understanding/part_model.py", "bot/core/understanding/outside.py",
          "bot/core/understanding/foreign.py", "bot/core/understanding/entities.py", "pyproject.toml")


def _files(paths: Iterable[str]) -> List[Path]:
    out: List[Path] = []
    for rel in paths:
        path = ROOT / rel
        if path.is_dir():
            out.extend(p for p in sorted(path.rglob("*")) if p.is_file() and "__pycache__" not in p.parts)
        elif path.is_file():
            out.append(path)
    return out


def inputs_hash() -> str:
    digest = hashlib.sha256()
    for path in _files(INPUTS):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def model_path() -> Path:
    return MODELS_DIR / f"tc-{inputs_hash()}.tar.gz"


def train(path: Path) -> int:
    """Run ``rasa train`` into ``path``; older tc-* models are removed after a successful training."""
    MODELS_DIR.mkdir(exist_ok=True)
    name = path.name[: -len(".tar.gz")]
    log = ROOT / "var" / "train.log"
    log.parent.mkdir(exist_ok=True)
    # Rasa's own output (progress bars, library warnings) goes to the log: `make chat` shows only this line.
    print(f"training the Rasa model ({name}); this takes a few minutes on 2 cores (log: var/train.log)...",
          flush=True)
    cmd = [sys.executable, "-m", "rasa", "train", "--fixed-model-name", name, "--out", str(MODELS_DIR),
           "--force", "--config", "config.yml", "--domain", "domain", "--data", *TRAINING_DATA]
    with log.open("w") as out:
        code = subprocess.call(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    if code != 0:
        print(f"training failed (exit {code}); the end of var/train.log:", file=sys.stderr)
        print("\n".join(log.read_text(errors="replace").splitlines()[-40:]), file=sys.stderr)
    if code == 0:
        for old in MODELS_DIR.glob("tc-*.tar.gz"):
            if old != path:
                old.unlink()
    return code
