"""Facts about the person writing, read from any message: age, level, place, work, children, partner, role,
languages.

A fact is taken only from what the person says about themselves. A question *about* something is not a fact:
"kost mbo geld?" says nothing about the writer's level, "ik heb mbo 2, kost dat geld?" does. A clause counts
as a statement when it is not a question, or when the fact in it is tied to the writer ("mijn vmbo-diploma",
"hou ik mijn ww?"). Later facts replace earlier ones in :func:`merge` (corrections: "oh wacht, ik ben 24").
"""
from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Optional, Tuple

from bot.entities import fold

PROFILE_SLOTS = ("age", "education_level", "mbo_level", "education_finished", "location", "work_situation",
                 "has_children", "children_in_childcare", "partner_situation", "role", "languages_spoken")

_QUESTION_START = re.compile(
    r"^(wat|hoe|kan|kun|kunnen|moet|moeten|is|zijn|heb|hebben|waar|wanneer|welke|welk|hoeveel|wie|mag|krijg|"
    r"kost|kosten|wordt|word|zou|zal|ben|bestaat|weet|what|how|can|could|do|does|did|is|are|where|when|which|"
    r"who|should|will|would|am|may|any|is there|are there)\b")
_CLAUSE_SPLIT = re.compile(r"[.!?\n;]+|,\s+(?=\w)|\s+(?:maar|but|want|because|omdat|en|and)\s+(?=ik\b|i\b|i'm\b|"
                           r"mijn\b|my\b|wij\b|we\b)")

# Someone else than the writer: "mijn zoon is 15", "my daughter did havo".
_OTHER_PERSON = re.compile(r"\b(zoon|zoontje|dochter|dochtertje|kind|kinderen|kids?|son|daughter|child|children|"
                           r"leerling|leerlingen|pupil|student van|klant|klanten|client|broer|zus|brother|sister|"
                           r"vriend|vriendin|man|vrouw|partner|husband|wife|boyfriend|girlfriend|moeder|vader|"
                           r"mother|father)\b")
_SELF = re.compile(r"\b(ik|ikke|k|mijn|m'n|mn|me|mij|i|i'm|im|i've|ive|my|me|myself)\b")

_AGE = [
    re.compile(r"\b(?:ik ben|ben|i am|i'm|im|i m|age|leeftijd|ik word|turning)\s+(?:nu\s+|now\s+|al\s+)?(\d{2})\b"
               r"(?!\s*(?:uur|euro|eur|%|km|procent|hours|kinderen|kids|min))"),
    re.compile(r"(?<!al )(?<!for )(?<!sinds )(?<!since )\b(\d{2})\s*(?:jaar|jr|jaar oud|years? old|years?|yo|"
               r"y/o|yrs?)\b(?!\s*(?:ervaring|experience|gewerkt|worked|in de|geleden|ago|lang|long|werk|"
               r"working|bij|at|in)\b)"),
    re.compile(r"\b(?:met|at|als|as a)\s+(\d{2})\b(?=.*\b(?:te oud|too old|te laat|too late|oud|old)\b)"),
]

_LEVELS = [
    ("vmbo", r"vmbo(?:[- ]?(?:t|tl|gl|kb|bb|kader|basis))?|mavo"),
    ("mbo", r"mbo|roc"),
    ("havo", r"havo"),
    ("vwo", r"vwo|gymnasium|atheneum"),
    ("hbo", r"hbo|hogeschool|university of applied sciences|hbo[- ]bachelor"),
    ("wo", r"\bwo\b|universiteit|university degree|master'?s?(?: degree)?|\buni\b|phd"),
]
_LEVEL_RE = re.compile(r"\b(" + "|".join(p for _v, p in _LEVELS) + r")\b")
_LEVEL_SELF = re.compile(r"\b(ik heb|heb|ik had|had|ik zit op|zit op|zit in|ik doe|doe|ik deed|deed|mijn|m'n|mn|"
                         r"met mijn|ik ben|i have|i've|ive|i had|i did|i do|my|with my|i'm in|im in|i am in|"
                         r"i finished|finished|completed|gedaan|afgerond|gehaald|klaar met|done with|"
                         r"doing|studying|studeer|graduated|afgestudeerd)\b")
_NO_DIPLOMA = re.compile(r"\b(geen diploma|zonder diploma|no diploma|without (?:a )?diploma|no degree|"
                         r"without (?:a )?degree|geen opleiding|niet afgemaakt|nooit afgemaakt|no qualifications|"
                         r"didn'?t finish|never finished|dropped out|gestopt met school|van school af)\b")
_FINISHED_YES = re.compile(r"\b(diploma gehaald|gehaald|afgerond|afgestudeerd|heb mijn diploma|heb een diploma|"
                           r"finished|graduated|completed|have my diploma|got my diploma)\b")
_FINISHED_NO = re.compile(r"\b(niet afgemaakt|nooit afgemaakt|gestopt|zit nog|nog bezig|bijna klaar|"
                          r"didn'?t finish|never finished|dropped out|still doing|still in|not finished)\b")
_MBO_LEVEL = re.compile(r"\b(?:mbo|niveau|level|nivo|lvl)[\s-]*([1-4])\b")

_WORK = [
    ("unemployed_ww", r"\b(?:in de|op|mijn|heb|krijg|ontvang|on|get|receive|my)\s+(?:een\s+)?(?:ww|ww-uitkering|"
                      r"werkloosheidsuitkering|unemployment benefits?)\b|\bww[- ]uitkering\b|\bik zit in de ww\b"),
    ("bijstand", r"\b(?:in de|op|mijn|heb|krijg|ontvang|on|get|receive|my|zit in)\s+(?:de\s+)?(?:bijstand|"
                 r"bijstandsuitkering|welfare|social assistance)\b|\bbijstandsmoeder\b|\bin de bijstand\b"),
    ("self_employed", r"\b(?:ik ben|i am|i'm|im|als)\s+(?:een\s+|a\s+)?(?:zzp'?er|zelfstandige|ondernemer|"
                      r"freelancer|self[- ]employed|entrepreneur)\b|\b(?:mijn|my|een|own|eigen)\s+(?:eigen\s+)?"
                      r"(?:bedrijf|zaak|winkel|bakkerij|business|shop|company|webshop)\b|\bik heb een (?:eigen )?"
                      r"(?:bedrijf|zaak|winkel)\b"),
    ("student", r"\b(?:ik zit op|zit op|ik zit in|i'm in|im in)\s+(?:de\s+)?(?:school|klas|\d(?:e|de|rd|th)? "
                r"(?:klas|jaar|year)|groep)\b|\bik studeer\b|\bi study\b|\bi'?m (?:a )?student\b|\bik ben "
                r"(?:een )?(?:student|scholier)\b|\bi'?m studying\b|\b(?:zit|ik zit) (?:nog )?op (?:het )?"
                r"(?:mbo|vmbo|havo|vwo|roc)\b"),
    ("none_other", r"\b(?:ik ben|i am|i'm|im|i got|ben)\s+(?:net\s+|just\s+|recently\s+)?(?:ontslagen|werkloos|"
                   r"laid off|fired|unemployed|jobless|huisvrouw|huisman|housewife|stay at home)\b|\b(?:ik heb|i have)"
                   r" (?:geen|no) (?:werk|baan|job)\b|\bik werk niet\b|\bi don'?t work\b|\bnot working\b"),
    ("employed", r"\b(?:ik werk|i work|werk nu|i'm working|im working|ik ben werkzaam)\b(?! niet)|\b(?:ik heb|i have)"
                 r" (?:een\s+|a\s+)?(?:baan|job|parttime baan|fulltime baan)\b|\bin loondienst\b"),
]
_CHILDREN_NO = re.compile(r"\b(geen kinderen|geen kids|no kids|no children|don'?t have (?:any )?(?:kids|children))\b")
_CHILDREN_YES = re.compile(r"\b(ik heb|heb|i have|i've got|we have|wij hebben|met)\s+(\d+|een|twee|drie|vier|one|two|"
                           r"three|four)?\s*(kinderen|kinders|kids|kind|children|child|kindje|kindjes|zoons?|"
                           r"dochters?|sons?|daughters?)\b|\b(mijn|my|m'n|mn)\s+(zoontje|dochtertje|kinderen|kids|"
                           r"kindje|kind|baby|son|daughter|zoon|dochter|children|child)\b|\balleenstaande "
                           r"(moeder|vader|ouder)\b|\bsingle (mum|mom|mother|dad|father|parent)\b|"
                           r"\bbijstandsmoeder\b")
_CHILDCARE = re.compile(r"\b(opvang|kinderopvang|kdv|bso|creche|crèche|gastouder|daycare|day care|childcare|"
                        r"nursery|after ?school care)\b")
_CHILDCARE_NO = re.compile(r"\b(niet naar de|geen|no|not (?:in|to|at)|doesn'?t go to|don'?t (?:go|use)|zonder|"
                           r"without|thuis|at home)\b[^.?!]{0,25}\b(opvang|kinderopvang|kdv|bso|creche|gastouder|"
                           r"daycare|day care|childcare|nursery)\b|\b(opvang|kinderopvang|daycare|childcare)\b"
                           r"[^.?!]{0,12}\b(niet|nee|no|not)\b")
_PARTNER_NONE = re.compile(r"\b(alleenstaand\w*|geen partner|no partner|single (?:mum|mom|mother|dad|father|parent)|"
                           r"ik ben single|i'?m single|gescheiden|divorced|weduwe|weduwnaar|widow\w*|alleen met "
                           r"(?:mijn|de) kinderen|on my own with)\b")
_PARTNER_WORKS = re.compile(r"\b(mijn|my|m'n|mn)\s+(vriend|vriendin|man|vrouw|partner|husband|wife|boyfriend|"
                            r"girlfriend)\s+(werkt|studeert|works|studies|is working|is studying|heeft (?:een )?"
                            r"(?:baan|werk)|has a job)\b")
_PARTNER_OTHER = re.compile(r"\b(mijn|my|m'n|mn)\s+(vriend|vriendin|man|vrouw|partner|husband|wife|boyfriend|"
                            r"girlfriend)\s+(werkt niet|is thuis|heeft geen werk|doesn'?t work|does not work|"
                            r"is at home|is unemployed|is werkloos|zit thuis)\b")
_ROLES = [
    ("counsellor", r"\b(?:ik ben|i am|i'm|im|als|as a|as)\s+(?:een\s+|a\s+|an\s+)?(?:decaan|mentor|"
                   r"loopbaanbegeleider|loopbaanadviseur|schooladviseur|studieloopbaanbegeleider|slb'?er|docent|"
                   r"leraar|lerares|counsellor|counselor|career (?:counsellor|counselor|advisor|adviser)|teacher)\b|"
                   r"\bmijn leerlingen\b|\bmy (?:pupils|students)\b"),
    ("jobcoach", r"\b(?:ik ben|i am|i'm|im|als|as a|as)\s+(?:een\s+|a\s+)?(?:jobcoach|job coach|klantmanager|"
                 r"werkcoach|consulent|re-integratiecoach|trajectbegeleider|employment coach)\b|\bmijn klanten\b|"
                 r"\bmy clients\b"),
    ("entrepreneur", r"\b(?:ik ben|i am|i'm|im|als)\s+(?:een\s+|a\s+|an\s+)?(?:ondernemer|mkb'?er|zzp'?er|"
                     r"eigenaar|owner|entrepreneur|business owner)\b|\b(?:ik heb|i have|i own|i run|i've got)\s+"
                     r"(?:een\s+|a\s+)?(?:eigen\s+|own\s+|small\s+)?(?:bedrijf|zaak|winkel|bakkerij|kapperszaak|"
                     r"restaurant|business|shop|company|bakery|webshop)\b|\bmijn (?:bedrijf|zaak|winkel|bakkerij)\b"),
    ("parent", r"\b(?:ik ben|i am|i'm|im|als)\s+(?:een\s+|a\s+)?(?:moeder|vader|ouder|mama|papa|mum|mom|mother|"
               r"father|dad|parent)\b|\bmijn (?:zoon|dochter|kind)\b(?!eren)|\bmy (?:son|daughter|child|kid)\b|"
               r"\bmijn zoontje|\bmijn dochtertje"),
    ("student", r"\b(?:ik ben|i am|i'm|im)\s+(?:een\s+|a\s+)?(?:scholier|leerling|student|pupil)\b|\bik zit op "
                r"(?:school|het mbo|het vmbo|de havo|het vwo|het roc)\b|\bik zit in (?:de )?\d(?:e|de)? klas\b"),
]
LANGUAGE_NAMES = {
    "nl": r"nederlands|dutch", "en": r"engels|english", "tr": r"turks|turkish", "ar": r"arabisch|arabic",
    "pl": r"pools|polish", "ber": r"berbers|tamazight|berber", "ti": r"tigrinya|tigrinia", "so": r"somalisch|somali",
    "uk": r"oekraiens|ukrainian", "ru": r"russisch|russian", "es": r"spaans|spanish", "fr": r"frans|french",
    "de": r"duits|german", "pap": r"papiaments|papiamento", "srn": r"sranan(?:tongo)?", "fa": r"farsi|perzisch|"
    r"persian|dari", "ur": r"urdu", "hi": r"hindi", "pt": r"portugees|portuguese",
}
_LANGUAGE = re.compile(r"\b(?:ik spreek|spreek|ik praat|i speak|speak|i also speak|mijn moedertaal is|my mother "
                       r"tongue is|my first language is|ik kan)\s+(?:ook\s+|also\s+|goed\s+|vloeiend\s+|alleen\s+)?"
                       r"((?:[a-z]+(?:,\s*|\s+en\s+|\s+and\s+|\s+))*[a-z]+)")


def clauses(text: str) -> List[Tuple[str, bool]]:
    """The message's clauses, each with whether it is a question."""
    folded = fold(text or "")
    out = []
    pieces = [p.strip() for p in _CLAUSE_SPLIT.split(folded) if p and p.strip()]
    # Where a piece ended decides if it was a question: look at the character after it in the original.
    position = 0
    for piece in pieces:
        at = folded.find(piece, position)
        position = at + len(piece) if at >= 0 else position
        follows = folded[position:position + 3]
        question = "?" in follows or bool(_QUESTION_START.match(piece))
        out.append((piece, question))
    return out


def _age(clause: str) -> Optional[int]:
    for pattern in _AGE:
        for m in pattern.finditer(clause):
            before = clause[:m.start()]
            if _OTHER_PERSON.search(before[-25:]) and not re.search(r"\b(ik ben|i am|i'm|im)\b\s*$", before):
                continue  # "mijn zoon is 15"
            n = int(m.group(1))
            if 12 <= n <= 85:
                return n
    return None


def _level(clause: str, question: bool) -> Optional[str]:
    if _NO_DIPLOMA.search(clause) and not _LEVEL_RE.search(clause):
        return "none"
    m = _LEVEL_RE.search(clause)
    if not m:
        return None
    before = clause[:m.start()]
    if _OTHER_PERSON.search(before[-30:]):
        return None  # "mijn zoon doet havo": the child's level
    tied_to_writer = bool(_LEVEL_SELF.search(before[-30:]))
    bare = len(clause.split()) <= 4 and not question
    if not (tied_to_writer or bare):
        return None
    word = m.group(1)
    for value, pattern in _LEVELS:
        if re.fullmatch(pattern, word):
            return value
    return None


def _first(patterns: Iterable[Tuple[str, str]], clause: str) -> Optional[str]:
    for value, pattern in patterns:
        if re.search(pattern, clause):
            return value
    return None


def _languages(clause: str) -> List[str]:
    found: List[str] = []
    for m in _LANGUAGE.finditer(clause):
        for code, names in LANGUAGE_NAMES.items():
            if re.search(rf"\b({names})\b", m.group(1)) and code not in found:
                found.append(code)
    return found


def facts_in(text: str) -> Dict[str, Any]:
    """The facts the writer states about themselves in ``text`` (later clauses win within one message)."""
    facts: Dict[str, Any] = {}
    languages: List[str] = []
    for clause, question in clauses(text):
        age = _age(clause)
        if age is not None:
            facts["age"] = age
        role = _first(_ROLES, clause)
        level = None if role in ("counsellor", "jobcoach") else _level(clause, question)
        if level is not None:
            facts["education_level"] = level
            mbo = _MBO_LEVEL.search(clause) if level == "mbo" else None
            if mbo:
                facts["mbo_level"] = mbo.group(1)
            if level == "none":
                facts["education_finished"] = "no"
        if level not in (None, "none") or re.search(r"\bdiploma\b|\bdegree\b", clause):
            if _FINISHED_NO.search(clause):
                facts["education_finished"] = "no"
            elif _FINISHED_YES.search(clause):
                facts["education_finished"] = "yes"
        work = _first(_WORK, clause) or ("self_employed" if role == "entrepreneur" else None)
        if work is not None and (not question or _SELF.search(clause)):
            facts["work_situation"] = work
        if _CHILDREN_NO.search(clause):
            facts["has_children"] = "no"
        elif _CHILDREN_YES.search(clause) and not question:
            facts["has_children"] = "yes"
        if _CHILDCARE.search(clause) and (not question or _SELF.search(clause)):
            if re.search(r"\b(wel|does|do|yes|ja)\b", clause) and not re.search(r"\bniet\b|\bnot\b", clause):
                facts["children_in_childcare"] = "yes"
            else:
                facts["children_in_childcare"] = "no" if _CHILDCARE_NO.search(clause) else "yes"
            facts.setdefault("has_children", "yes")
        if _PARTNER_NONE.search(clause):
            facts["partner_situation"] = "no_partner"
        elif _PARTNER_OTHER.search(clause):
            facts["partner_situation"] = "other"
        elif _PARTNER_WORKS.search(clause):
            facts["partner_situation"] = "works_or_studies"
        if role is not None:
            facts["role"] = role
        for code in _languages(clause):
            if code not in languages:
                languages.append(code)
    if languages:
        facts["languages_spoken"] = languages
    return facts


def merge(profile: Dict[str, Any], facts: Dict[str, Any]) -> Tuple[Dict[str, Any], List[Tuple[str, Any, Any]]]:
    """The profile with ``facts`` applied, and the changes as (slot, old, new). Languages add up; every other
    fact replaces the earlier value (a correction)."""
    updated = dict(profile)
    changes: List[Tuple[str, Any, Any]] = []
    for slot, value in facts.items():
        old = profile.get(slot)
        if slot == "languages_spoken":
            value = list(dict.fromkeys([*(old or []), *value]))
        if slot == "mbo_level" and value is not None:
            value = str(value)
        if old != value and not (old is not None and str(old) == str(value)):
            updated[slot] = value
            changes.append((slot, old, value))
    if "education_level" in facts and facts["education_level"] != "mbo" and profile.get("mbo_level"):
        updated["mbo_level"] = None
        changes.append(("mbo_level", profile.get("mbo_level"), None))
    return updated, changes


def corrections(changes: Iterable[Tuple[str, Any, Any]]) -> List[Tuple[str, Any, Any]]:
    """The changes that replaced a value the person gave before (not first mentions)."""
    return [c for c in changes if c[1] is not None and c[2] is not None and c[0] != "languages_spoken"]


def profile_of(slots: Dict[str, Any]) -> Dict[str, Any]:
    return {slot: slots.get(slot) for slot in PROFILE_SLOTS}


def updates_for(text: str, slots: Dict[str, Any]) -> Dict[str, Any]:
    """The slot values to set after a message: the changed profile facts and ``profile_changes`` (this turn's
    changes as [slot, old, new], so answers can say what changed; emptied on the next turn without changes)."""
    facts = facts_in(text)
    profile = profile_of(slots)
    _updated, changes = merge(profile, facts)
    updates: Dict[str, Any] = {slot: new for slot, _old, new in changes}
    if changes:
        updates["profile_changes"] = [[slot, old, new] for slot, old, new in changes]
    elif slots.get("profile_changes"):
        updates["profile_changes"] = None
    return updates
