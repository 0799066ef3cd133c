"""Questions about a school's age limit ("mag ik met 15 naar Codam?"): answered from the catalog's admission
rules (courses.yml `min_age` / `max_age`, each with its source), for the age the person gave."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, Optional, Tuple

import yaml

from bot.core.person.age import within_limits
from bot.core.texts import t
from bot.core.understanding.entities import CATALOG_DIR, default_matcher, fold

# "mag ik met 15 naar codam?", "ben ik oud genoeg voor de piscine", "can I join codam at 16?"
ASKS_AGE_RULE = re.compile(
    r"\b(te jong|oud genoeg|hoe oud moet|leeftijd\w*|old enough|too young|how old|age limit|minimum age)\b|"
    r"\b(mag|kan|kun|can|may)\s+(ik|i)\b.{0,40}\b(met|als ik|at|when i'?m|if i'?m|aged?)\s+\d{1,2}\b|"
    r"\b(ik ben|i'?m|i am)\s+\d{1,2}\b.{0,40}\b(mag|kan|kun|can|may)\s+(ik|i)\b|"
    r"\b\d{1,2}\b.{0,40}\b(mag|kan|kun|can|may)\s+(ik|i)\b.{0,30}\b(naar|bij|join|go|apply|start)\b|"
    r"\b(mag|kan|kun|can|may)\s+(ik|i)\b.{0,20}\b(nu al|al|wel|already|now)\b.{0,20}\b(naar|bij|join|go|apply|start)\b|"
    r"\b(kan|mag|can)\s+(nie|niet|not)\b|\bcan'?t (go|join)\b")


@lru_cache(maxsize=1)
def age_rules() -> Dict[str, Tuple[Optional[int], Optional[int]]]:
    """Per provider: the lowest minimum and highest maximum age its courses state (None: no limit stated)."""
    rules: Dict[str, Tuple[Optional[int], Optional[int]]] = {}
    for course in yaml.safe_load((CATALOG_DIR / "courses.yml").read_text(encoding="utf-8"))["courses"]:
        low, high = course.get("min_age"), course.get("max_age")
        if low is None and high is None:
            continue
        old_low, old_high = rules.get(course["provider"], (low, high))
        rules[course["provider"]] = (min(x for x in (low, old_low) if x is not None) if low or old_low else None,
                                     max(x for x in (high, old_high) if x is not None) if high or old_high else None)
    return rules


def provider_asked(text: str) -> Optional[str]:
    """The provider with an age rule that ``text`` asks about, if it asks about one."""
    folded = fold(text or "")
    if not ASKS_AGE_RULE.search(folded):
        return None
    named = [e.value for e in default_matcher().find(folded) if e.entity == "provider"]
    return next((p for p in named if p in age_rules()), None)


@lru_cache(maxsize=1)
def _provider_names() -> Dict[str, str]:
    data = yaml.safe_load((CATALOG_DIR / "providers.yml").read_text(encoding="utf-8"))
    return {p["id"]: p["name"] for p in data["providers"]}


def age_fits(provider_id: str, age) -> bool:
    """True when a known age is within the provider's limits."""
    try:
        age = int(age)
    except (TypeError, ValueError):
        return False
    return within_limits(age, *age_rules().get(provider_id, (None, None)))


def admission_answer(provider_id: str, age, lang: str) -> str:
    """"Codam is vanaf 18 jaar. Je bent 15. Dat kan dus nog niet: ..." for the age given (or a question for it)."""
    provider_name = _provider_names().get(provider_id, provider_id)
    low, high = age_rules().get(provider_id, (None, None))
    rule = t("age_rule_from", lang, provider=provider_name, age=low) if low is not None else \
        t("age_rule_until", lang, provider=provider_name, age=high)
    try:
        age = int(age)
    except (TypeError, ValueError):
        return f"{rule} {t('age_rule_tell_age', lang)}"
    if within_limits(age, low, high):
        return f"{rule} {t('age_rule_fits', lang, age=age)}"
    if low is not None and age < low:
        return f"{rule} {t('age_rule_too_young', lang, age=age, wait=low - age)}"
    return f"{rule} {t('age_rule_too_old', lang, age=age)}"


# "is mijn klant van 52 te oud?", "my client is 45, too old?", "mijn zoon is 15, te jong?": someone else's age
_THEIR_AGE = re.compile(
    r"\b(?:mijn|my|onze|our|een|a)\s+(?:\w+\s+)?(klant|client|zoon|son|dochter|daughter|kind|child|leerling|pupil|"
    r"student|medewerker|employee|werknemer|collega|colleague)\b[^.?!]{0,25}?\b(?:van|of|is|,|aged?)?\s*(\d{2})\b")
# (not "a single father, 43": a word for what the writer is, before their own age)
_AGED_NOUN = re.compile(r"\b(\d{2})[- ]?(?:year|years|jaar|jarige)[- ]?(?:old|oude)?\s+(?:klant|client|zoon|son|"
                        r"dochter|daughter|kind|child|leerling|pupil|student|medewerker|employee|werknemer)\b")


def their_age(text: str) -> Optional[int]:
    """The age of the person the writer asks about, when the message gives one for someone else."""
    folded = fold(text or "")
    before_noun = _AGED_NOUN.search(folded)
    if before_noun:
        return int(before_noun.group(1))
    m = _THEIR_AGE.search(folded)
    if m is None or re.search(r"\b(?:ik ben|i am|i'?m)\s*$", folded[:m.start()]):
        return None  # "I am a student, 19": the writer
    return int(m.group(2))


def age_answer_for_someone_else(age: int, lang: str) -> str:
    """"Is mijn klant van 52 te oud?": the answer about that person, not "je bent niet te oud"."""
    if age < 18:
        return t("age_other_young", lang, age=age)
    return t("age_other_not_too_old", lang, age=age)
