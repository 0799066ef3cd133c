"""Facts about the person writing, read from any message: age, level, place, work, children, partner, role,
languages.

A fact is taken only from what the person says about themselves. A question *about* something is not a fact:
"kost mbo geld?" says nothing about the writer's level, "ik heb mbo 2, kost dat geld?" does. A clause counts
as a statement when it is not a question, or when the fact in it is tied to the writer ("mijn vmbo-diploma",
"hou ik mijn ww?"). Later facts replace earlier ones in :func:`merge` (corrections: "oh wacht, ik ben 24").
"""
from __future__ import annotations

import json
import re
from typing import Any, Dict, Iterable, List, Optional, Tuple

from bot.core.person.age import plausible_age
from bot.core.understanding.entities import fold
from bot.core.understanding.parts import QUESTION_START, mask_abbreviations

CHECK_SLOTS = ("has_laptop", "course_chosen", "course_short")
PROFILE_SLOTS = ("age", "education_level", "mbo_level", "education_finished", "location", "work_situation",
                 "has_children", "children_in_childcare", "partner_situation", "role", "languages_spoken")

_ASKS_START = re.compile(r"^\W*" + QUESTION_START)
_CLAUSE_SPLIT = re.compile(r"[.!?\n;]+|,\s+(?=\w)|\s+(?:maar|but|want|because|omdat|en|and)\s+(?=ik\b|i\b|i'm\b|"
                           r"mijn\b|my\b|wij\b|we\b)")

# Someone else than the writer: "mijn zoon is 15", "my daughter did havo".
_OTHER_PERSON = re.compile(r"\b(zoon|zoontje|dochter|dochtertje|kind|kinderen|kids?|son|daughter|child|children|"
                           r"oudste|jongste|eldest|oldest|youngest|"
                           r"leerling|leerlingen|pupils?|students?|student van|klant|klanten|clients?|broer|zus|"
                           r"brother|sister|vriend|vriendin|man|vrouw|partner|husband|wife|boyfriend|girlfriend|"
                           r"moeder|vader|mother|father|ouders|parents|cousin|neef|nicht|tante|oom|aunt|uncle|"
                           r"friend|colleague|collega|teacher|leraar|mentor|employees?|medewerkers?|werknemers?|"
                           r"someone|iemand|people|mensen|everyone|iedereen|he|she|hij|zij|ze|they|mijn ex|my ex)\b")
_SELF = re.compile(r"\b(ik|ikke|k|mijn|m'n|mn|me|mij|i|i'm|im|i've|ive|my|me|myself)\b")

_NOT_AN_AGE = r"(?!\s*(?:uur|euro|eur|%|km|procent|hours|kinderen|kids|min|medewerkers|mensen|people|students|" \
              r"leerlingen|klanten|clients|sollicitaties|applications|jaar ervaring|years? experience))"
_AGE = [  # strongest first: "ik ben 47" beats "22 jaar" in the same message
    re.compile(r"\b(?:ik ben|ben|i am|i'm|im|i m|age|leeftijd|turned|geworden)\s+(?:[a-z]+\s+){0,2}?"
               r"(\d{2})\b" + _NOT_AN_AGE),
    re.compile(r"\b(\d{2})\*?\s*,?\s*(?:not|niet|instead of|i\.?p\.?v\.?)\s+\d{2}\b"),
    re.compile(r"^\W*(\d{2})\W*$"),
    re.compile(r"(?<!al )(?<!for )(?<!sinds )(?<!since )(?<!after )(?<!na )(?<!heb )(?<!have )\b(\d{2})\s*(?:jaar|jr|"
               r"jaar oud|years? old|years?|yo|y/o|yrs?|jarige)\b"
               r"(?!\s*(?:old\s+)?(?:ervaring|experience|gewerkt|worked|in de|"
               r"geleden|ago|lang|long|werk|working|bij|at|in|als|as|client|klant|student|leerling|son|daughter|"
               r"zoon|dochter|administrat\w*|\w*medewerker|werkzaam|in dienst|getrouwd|married)\b)"
               # "waar ik 19 jaar administratief medewerker was": years of work, not an age
               r"(?!(?:\s+\w+){1,3}\s+(?:was|geweest|gedaan|gewerkt|worked)\b)"),
    re.compile(r"\b(?:met|at|als|as a|op)\s+(\d{2})(?:e|ste|th)?\b(?=.*\b(?:te oud|too old|te laat|too late|oud|old)\b)"
               r"|\b(?:te oud|too old|te laat|too late)\b.*\b(?:met|at|op)\s+(\d{2})(?:e|ste|th)?\b"),
]

_LEVELS = [
    ("vmbo", r"vmbo(?:[- ]?(?:t|tl|gl|kb|bb|kader|basis))?|mavo"),
    ("mbo", r"mbo|(?:bol |bbl )?niveau [1-4]|entree(?:opleiding| diploma)?|mbo level [1-4]"),
    ("havo", r"havo"),
    ("vwo", r"vwo|gymnasium|atheneum"),
    ("hbo", r"hbo|hogeschool|university of applied sciences|hbo[- ]bachelor"),
    ("wo", r"\bwo\b|universiteit|university degree|master'?s?(?: degree)?|\buni\b|phd"),
]
_LEVEL_RE = re.compile(r"\b(" + "|".join(p for _v, p in _LEVELS) + r")\b")
_LEVEL_SELF = re.compile(r"\b(ik heb|heb|ik had|had|ik zit|zit op|zit in|zit|ik doe|doe|ik deed|deed|mijn|m'n|mn|"
                         r"met mijn|ik ben|i have|i've|ive|i had|i did|i do|my|with my|i'm in|im in|i am in|"
                         r"i finished|finished|completed|gedaan|afgerond|gehaald|klaar met|done with|got|"
                         r"doing|studying|studeer|graduated|afgestudeerd|dropped out of|gestopt met|i'm doing|"
                         r"ik volg|volg|i got|it'?s|het is|het was|it was)\b")
_LEVEL_PLAN = re.compile(r"\b(wil|willen|wants?|want me|go to|naar de|naar het|later|after|daarna|na de|na het|na mijn|"
                         r"door naar|doorstromen|door|enough|genoeg|need|nodig|verschil|difference|kan ik|can i|"
                         r"kun je|met een|with an?|zonder|without|cost|kost|als ik|if i|dan|then|en als)\b")
_STILL_IN = re.compile(r"\b(ik zit|zit op|zit in|zit nu|ik doe|doe nu|doe|i'm in|im in|i am in|i'm doing|"
                       r"studying|studeer|ik volg|still|nog|currently|nu)\b")
_NOT_YET = re.compile(r"\b(nog geen diploma|no diploma yet|not yet a diploma|don'?t have my diploma yet)\b")
_NO_DIPLOMA = re.compile(r"\b(heb geen diploma|have no diploma|don'?t have a diploma|geen diploma|"
                         r"zonder diploma|no diploma|without (?:a )?diploma|no degree|"
                         r"without (?:a )?degree|geen opleiding|niet afgemaakt|nooit afgemaakt|no qualifications|"
                         r"didn'?t finish|never finished|dropped out|gestopt met school|van school af|left school|"
                         r"quit school|"
                         r"stopped school|van school gegaan|school verlaten)\b")
# "i never finished level 3": a level not finished, not "no diploma" (the level is named in the other clause)
_UNFINISHED_LEVEL = re.compile(r"\b(?:level|niveau|nivo)\s*[1-4]\b")
_FINISHED_YES = re.compile(r"\b(diploma gehaald|gehaald|afgerond|afgestudeerd|heb (?:mijn|een|wel mijn|wel een) "
                           r"(?:[\w-]+ ){0,2}diploma|heb een diploma|finished|graduated|completed|have (?:a|my) "
                           r"(?:[\w-]+ ){0,2}(?:diploma|degree)|got my (?:[\w-]+ ){0,2}diploma|"
                           r"(?:\w+ )?diploma,? (?:mbo|vmbo|havo|vwo)|heb (?:een )?(?:mbo|vmbo|havo|vwo|hbo|wo)|"
                           r"i have (?:an? )?(?:mbo|vmbo|havo|vwo|hbo|wo|bachelor|master))\b")
_FINISHED_NO = re.compile(r"\b(niet afgemaakt|nooit afgemaakt|gestopt|zit nog|nog bezig|bijna klaar|"
                          r"didn'?t finish|never finished|dropped out|still doing|still in|not finished|"
                          r"ik zit|zit op|zit in|ik doe|i'm in|im in|i am in|i'm doing|im doing)\b")
_MBO_LEVEL = re.compile(r"\b(?:mbo|niveau|level|nivo|lvl)[\s-]*([1-4])\b")

_OWNS = (r"\bi own\b|\bik ben (?:de )?eigenaar\b|\b(?:ik heb|heb|i have|i own|i run|i've got|we have|wij hebben)"
         r"\s+(?:een\s+|a\s+|an\s+|mijn\s+|my\s+)?"
         r"(?:eigen\s+|own\s+|small\s+|klein\w*\s+)?\w*(?:bedrijf|zaak|winkel|bakkerij|salon|restaurant|webshop|"
         r"business|shop|company|bakery|store|eenmanszaak)\b|\b(?:mijn|my|own|eigen)\s+(?:eigen\s+|own\s+)?\w*"
         r"(?:bedrijf|zaak|winkel|bakkerij|business|shop|company|webshop|bakery|eenmanszaak)\b|\beenmanszaak\b")
_WORK = [
    ("unemployed_ww", r"\b(?:in de|op|mijn|heb|krijg|ontvang|on|get|receive|my|have|now have)\s+(?:een\s+|nu\s+)?"
                      r"(?:ww|ww-uitkering|werkloosheidsuitkering|unemployment benefits?)\b(?!,? ik bedoel)|"
                      r"\bww[- ]uitkering\b|\bik zit in de ww\b|^\W*ww sinds\b|\b(?:been |zit )?on ww\b"),
    ("bijstand", r"\b(?:in de|op|mijn|heb|krijg|ontvang|on|get|receive|my|zit in|uitkering,?)\s+"
                 r"(?:de\s+|een\s+|wel\s+|nog\s+|nog steeds\s+|still\s+)?"
                 r"(?:bijstand|bijstandsuitkering|welfare|social assistance)\b|\bbijstandsmoeder\b|\bin de bijstand\b|"
                 r"^\W*(?:bijstand|welfare)\W*$|\bbijstand (?:van|from) de gemeente\b|\bik bedoel bijstand\b"),
    ("self_employed", r"\b(?:ik ben|i am|i'm|im|als)\s+(?:een\s+|a\s+)?(?:zzp'?er|zelfstandige|ondernemer|"
                      r"freelancer|self[- ]employed|entrepreneur)\b|" + _OWNS),
    ("student", r"\b(?:ik zit op|zit op|ik zit in|i'm in|im in)\s+(?:de\s+)?(?:school|klas|\d(?:e|de|rd|th)? "
                r"(?:klas|jaar|year)|groep)\b|\bik studeer\b|\bi study\b|\bi'?m (?:a )?student\b|\bik ben "
                r"(?:een )?(?:student|scholier)\b|\bi'?m studying\b|\b(?:zit|ik zit) (?:nog )?op (?:het )?"
                r"(?:mbo|vmbo|havo|vwo|roc)\b"),
    ("none_other", r"\b(?:ik ben|i am|i'm|im|i got|ben)\s+(?:net\s+|just\s+|recently\s+)?(?:ontslagen|werkloos|"
                   r"laid off|fired|unemployed|jobless|huisvrouw|huisman|housewife|stay at home)\b|\b(?:ik heb|i have)"
                   r" (?:geen|no) (?:werk|baan|job)\b|\bik werk niet\b|\bi don'?t work\b|\bnot working\b|"
                   r"\ben geen werk\b|\bzit (?:gewoon )?thuis\b"),
    ("employed", r"\b(?:ik werk|i work|werk nu|i'm working|im working|ik ben werkzaam|werk ik)\b(?! niet)|"
                 r"\b(?:ik heb|i have)"
                 r" (?:een\s+|a\s+)?(?:baan|job|parttime baan|fulltime baan)\b|\bin loondienst\b|"
                 r"(?<!zoek )(?<!zoeken )(?<!for )(?<!find )(?<!geen )(?<!no )\b(?:en |and |, )?(?:werk|work|working)"
                 r"(?:\s+\w+){0,3}?\s+(?:bij|in een|in de|in het|at|for|as|als|in a|in an|in the)\b"
                 r"(?!\s+(?:ict|it|tech\w*)\b)|"
                 r"\bi (?:test|build|develop|manage|clean|drive|teach) \w+ (?:for|at)\b|\bmijn baas\b|\bmy boss\b|"
                 r"\bi'?m an? \w+(?: \(.*?\))? at an? \w+"),
]
_CHILDREN_NO = re.compile(r"\b(geen kinderen|geen kids|no kids|no children|don'?t have (?:any )?(?:kids|children)|"
                          r"kinderen heb ik niet|kids heb ik niet)\b")
_CHILDREN_YES = re.compile(r"\b(ik heb|heb|i have|i've got|we have|wij hebben|met)\s+(\d+|een|twee|drie|vier|one|two|"
                           r"three|four)?\s*(kinderen|kinders|kids|kind|children|child|kindje|kindjes|zoons?|"
                           r"dochters?|sons?|daughters?)\b|\b(mijn|my|m'n|mn)\s+(zoontje|dochtertje|kinderen|kids|"
                           r"kindje|kind|baby|son|daughter|zoon|dochter|children|child)\b|\balleenstaande "
                           r"(moeder|vader|ouder)\b|\bsingle (mum|mom|mother|dad|father|parent)\b|"
                           r"\bbijstandsmoeder\b|\b(?:\d|een|twee|drie|vier|one|two|three|four)\s+(?:kinderen|kids|"
                           r"children|dochters|zoons|daughters|sons)\b|\b(?:moeder|vader|mother|father|dad|mum|mom) "
                           r"(?:van|of) (?:\d|een|twee|drie|one|two|three)\b|\bmy children\b|\bmijn kinderen\b")
# Children who live on their own need no childcare ("my children have left home").
_CHILDREN_GROWN = re.compile(r"\b(kinderen|kids|children|zoon|dochter|son|daughter)\b.{0,25}\b(left home|moved out|"
                             r"grown up|all grown|uit huis|de deur uit|volwassen|op zichzelf)\b")
_CHILDCARE = re.compile(r"\b(opvang|kinderopvang|kdv|bso|creche|crèche|gastouder|daycare|day care|childcare|"
                        r"nursery|after ?school care)\b")
_CHILDCARE_NO = re.compile(r"\b(niet naar de|geen|no|not (?:in|to|at)|doesn'?t go to|don'?t (?:go|use)|zonder|"
                           r"without|thuis|at home)\b[^.?!]{0,25}\b(opvang|kinderopvang|kdv|bso|creche|gastouder|"
                           r"daycare|day care|childcare|nursery)\b|\b(opvang|kinderopvang|daycare|childcare)\b"
                           r"[^.?!]{0,12}\b(niet|nee|no|not)\b")
_PARTNER_NONE = re.compile(r"\b(mijn ex|my ex|alleenstaand\w*|single (?:dad|father|mum|mom|mother|parent)|"
                           r"geen partner|no partner|"
                           r"ik ben single|i'?m single|gescheiden|divorced|weduwe|weduwnaar|widow\w*|alleen met "
                           r"(?:mijn|de) kinderen|on my own with)\b")
_PARTNER_WORKS = re.compile(r"\b(mijn|my|m'n|mn|een|a)\s+(vriend|vriendin|man|vrouw|partner|husband|wife|boyfriend|"
                            r"girlfriend)\b.{0,40}?\b(werkt|studeert|works|studies|is working|is studying|"
                            r"heeft (?:een )?(?:baan|werk)|has a job)\b(?!\s+(?:niet|not|geen|no)\b)|"
                            r"\b(?:she|he|hij|zij) (?:works|werkt|studies|studeert)\b(?!\s+(?:niet|not)\b)")
_PARTNER_OTHER = re.compile(r"\b(mijn|my|m'n|mn|een|a)\s+(vriend|vriendin|man|vrouw|partner|husband|wife|boyfriend|"
                            r"girlfriend)\b.{0,50}?\b(werkt niet|is thuis|heeft geen werk|doesn'?t work|does not work|"
                            r"is at home|is unemployed|is werkloos|zit thuis|no longer works|werkt niet meer|"
                            r"(?:is |ook )*gestopt met werken|stopped working|quit (?:her|his) job)\b|"
                            r"\b(hij|zij|she|he) (werkt niet|doesn'?t work|heeft geen werk|has no job|is werkloos)\b")
_ROLES = [
    ("counsellor", r"\b(?:school |career )?(?:counsellor|counselor|decaan) (?:hier|here)\b|\bi coordinate career "
                   r"guidance\b|\bouders vragen .{0,30}aan mij\b|\bparents (?:keep )?ask(?:ing)? me\b|"
                   r"\b(?:ik ben|i am|i'm|im|als|as a|as)\s+(?:een\s+|a\s+|an\s+)?(?:\w+\s+)?(?:decaan|mentor|"
                   r"loopbaanbegeleider|loopbaanadviseur|schooladviseur|studieloopbaanbegeleider|slb'?er|docent|"
                   r"leraar|lerares|counsellor|counselor|career (?:counsellor|counselor|advisor|adviser)|teacher)\b|"
                   r"\bmijn leerlingen\b|\bmy (?:pupils|students)\b"),
    ("jobcoach", r"\b(?:ik ben|i am|i'm|im|als|as a|as)\s+(?:\w+\s+)?(?:een\s+|a\s+)?(?:jobcoach|job coach|"
                 r"klantmanager|werkcoach|consulent|re-integratiecoach|trajectbegeleider|employment coach)\b|"
                 r"\bmijn klanten\b|\bmy clients\b|\b(?:jobcoach|job coach) (?:hier|here)\b|\bi coach people\b|"
                 r"\bik (?:begeleid|coach|help)\s+(?:mensen|klanten|kl\.?|clienten|werkzoekenden)\s+naar\s+werk\b|"
                 r"\bbij een re-?integratiebedrijf\b|\bi (?:help|guide|coach) (?:people|clients|job ?seekers) "
                 r"(?:into|back to|find) work\b"),
    ("entrepreneur", r"\b(?:ik ben|i am|i'm|im|als)\s+(?:een\s+|a\s+|an\s+)?(?:ondernemer|mkb'?er|zzp'?er|"
                     r"eigenaar|owner|entrepreneur|business owner)\b|" + _OWNS),
    ("parent", r"\b(?:ik ben|i am|i'm|im|als)\s+(?:een\s+|a\s+|de\s+|the\s+)?"
               r"(?:moeder|vader|ouder|mama|papa|mum|mom|mother|"
               r"father|dad|parent)\b|\bmijn (?:zoon|dochter|kind)\b(?!eren)|\bmy (?:son|daughter|child|kid)\b|"
               r"\bmijn zoontje|\bmijn dochtertje"),
    ("student", r"\b(?:ik ben|i am|i'm|im)\s+(?:een\s+|a\s+)?(?:scholier|leerling|student|pupil)\b|\bik zit op "
                r"(?:school|het mbo|het vmbo|de havo|het vwo|het roc)\b|\bik zit in (?:de )?\d(?:e|de)? klas\b"),
]
ROLE_RANK = ("student", "parent", "entrepreneur", "jobcoach", "counsellor")
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
    folded = fold(mask_abbreviations(text or "", " "))  # "ik begeleid kl. naar werk" is one clause
    out = []
    pieces = [p.strip() for p in _CLAUSE_SPLIT.split(folded) if p and p.strip()]
    # Where a piece ended decides if it was a question: look at the character after it in the original.
    position = 0
    for piece in pieces:
        at = folded.find(piece, position)
        position = at + len(piece) if at >= 0 else position
        follows = folded[position:position + 3]
        question = "?" in follows or bool(_ASKS_START.match(piece))
        out.append((piece, question))
    return out


def _age(clause: str) -> Optional[Tuple[int, int]]:
    """(strength, age) of the writer's age stated in ``clause``: 0 is strongest."""
    for strength, pattern in enumerate(_AGE):
        for m in pattern.finditer(clause):
            before = clause[:m.start()]
            if _OTHER_PERSON.search(before[-25:]) and not re.search(r"\b(ik ben|i am|i'm|im)\b\s*$", before):
                continue  # "mijn zoon is 15"
            n = int(next(g for g in m.groups() if g))
            if plausible_age(n):
                return strength, n
    return None


def _level(clause: str, question: bool) -> Optional[str]:
    if _NO_DIPLOMA.search(clause) and not _LEVEL_RE.search(clause) and not _UNFINISHED_LEVEL.search(clause):
        if _NOT_YET.search(clause) or question:
            return None  # "ik heb nog geen diploma": still at school, not without one
        return "none"
    m = _LEVEL_RE.search(clause)
    if not m:
        return None
    before = clause[:m.start()]
    if _OTHER_PERSON.search(before[-30:]):
        return None  # "mijn zoon doet havo": the child's level
    near = before[-22:]
    if _LEVEL_PLAN.search(near) and not re.search(r"\b(ik heb|i have|i've|heb)\b", near):
        return None  # a plan or a question about a level ("kan ik na mbo 4 naar het hbo?")
    tied_to_writer = bool(_LEVEL_SELF.search(near) or re.search(r"\b(ik|i)\b[^.?!]{0,15}\b(met|with)\s*$", near))
    bare = len(clause.split()) <= 4 and not question
    if not (tied_to_writer or bare):
        return None
    word = m.group(1)
    for value, pattern in _LEVELS:
        if re.fullmatch(pattern, word):
            return value
    return None


_LIVES = re.compile(r"\b(woon|wonen|woont|live|living|from|uit|kom uit|verhuisd naar|moved to|based in|ik zit in|"
                    r"meant|bedoel|bedoelde|(?:ik|i'?m|im|ben)\b.{0,20}\bin|"
                    r"i'?m in|im in|hier in|wij zijn in|sinds .{0,20} in|niet meer in|not in|don'?t live in|"
                    r"(?:bedrijf|zaak|winkel|bakkerij|salon|kapperszaak|restaurant|business|shop|company|bakery|"
                    r"store|webshop)\w* in|zit op .{0,30} in)\b")
_LEFT_PLACE = re.compile(r"\b(niet meer in|not in|don'?t live in|no longer in|woon niet in|not|niet)\s*$")


def _names_a_place(text: str) -> bool:
    from bot.core.understanding.entities import default_matcher

    return any(e.entity == "location" for e in default_matcher().find(text))


_SELF_AS_PARENT = re.compile(r"\b(?:ik ben|i am|i'm|im)\s+(?:een\s+|a\s+)?(?:alleenstaande\s+|single\s+)?"
                             r"(?:moeder|vader|ouder|mama|papa|mother|father|parent|mum|mom|dad)\b|"
                             r"\b(?:met|with) (?:mijn |my |m'n |mn )?(?:\d+ |twee |drie |two |three )?"
                             r"(?:kinderen|kids|children|zoon|dochter|son|daughter|gezin|family)\b")
_FOR_ME = re.compile(r"\b(voor mij|for me|near me|bij mij|dicht bij mij|close to me|waar ik woon|where i live)\b")


# "ik noemde Zaandam alleen omdat ...": a place the writer mentioned, not where they live
_ONLY_NAMED = re.compile(r"\b(noem\w*|genoemd|zei|zeg|mentioned|said|named)\b")


def _place(clause: str, question: bool) -> Optional[str]:
    """Where the writer lives, from "ik woon in Almere", "from zuidoost", "ik zit in zaandam, niet purmerend"."""
    from bot.core.understanding.entities import default_matcher

    places = [e for e in default_matcher().find(clause) if e.entity == "location"]
    if re.match(r"\s*(?:of|or)\b", clause):
        return None  # "..., of in zaandam of amsterdam": places to search, the other side of a question
    for entity in places:
        # "ik ben moeder van ...", "met mijn 2 kinderen in almere": the writer, not someone else
        before = _SELF_AS_PARENT.sub(" ", clause[:entity.start])[-30:]
        after = clause[entity.end:entity.end + 40]
        if _OTHER_PERSON.search(before) or _LEFT_PLACE.search(before) or _ONLY_NAMED.search(before) or \
                (re.match(r"\s*(?:is|was|zijn)\b", after) and _OTHER_PERSON.search(after)):
            continue  # "purmerend is mijn andere klant"
        if re.match(r"\s*(?:is|zijn)\s+(?:te\s+|erg\s+|zo\s+)?(?:ver|far|too far)\b", after):
            continue  # "is er een school in almere? amsterdam is ver": not where the writer lives
        if _LIVES.search(before) or (len(clause.split()) <= 3 and not question) or \
                (not question and (_SELF.search(clause) or re.search(r"\b(?:in|uit|from)\s*$", before))) or \
                (question and _FOR_ME.search(clause)):
            return entity.value
    return None


def _first(patterns: Iterable[Tuple[str, str]], clause: str) -> Optional[str]:
    for value, pattern in patterns:
        if re.search(pattern, clause):
            return value
    return None


_HYPOTHETICAL = re.compile(r"\b(if i|what if|als ik|stel dat|suppose|zou ik)\b")


# A clause whose subject is someone else: "mijn (oudste) dochter ...", "zij ..."
_SUBJECT_OTHER = re.compile(r"^\W*(?:(?:mijn|my|m'?n|mn|onze|our)\s+(?:\w+\s+)?" + _OTHER_PERSON.pattern +
                            r"|(?:zij|hij|ze|she|he)\b)")


def _other_is_subject(prefix: str) -> bool:
    """The clause so far starts with someone else as its subject and the writer does not come in after them:
    "mijn dochter is 13 en zit op school" (but not "met mijn 2 kids en zit in de bijstand", "mijn zoon is 15 en
    ik zit in de ww")."""
    other = _SUBJECT_OTHER.match(prefix)
    return bool(other) and not re.search(r"\b(?:ik|i|i'?m|im)\b", prefix[other.end():])


def _own_work(clause: str) -> Optional[str]:
    """The writer's work or benefit, not a client's or a neighbour's ("ze zitten in de ww", "what if i was on
    ww")."""
    for value, pattern in _WORK:
        for m in re.finditer(pattern, clause):
            before = clause[max(0, m.start() - 25):m.start()]
            # "met mijn 2 kids en zit in de bijstand": "en zit" goes on with the writer, not the kids
            if value == "employed" and re.search(r"\b(?:geen|no|zonder|without)\s*$", before):
                continue  # "bijstand, geen werk nu"
            goes_on = re.search(r"\b(?:en|and)\s*$", before)
            if (_OTHER_PERSON.search(before) and (not goes_on or _other_is_subject(clause[:m.start()]))) \
                    or _HYPOTHETICAL.search(clause[:m.start()]):
                continue
            return value
    return None


_NOT_SPEAK = re.compile(r"\b(?:don'?t|do not|doesn'?t|can'?t|cannot|niet|geen|no|not)\b")


def _languages(text: str) -> List[str]:
    """Languages named after "ik spreek" / "I speak" (up to the end of the sentence), in the order named."""
    found: List[Tuple[int, str]] = []
    for m in _LANGUAGE.finditer(text):
        tail = re.split(r"[.!?\n]", text[m.start():])[0][:80]
        before = text[max(0, m.start() - 12):m.start()]
        for code, names in LANGUAGE_NAMES.items():
            hit = re.search(rf"\b({names})\b", tail)
            # "i don't speak dutch", "ik spreek geen nederlands": not a language the writer speaks
            # the "not" before the verb covers the first language only: "i dont speak dutch, only english"
            first = not re.search(r",|\b(?:only|alleen|maar|but|wel|en|and)\b", tail[:hit.start()]) if hit else False
            negated = hit and bool((first and _NOT_SPEAK.search(before))
                                   or _NOT_SPEAK.search(tail[max(0, hit.start() - 16):hit.start()]))
            if hit and not negated and code not in [c for _p, c in found]:
                found.append((m.start() + hit.start(), code))
    return [code for _p, code in sorted(found)]


def facts_in(text: str) -> Dict[str, Any]:
    """The facts the writer states about themselves in ``text`` (later clauses win within one message)."""
    facts: Dict[str, Any] = {}
    languages: List[str] = []
    age_strength = len(_AGE)
    previous = ""
    names_a_place = _names_a_place(fold(text or ""))  # the catalog matcher per clause only when it finds one
    for clause, question in clauses(text):
        # "mijn zoon hij is 16, doet vmbo": a clause without its own subject goes on about the person before
        about_other = bool(_OTHER_PERSON.search(previous)) and not re.search(r"\b(ik|i|im|i'?m|ben)\b", clause)
        # "zij is 13 jaar, zit op school": a clause without a subject after one whose subject is someone else
        work_of_other = _SUBJECT_OTHER.match(previous) is not None and not re.search(r"\b(ik|i|im|i'?m|ben)\b",
                                                                                    clause)
        age = _age(clause)
        if age is not None and age[0] == 2 and _OTHER_PERSON.search(previous) and \
                not re.search(r"\b(ik ben|i'?m|i am|im)\b", previous):
            age = None  # "I have a client, 45, ...": a bare number right after someone else is their age
        previous = clause
        if age is not None and age[0] <= age_strength:
            age_strength, facts["age"] = age
        role = _first(_ROLES, clause)
        level = None if role in ("counsellor", "jobcoach") or about_other else _level(clause, question)
        if level is not None:
            facts["education_level"] = level
            mbo = _MBO_LEVEL.search(clause) if level == "mbo" else None
            if mbo:
                facts["mbo_level"] = mbo.group(1)
            if level == "none":
                facts["education_finished"] = "no"
            elif _STILL_IN.search(clause) and not _FINISHED_YES.search(clause):
                facts["education_finished"] = "no"
        if level not in (None, "none") or re.search(r"\bdiploma\b|\bdegree\b", clause):
            if _FINISHED_NO.search(clause):
                facts["education_finished"] = "no"
            elif _FINISHED_YES.search(clause):
                facts["education_finished"] = "yes"
        place = _place(clause, question) if names_a_place else None
        if place is not None:
            facts["location"] = place
        work = _own_work(clause) or ("self_employed" if role == "entrepreneur" else None)
        if work is not None and not work_of_other and (not question or _SELF.search(clause)):
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
        if _CHILDREN_GROWN.search(clause):
            facts["children_in_childcare"] = "no"
        if _NOT_YET.search(clause):
            facts["education_finished"] = "no"
        if _PARTNER_NONE.search(clause) and not (question and "partner" in clause and not _SELF.search(clause)):
            facts["partner_situation"] = "no_partner"
        elif _PARTNER_OTHER.search(clause) and not question:
            facts["partner_situation"] = "other"
        elif _PARTNER_WORKS.search(clause) and not question:
            facts["partner_situation"] = "works_or_studies"
        if role is not None and ROLE_RANK.index(role) >= ROLE_RANK.index(facts.get("role", "student")):
            facts["role"] = role  # a job coach or owner who mentions "mijn dochter" is still a job coach or owner
    facts.update(check_answers(fold(text or "")))
    for code in _languages(fold(text or "")):
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
        if slot == "work_situation" and value == "none_other" and old in ("unemployed_ww", "bijstand"):
            continue  # "ik heb geen werk" from someone on WW or bijstand: the benefit says more
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


_LAPTOP_NO = re.compile(r"\b(geen laptop|no laptop|don'?t have a laptop|heb geen computer|no computer|"
                        r"laptop (?:is )?kapot|laptop (?:is )?broken)\b")
_LAPTOP_YES = re.compile(r"\b(heb (?:een|wel een|al een|mijn eigen|een eigen) laptop|have a laptop|i've got a laptop|"
                         r"laptop heb ik|laptop wel|got a laptop|have my own laptop|eigen laptop|own laptop)\b")
_CHOSEN = re.compile(r"\b(gekozen|ik kies|i chose|i'?ve chosen|i have chosen|i picked|i'?ve picked|picked the|"
                     r"chose the|ik doe de|ik ga de .{0,40} doen|ik heb me (?:al )?aangemeld|i signed up|"
                     r"i'?m signed up|(?:al )?ingeschreven|i'?ve enrolled|i enrolled|i'?m enrolled|i registered)\b")
_NOT_CHOSEN = re.compile(r"\b(nog geen (?:opleiding|cursus) gekozen|niet gekozen|not chosen|haven'?t chosen|"
                         r"no course yet|nog niks gekozen)\b")
_DURATION = re.compile(r"\b(\d{1,2})\s*(maanden|maand|months?|weken|weeks?)\b")


def check_answers(text: str) -> Dict[str, Any]:
    """Answers to the fund check in free text ("ik heb de cursus van 6 maanden gekozen, laptop heb ik"), so
    the check doesn't ask them again."""
    out: Dict[str, Any] = {}
    if _LAPTOP_NO.search(text):
        out["has_laptop"] = "no"
    elif _LAPTOP_YES.search(text):
        out["has_laptop"] = "yes"
    if _NOT_CHOSEN.search(text):
        out["course_chosen"] = "no"
    elif _CHOSEN.search(text):
        out["course_chosen"] = "yes"
        m = _DURATION.search(text)
        if m:
            months = int(m.group(1)) / (4.3 if m.group(2).startswith(("week", "wek")) else 1)
            out["course_short"] = "yes" if months <= 12 else "no"
    return out


def profile_of(slots: Dict[str, Any]) -> Dict[str, Any]:
    return {slot: slots.get(slot) for slot in PROFILE_SLOTS}


# A button's payload ("/inform_education_level{"education_level": "havo"}") states these facts as they are.
PAYLOAD_FACTS = ("education_level", "mbo_level", "role")
_PAYLOAD = re.compile(r"^/\w+(\{.*\})?\s*$", re.DOTALL)


def payload_facts(text: str) -> Optional[Dict[str, Any]]:
    """The profile facts a button's payload carries, or None when ``text`` is no payload."""
    m = _PAYLOAD.match((text or "").strip())
    if not m:
        return None
    try:
        entities = json.loads(m.group(1)) if m.group(1) else {}
    except ValueError:
        return {}
    if not isinstance(entities, dict):
        return {}
    return {k: str(v) for k, v in entities.items() if k in PAYLOAD_FACTS and isinstance(v, (str, int))}


def updates_for(text: str, slots: Dict[str, Any]) -> Dict[str, Any]:
    """The slot values to set after a message: the changed profile facts and ``profile_changes`` (this turn's
    changes as [slot, old, new], so answers can say what changed; emptied on the next turn without changes)."""
    from_payload = payload_facts(text)
    facts = facts_in(text) if from_payload is None else from_payload
    profile = {**profile_of(slots), **{k: slots.get(k) for k in CHECK_SLOTS}}
    _updated, changes = merge(profile, facts)
    updates: Dict[str, Any] = {slot: new for slot, _old, new in changes}
    if changes:
        updates["profile_changes"] = [[slot, old, new] for slot, old, new in changes]
    elif slots.get("profile_changes"):
        updates["profile_changes"] = None
    return updates
