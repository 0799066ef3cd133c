"""What a counsellor or job coach asks about referral codes, read from the text: make one (for one person, for a
whole class, or one each for N people), list them, revoke one, stop making them, or what students see.

Rasa-free, so bot/core/understanding/fit.py can route a message with it and the actions can read the details.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional

from bot.core.understanding.entities import fold

MAKE, LIST, REVOKE, HOW_REVOKE, STOP_MAKING, EXPLAIN = "make", "list", "revoke", "how_revoke", "stop_making", "explain"

_CODE_WORD = re.compile(r"\b(?:code|codes|verwijscode\w*|referral code\w*|toegangscode\w*)\b")
# Ours have six letters and digits with at least one digit; a mistyped one may be a little longer or shorter.
_CODE_TOKEN = re.compile(r"\b(?=[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[a-z0-9]{5,8}\b")
_REVOKE = re.compile(r"\b(intrek\w*|trek\w*\b.{0,40}\bin|revoke\w*|withdraw\w*|cancel\w*|verwijder\w*|delete\w*|"
                     r"schrap\w*|ongeldig\w*|invalid\w*|deactiv\w*|disable\w*|uitzet\w*|zet\b.{0,30}\buit|"
                     r"haal\b.{0,30}\bweg|weghal\w*|weg ?halen|remove\w*|get rid of|stop\w* (?:die|de|deze|that|the)"
                     r" code|werkt niet meer moet|mag niet meer (?:werken|gebruikt))\b")
_STOP_MAKING = re.compile(r"\b(stop\w* (?:met )?(?:nieuwe )?codes? (?:te )?maken|stop (?:met )?(?:codes? )?maken|"
                          r"stop making|stop creating|geen (?:nieuwe )?codes? meer|no (?:more|new) codes?|"
                          r"(?:don'?t|do not) (?:want to )?make (?:any )?(?:new|more)|wil geen nieuwe)\b")
_HOW = re.compile(r"\b(hoe|how|kan ik|can i|waar|where)\b")
_NOT_CODES = re.compile(r"\b(gegevens|data|alles|everything|profiel|profile|gesprek|conversation|account)\b")
_LIST = re.compile(r"\b(welke codes|mijn (?:verwijs)?codes|my (?:referral )?codes|which codes|codes (?:heb|have) "
                   r"(?:ik|i)|laat .{0,25}codes? zien|show .{0,25}codes?|list .{0,20}codes?|overzicht .{0,20}codes?)\b")
SEE = re.compile(r"\b(wat zien|wat ziet|what do(?:es)? .{0,30}see|what will .{0,30}see|what can .{0,30}see|"
                  r"te zien|krijg\w* .{0,20}te zien|wat krijg\w* .{0,20}te zien)\b")
_AUDIENCE = re.compile(r"\b(leerling\w*|student\w*|pupil\w*|klant\w*|client\w*|deelnemer\w*|participant\w*|"
                       r"decaan|begeleider|counsellor|counselor|coach|jobcoach|code\w*)\b")
_SEE_ELSEWHERE = re.compile(r"\b(open dag\w*|open day\w*|proefles\w*|trial|les|lesson\w*|werkdag|op een dag|in a day|"
                            r"working day|bedrijf|company|beurs|fair|excursie|trip|video|film)\b")
_NUMBER_WORDS = {"een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
                 "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "one": 1, "two": 2, "three": 3, "four": 4,
                 "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_NUMBER = r"(\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")"
_N_CODES = re.compile(_NUMBER + r"\s+(?:aparte |eigen |losse |verschillende |separate |individual |different |"
                                r"own )?(?:codes|verwijscodes|referral codes)\b")
_N_PEOPLE = re.compile(_NUMBER + r"\s+(?:leerlingen|students|pupils|klanten|clients|clienten|deelnemers|"
                                 r"participants|kandidaten|candidates|mensen|people|personen)\b")
_EACH = re.compile(r"\b(elke|ieder|iedere|eigen|per (?:leerling|student|klant|client|persoon|person)|each|every|"
                   r"own|apart\w*|separate|individual|losse|allemaal een)\b")
_LABEL = re.compile(r"\b(klas|class|groep|group|leerjaar|mentorgroep)\s+(\d{1,2}[a-z]{0,2}\d?|[a-z]\d{1,2})(?![\w-])")
_LABEL_WORD = re.compile(r"\b(mentorklas|mentorgroep|examenklas|brugklas)\b")
_BARE_LABEL = re.compile(r"\b(?:voor|for|van|of)\s+(\d[a-z]{1,2}\d?)(?![\w-])")
_WHOLE_GROUP = re.compile(r"\b(hele klas|whole class|de klas|the class|mijn klas|my class|een klas|a class|"
                          r"hele groep|whole group|de groep|the group|mijn groep|my group|iedereen|everyone|"
                          r"all (?:my |the )?(?:students|pupils|clients)|alle (?:leerlingen|klanten))\b")
# "Ik wil leerlingen doorsturen, hoe werkt dat?": how it works first; a code when they ask for one.
_HOW_IT_WORKS = re.compile(r"\b(hoe werkt (?:dat|het|dit|zo'?n code|een code|de code)|"
                           r"how does (?:that|it|this|a code|the code) work|hoe gaat dat|hoe doe ik dat|"
                           r"how do i do that|hoe (?:stuur|nodig|verwijs) ik|how (?:do|can) i (?:refer|send|invite)|"
                           r"in zijn werk gaat|(?:uitleggen|leg\w* .{0,10}uit) hoe|explain how)\b")
_ASKS_FOR_ONE = re.compile(r"\b(maak\w*|make|create|aanmaken|geef me|give me|mag ik (?:een|\d)|can i (?:get|have)|"
                           r"i'?d like (?:a|\d)|ik wil (?:graag )?(?:een|\d+) (?:\w+ )?codes?|"
                           r"(?:a|een) code (?:please|graag)|\d+ codes)\b")
_THAT_ONE = re.compile(r"\b(die code|deze code|that code|this code|the code i (?:just )?made|net gemaakt\w*|"
                       r"just made|laatste|last one|the last|hem|it)\b")


@dataclass(frozen=True)
class CodeRequest:
    kind: str
    codes: List[str] = field(default_factory=list)  # codes named in the text, upper case
    label: Optional[str] = None  # "klas 3B", "mentorklas"
    count: int = 1  # how many codes, one per person
    each: bool = False  # one code per person was asked for (maybe without a number)
    group: bool = False  # one code for a whole class or group
    that_one: bool = False  # "die code", "the code I just made"


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 0)


def label_in(text: str) -> Optional[str]:
    """The class or group a message names: "klas 3b" -> "klas 3B", "mijn mentorklas" -> "mentorklas"."""
    folded = fold(text or "")
    m = _LABEL.search(folded)
    if m:
        return f"{m.group(1)} {m.group(2).upper()}"
    m = _LABEL_WORD.search(folded)
    if m:
        return m.group(1)
    m = _BARE_LABEL.search(folded)
    return m.group(1).upper() if m else None


def label_key(label: Optional[str]) -> str:
    """What two labels must share to mean the same class: "klas 3B" and "class 3b" are both "3B"."""
    words = (label or "").split()
    return words[-1].upper() if words else ""


def codes_in(text: str) -> List[str]:
    return [m.group(0).upper() for m in _CODE_TOKEN.finditer(fold(text or ""))]


def asks_what_is_seen(text: str) -> bool:
    """"Wat zien de leerlingen?", "what do my students see?": how a code works and what is shared."""
    folded = fold(text or "")
    return bool(SEE.search(folded) and _AUDIENCE.search(folded) and not _SEE_ELSEWHERE.search(folded))


def wants_code_revoked(text: str) -> bool:
    """"Trek code X in", "cancel the code for class 3B", "die code klopt niet meer, haal hem weg"."""
    folded = fold(text or "")
    return bool(_CODE_WORD.search(folded) and (_REVOKE.search(folded) or _STOP_MAKING.search(folded))
                and not _NOT_CODES.search(folded))


def wants_code_list(text: str) -> bool:
    folded = fold(text or "")
    return bool(_LIST.search(folded)) and not _REVOKE.search(folded)


def read(text: str) -> CodeRequest:
    """The request about codes in ``text``; MAKE when it asks for none of the others."""
    folded = fold(text or "")
    if asks_what_is_seen(folded):
        return CodeRequest(EXPLAIN)
    codes = codes_in(folded)
    label = label_in(folded)
    that_one = bool(_THAT_ONE.search(folded))
    if _REVOKE.search(folded) and not _STOP_MAKING.search(folded):
        if _HOW.search(folded) and not codes:
            return CodeRequest(HOW_REVOKE, label=label, that_one=that_one)
        return CodeRequest(REVOKE, codes=codes, label=label, that_one=that_one)
    if _STOP_MAKING.search(folded):
        return CodeRequest(STOP_MAKING)
    if _LIST.search(folded):
        return CodeRequest(LIST)
    if _HOW_IT_WORKS.search(folded) and not _ASKS_FOR_ONE.search(folded):
        return CodeRequest(EXPLAIN)
    each = bool(_EACH.search(folded))
    count = 0
    m = _N_CODES.search(folded)
    if m:
        count = _number(m.group(1))
    elif each:
        m = _N_PEOPLE.search(folded)
        count = _number(m.group(1)) if m else 0
    if count > 1:
        return CodeRequest(MAKE, label=label, count=count, each=True)
    if each and not count:
        return CodeRequest(MAKE, label=label, count=0, each=True)
    group = bool(label or _WHOLE_GROUP.search(folded))
    return CodeRequest(MAKE, label=label, group=group)


_MAKE = re.compile(r"\b(maak\w*|make|create|aanmaken|wil|want|would like|need|nodig|geef|give|mag ik|"
                   r"can i (?:get|have)|kan ik|kun je|can you|graag)\b")


def wants_codes_made(text: str) -> bool:
    """A request for a class code or a code each ("een code voor klas 3B", "5 codes", "voor elke leerling een eigen
    code"): the forms the classifier was not trained on."""
    folded = fold(text or "")
    if not (_CODE_WORD.search(folded) and _MAKE.search(folded)) or _REVOKE.search(folded) or \
            _STOP_MAKING.search(folded) or _LIST.search(folded) or asks_what_is_seen(folded):
        return False
    request = read(folded)
    return request.kind == MAKE and (request.each or request.count > 1 or request.label is not None)
