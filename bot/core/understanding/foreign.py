"""Languages we don't speak yet: a short reply in the user's language (data/catalog/unsupported_languages.yml,
machine-written and marked for review by a native speaker) and a word list to recognise them."""
from __future__ import annotations

from functools import lru_cache
from typing import Dict, List

import yaml

from bot.core.understanding.entities import CATALOG_DIR

LANGUAGES_FILE = CATALOG_DIR / "unsupported_languages.yml"


@lru_cache(maxsize=1)
def _languages() -> Dict[str, Dict]:
    return (yaml.safe_load(LANGUAGES_FILE.read_text(encoding="utf-8")) or {}).get("languages", {})


def reply_in(code: str) -> str:
    entry = _languages().get(code)
    return entry["reply"] if entry else ""


def detect_words() -> Dict[str, List[str]]:
    return {code: [w.lower() for w in entry.get("detect", [])] for code, entry in _languages().items()
            if isinstance(entry, dict) and entry.get("detect")}
