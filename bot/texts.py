"""Small user-visible text pieces that code puts around catalog content, in both languages.

Whole answers live in domain.yml as responses; these are only the labels inside lists. Every key has a
Dutch and an English text (tests/test_texts.py checks this and the Dutch readability).
"""
from __future__ import annotations

from bot.language import normalise_language

TEXTS = {
    "duration": {"nl": "Duur", "en": "Duration"},
    "diploma_needed": {"nl": "Diploma nodig", "en": "Diploma needed"},
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
    "examples": {"nl": "Bijvoorbeeld", "en": "For example"},
    "estimate": {"nl": "schatting", "en": "estimate"},
    "month": {"nl": "maand", "en": "month"},
    "year": {"nl": "jaar", "en": "year"},
    "and": {"nl": "en", "en": "and"},
    "first_step": {"nl": "eerste stap", "en": "first step"},
    "more_jobs": {"nl": "Meer banen", "en": "More jobs"},
    "how_to_become": {"nl": "Hoe word ik dit?", "en": "How do I get there?"},
    "salary_button": {"nl": "Wat verdien je?", "en": "What does it pay?"},
}


def t(key: str, lang: str) -> str:
    return TEXTS[key][normalise_language(lang)]


def join_words(items: list[str], lang: str) -> str:
    """['a', 'b', 'c'] -> 'a, b en c' / 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t('and', lang)} " + items[-1]
