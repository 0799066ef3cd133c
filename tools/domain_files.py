"""The Rasa domain and rules as plain data for tests and tools: Rasa reads the folders domain/ and data/rules/
(one file per feature); these merge them the same way."""
from __future__ import annotations

from typing import Any, Dict

import yaml

from bot.core.paths import PROJECT_ROOT
from bot.core.understanding.routes import RULES_DIR, load_rules  # noqa: F401 (one loader of the rules)

DOMAIN_DIR = PROJECT_ROOT / "domain"


def load_domain() -> Dict[str, Any]:
    merged: Dict[str, Any] = {}
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        for key, value in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            elif isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            else:
                merged[key] = value
    return merged


def rules_text() -> str:
    return "".join(path.read_text(encoding="utf-8") for path in sorted(RULES_DIR.glob("*.yml")))
