"""Small user-visible text pieces that code puts around catalog content, in every language.

Whole answers are responses of the Rasa domain; these are only the labels inside lists. The texts are in the
message catalogs under ``text.<name>`` (bot/core/messages.py, locale/); ``TEXTS[name][language]`` reads them.
"""
from __future__ import annotations

from bot.core import messages
from bot.core.language import normalise_language

PREFIX = "text."
TEXTS = messages.table(PREFIX)
# Short month names, for event dates ("12 mrt 2027").
MONTHS = {language: tuple(names.split()) for language, names in TEXTS.pop("months").items()}


def t(key: str, lang: str, **values: str) -> str:
    text = TEXTS[key][normalise_language(lang)]
    return text.format(**values) if values else text


def join_words(items: list[str], lang: str) -> str:
    """['a', 'b', 'c'] -> 'a, b en c' / 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t('and', lang)} " + items[-1]
