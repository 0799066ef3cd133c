"""Every user-visible text, by key, in one gettext message catalog per language.

``locale/<language>/LC_MESSAGES/messages.po`` holds the texts (what translators' tools read and write);
``locale/messages.pot`` is the template with every key and, as a comment, the Dutch text. Keys:

- ``utter_x``, ``utter_x.button.N`` (and ``utter_x.button.N.payload`` where a button's answer is words, such as
  "bijstand" / "welfare"): the responses of the Rasa domain, which hold the keys only
  (bot/rasa_ext/nlg.py renders them);
- ``text.<name>``: the small pieces code puts around catalog content (bot/core/texts.py).

Dutch is the source language: a key missing in another catalog falls back to Dutch, so a new language can be
added catalog by catalog. ``tests/test_messages.py`` checks that every shipped language has every key and that the
Dutch stays at B1. Adding a language: its catalog here, its NLU data, and its code in bot/core/language.py.
"""
from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, Tuple

from babel import Locale
from babel.messages.pofile import read_po

from bot.core.paths import PROJECT_ROOT

LOCALE_DIR = PROJECT_ROOT / "locale"
SOURCE_LANGUAGE = "nl"
DOMAIN = "messages"


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=None)
def languages() -> Tuple[str, ...]:
    """The languages that have a catalog, the source language first."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return tuple(sorted(found, key=lambda code: code != SOURCE_LANGUAGE))


@lru_cache(maxsize=None)
def catalog(language: str) -> Dict[str, str]:
    """key -> text of one language's catalog (untranslated and fuzzy entries left out)."""
    path = catalog_path(language)
    if not path.exists():
        return {}
    with path.open("rb") as f:
        po = read_po(f, locale=language, domain=DOMAIN)
    return {m.id: m.string for m in po if m.id and m.string and not m.fuzzy}


def text(key: str, language: str) -> str:
    """The text of ``key`` in ``language``, else in Dutch; KeyError if the key exists in neither."""
    found = catalog(language).get(key)
    if found is None:
        return catalog(SOURCE_LANGUAGE)[key]
    return found


def has(key: str, language: str) -> bool:
    return key in catalog(language)


def keys(prefix: str = "") -> Iterable[str]:
    """The source catalog's keys that start with ``prefix``."""
    return [key for key in catalog(SOURCE_LANGUAGE) if key.startswith(prefix)]


def table(prefix: str) -> Dict[str, Dict[str, str]]:
    """name -> {language: text} for every key ``prefix + name`` ("text.", "terminal."), in every language."""
    return {key[len(prefix):]: {language: text(key, language) for language in languages()} for key in keys(prefix)}


def translate_variation(variation: Dict[str, Any], language: str) -> Dict[str, Any]:
    """A response variation of the domain (keys as text and button titles) with the texts of ``language``, and the
    button answers in words of that language where the catalog has them."""
    translated = copy.deepcopy(variation)
    if isinstance(translated.get("text"), str) and has(translated["text"], SOURCE_LANGUAGE):
        translated["text"] = text(translated["text"], language)
    for button in translated.get("buttons") or []:
        key = button.get("title")
        if isinstance(key, str) and has(key, SOURCE_LANGUAGE):
            button["title"] = text(key, language)
            if has(f"{key}.payload", language):
                button["payload"] = text(f"{key}.payload", language)
    return translated


@lru_cache(maxsize=None)
def direction(language: str) -> str:
    """'rtl' for a right-to-left language (Arabic), else 'ltr' (CLDR data, via Babel)."""
    try:
        return Locale.parse(language).text_direction
    except (ValueError, LookupError):
        return "ltr"
