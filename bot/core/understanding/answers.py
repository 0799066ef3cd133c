"""Understand short form answers in Dutch or English: ages, yes/no, work situation, partner, place.

Each parser returns a canonical value, :data:`bot.core.eligibility.UNKNOWN` for "weet ik niet / don't know", or
None when the text is not an answer to the question (the form then asks again, kindly).
"""
from __future__ import annotations

import re
from typing import Optional

from bot.core.eligibility import UNKNOWN
from bot.core.person.age import plausible_age
from bot.core.understanding.entities import fold, words_of

DONT_KNOW = re.compile(
    r"\b(weet (ik )?(het )?niet|weetniet|geen idee|geen flauw idee|idk|i don'?t know|dont know|don'?t know|"
    r"no idea|not sure|niet zeker|dunno|weet ik veel|geen idee eigenlijk|wn)\b")

NUMBER_WORDS = {
    "achttien": 18, "negentien": 19, "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "zestien": 16, "zeventien": 17, "sixteen": 16, "seventeen": 17, "vijftien": 15, "fifteen": 15,
}
UNITS = {"een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
         "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
TENS = {"twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70,
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}

YES = {"ja", "jaa", "jep", "jup", "yes", "yess", "yep", "yeah", "ya", "zeker", "klopt", "jazeker", "wel", "sure",
       "correct", "ok", "oke", "oké", "okay", "ofc", "natuurlijk", "true", "y", "j"}
NO = {"nee", "neen", "nope", "no", "nah", "niet", "geen", "never", "nooit", "n", "neej", "nö", "false"}

WORK_PATTERNS = [
    ("unemployed_ww", r"\bww\b|werkloosheidswet|werkloosheidsuitkering|unemployment benefit|uwv"),
    ("bijstand", r"bijstand|participatiewet|welfare|social assistance|uitkering van de gemeente|gemeente uitkering"),
    ("student", r"studiefinanciering|studiefinancering|\bstufi\b|student finance|\bstudeer\b|\bstudent\b|"
                r"\bop school\b|\bi study\b|\bstudying\b|\bscholier\b|\bduo\b"),
    ("self_employed", r"\bzzp|zelfstandige|freelance|self[- ]?employed|eigen bedrijf|ondernemer|own business"),
    ("none_other", r"geen werk|werk niet|niet werk|no work|don'?t work|not working|no job|jobless|werkloos|"
                   r"unemployed|zonder werk|without work"),
    ("employed", r"\bik werk\b|\bi work\b|\bbaan\b|in loondienst|\bemployed\b|\bjob\b|parttime|part-time|"
                 r"fulltime|full-time|\bwerk\b|\bworking\b"),
    ("none_other", r"geen werk|geen uitkering|niks|nothing|no job|jobless|werkloos|unemployed|thuis|at home|"
                   r"huisvrouw|housewife|none"),
]

PARTNER_PATTERNS = [
    # a negation first: "partner werkt niet" (also the button's own text) must not read as "werkt"
    ("other", r"werkt niet|studeert niet|niet werkt|werkt en studeert niet|doesn'?t work|does not work|"
              r"not working|neither works|no job"),
    ("no_partner", r"geen partner|alleenstaand|single|no partner|alleen|alone|gescheiden|divorced"),
    ("works_or_studies", r"werkt|studeert|works|studies|working|studying|ja|yes|klopt"),
    ("other", r"niet|doesn'?t|does not|nee|no|thuis|at home"),
]


def is_dont_know(text: str) -> bool:
    return bool(DONT_KNOW.search(fold(text or "")))


def parse_age(text: str) -> Optional[object]:
    """'24', 'ik ben 24', 'I'm twenty two', 'vierentwintig' -> 24; 'weet ik niet' -> UNKNOWN."""
    folded = fold(text or "")
    if is_dont_know(folded):
        return UNKNOWN
    numbers = [int(n) for n in re.findall(r"\b(\d{1,3})\b", folded)]
    for n in numbers:
        if plausible_age(n):
            return n
    tokens = words_of(folded)
    for i, tok in enumerate(tokens):
        m = re.fullmatch(r"(een|twee|drie|vier|vijf|zes|zeven|acht|negen)en(twintig|dertig|veertig|vijftig|zestig"
                         r"|zeventig)", tok)
        if m:
            return UNITS[m.group(1)] + TENS[m.group(2)]
        if tok in TENS and i + 1 < len(tokens) and tokens[i + 1] in UNITS:
            return TENS[tok] + UNITS[tokens[i + 1]]
        if tok in NUMBER_WORDS:
            return NUMBER_WORDS[tok]
    for part in re.findall(r"(twenty|thirty|forty|fifty|sixty|seventy)[- ](one|two|three|four|five|six|seven|eight|"
                           r"nine)", folded):
        return TENS[part[0]] + UNITS[part[1]]
    return None


def age_correction(text: str) -> Optional[int]:
    """An age stated anywhere in a message ('oh wacht, ik ben 24', 'actually I'm 31') or None."""
    folded = fold(text or "")
    m = re.search(r"\b(ik ben|i am|i'?m|im|age|leeftijd|ben)\s+(nu\s+)?(\d{1,3})\b|\b(\d{1,3})\s*(jaar|years?|jr)\b",
                  folded)
    if not m:
        return None
    n = int(m.group(3) or m.group(4))
    return n if plausible_age(n) else None


def parse_yes_no(text: str) -> Optional[str]:
    folded = fold(text or "")
    if is_dont_know(folded):
        return UNKNOWN
    tokens = words_of(folded)
    if any(t in NO for t in tokens) or "don't" in folded or "dont" in folded:
        return "no"
    if any(t in YES for t in tokens) or folded.strip() in {"👍", "✅"}:
        return "yes"
    if folded.strip() in {"👎", "❌"}:
        return "no"
    return None


def _first_pattern(text: str, patterns) -> Optional[str]:
    if any(text == value for value, _pattern in patterns):
        return text  # already a value (from the profile or a button), not a sentence to read
    folded = fold(text or "")
    if is_dont_know(folded):
        return UNKNOWN
    for value, pattern in patterns:
        if re.search(pattern, folded):
            return value
    return None


def parse_work_situation(text: str) -> Optional[str]:
    return _first_pattern(text, WORK_PATTERNS)


def parse_partner(text: str) -> Optional[str]:
    return _first_pattern(text, PARTNER_PATTERNS)


def parse_place(text: str) -> Optional[str]:
    from bot.core.understanding.entities import default_matcher

    if is_dont_know(text):
        return UNKNOWN
    for entity in default_matcher().find(text or ""):
        if entity.entity == "location":
            return entity.value
    folded = fold(text or "").strip()
    if re.fullmatch(r"[a-z][a-z' -]{1,40}", folded):
        return "elsewhere"  # a place we don't know: outside the region
    return None
