"""What a callback request needs from free text, and what the guide says back.

People answer the callback questions the way they talk: "0612345678 graag na 3 uur bellen", "Ayse. spreekt die
persoon turks?", "ik spreek turks en nederlands". This module finds the contact, the time they prefer, the
languages they speak or ask for, and the name among such remarks; and it words the answer about a liaison's
languages and the confirmation from what the catalog knows (never a guessed name, language or time).
"""
from __future__ import annotations

import re
from typing import Any, Iterable, List, Optional, Sequence, Tuple

from bot.core.people.handoff import EMAIL, LiaisonInfo, parse_contact, parse_name
from bot.core.person.facts import LANGUAGE_NAMES, facts_in
from bot.core.texts import TEXTS, join_words, t
from bot.core.understanding.entities import fold

# A role that asks for someone else (their child, a student, a client): the age check for minors is not theirs.
ASKS_FOR_SOMEONE_ELSE = ("parent", "counsellor", "jobcoach")

_LANG = "|".join(f"(?:{names})" for names in LANGUAGE_NAMES.values())
_WHO = (r"(?:die persoon|deze persoon|de persoon|die contactpersoon|de contactpersoon|diegene|die|deze|hij|zij|ze|ie|"
        r"jullie|iemand|that person|the person|this person|the contact(?: person)?|the liaison|he|she|they|someone|"
        r"somebody|anyone|anybody)")
# "spreekt die persoon turks?", "does that person speak arabic?", "is er iemand die turks spreekt?",
# "kan het gesprek in het turks?". Not "ik spreek turks" (a fact about the writer) nor "spreek jij turks?" (the bot).
_LANGUAGE_QUESTION = re.compile(
    r"\b(?:spreekt|spreken|praat|praten)\s+" + _WHO + r"(?:\s+(?:ook|wel|goed|vloeiend|het))*\s+(" + _LANG + r")\b"
    r"|\b(?:kan|kent)\s+(?:die persoon|de contactpersoon|diegene|die|hij|zij|ze)\s+(?:ook\s+)?(" + _LANG +
    r")\s*(?:\?|$|spreken|praten)"
    r"|\b(?:does|do|can|could|will|would)\s+" + _WHO + r"\s+(?:also\s+)?(?:speak|talk)\s+(?:in\s+)?(" + _LANG +
    r")\b"
    r"|\b(?:iemand|someone|somebody|anyone|anybody)\s+(?:[a-z]+\s+){0,3}?(?:die|who)\s+(?:ook\s+|also\s+)?"
    r"(?:(?:speaks|talks)\s+)?"
    r"(?:het\s+)?(" + _LANG + r")\b"
    r"|\b(?:kan|can)\s+(?:het gesprek|het telefoontje|the call)\s+(?:ook\s+|also\s+)?(?:in|met)\s+(?:het\s+)?(" +
    _LANG + r")\b")

_NUM = r"(?:\d{1,2}(?:[:.]\d{2})?|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|one|two|three|four|" \
       r"five|six|seven|eight|nine|ten|eleven|twelve)"
_CLOCK = _NUM + r"(?:\s*(?:uur|u|h|am|pm|a\.m\.|p\.m\.|o'?clock)\b)?"
_DAY = r"(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|thursday|friday|" \
       r"saturday|sunday)"
_PART = r"(?:ochtend|morgen|middag|avond|morning|afternoon|evening|night)"
_TIME_NOTES = [
    re.compile(p) for p in (
        r"\b(?:overmorgen|morgen(?:ochtend|middag|avond)?|vandaag|vanmiddag|vanavond|vanochtend|tomorrow|today|"
        r"tonight|the day after tomorrow)\b(?:\s+" + _PART + r")?",
        r"\b(?:(?:op|on|elke|every)\s+)?" + _DAY + r"(?:ochtend|middag|avond|s)?\b(?:\s+" + _PART + r")?",
        r"(?:'s|s)\s+(?:ochtends|morgens|middags|avonds)\b",
        r"\b(?:in de|in the|this|deze|this coming)\s+" + _PART + r"\b",
        r"\b(?:deze week|volgende week|next week|this week|in het weekend|at the weekend|on the weekend|"
        r"(?:na|after) (?:school|werk|work|de lunch|lunch|het eten|dinner)|(?:voor|before) (?:de lunch|lunch))\b",
        r"\b(?:tussen|between|van|from)\s+" + _CLOCK + r"\s*(?:en|and|tot|to|till|until|-)\s*" + _CLOCK,
        r"\b" + _NUM + r"\s*-\s*" + _CLOCK + r"\s*(?:uur|u)\b",
        r"\b(?:na|after|vanaf|from|om|at|rond|around|niet voor|not before)\s+" + _CLOCK +
        r"(?!\s*(?:dagen|days?|weken|weeks?|minuten|minutes|jaar|years?|kinderen|keer|times)\b)",
        r"\bna\s+(?:tweeen|drieen|vieren|vijven|zessen|zevenen|achten|negenen|tienen|elven|twaalven)\b",
        r"\b(?:voor|before|tot|until|till)\s+" + _NUM + r"\s*(?:uur|u|h|am|pm)\b",
        r"\b(?:voor|before|tot|until|till)\s+\d{1,2}[:.]\d{2}\b",
        r"\b(?:na|after|voor|before)\s+(?:het middaguur|noon|middernacht|midnight)\b",
    )
]
# Dutch numbers at least 10 digits from a 0 (06-12345678, 020 123 4567), international ones from + or 00.
_PHONE = re.compile(r"(?<![\w+])(?:0(?:[\s\-.]?\d){9}|(?:\+|00)\d(?:[\s\-.()]{0,2}\d){8,13})(?!\d)")
_NAME_NOISE = re.compile(r"\b(?:graag|alsjeblieft|aub|please|bel me|bel mij|call me)\b")


def find_contact(text: str) -> Optional[str]:
    """A phone number or e-mail address anywhere in ``text`` (normalised as :func:`parse_contact` does)."""
    for token in (text or "").split():
        token = token.strip(".,;:!?()<>\"'")
        if EMAIL.match(token):
            return token.lower()
    for m in _PHONE.finditer(text or ""):
        contact = parse_contact(m.group(0))
        if contact:
            return contact
    return parse_contact(text or "")


def _contact_spans(folded: str) -> List[Tuple[int, int]]:
    spans = [m.span() for m in _PHONE.finditer(folded)]
    spans += [m.span() for m in re.finditer(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", folded)]
    return spans


def _time_spans(folded: str) -> List[Tuple[int, int]]:
    taken = _contact_spans(folded)
    found = [m.span() for pattern in _TIME_NOTES for m in pattern.finditer(folded)]
    spans: List[Tuple[int, int]] = []
    for start, end in sorted(found, key=lambda span: span[0] - span[1]):  # the longest reading of a note first
        if any(s < end and start < e for s, e in taken + spans):
            continue  # digits of a phone number, or part of a longer note
        spans.append((start, end))
    return sorted(spans)


def _same_length(text: str) -> str:
    folded = fold(text or "")
    return folded if len(folded) == len(text or "") else ""


def preferred_time(text: str) -> Optional[str]:
    """The time someone asks to be called, in their own words: "na 3 uur", "morgen in de ochtend", "after 5pm"."""
    folded = fold(text or "")
    source = text if _same_length(text) else folded
    spans = _time_spans(folded)
    if not spans:
        return None
    merged: List[List[int]] = []
    for start, end in spans:
        if merged and start - merged[-1][1] <= 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return " ".join(source[s:e].strip(" ,.") for s, e in merged)


def languages_spoken(text: str) -> List[str]:
    """Languages the writer says they speak ("ik spreek turks en nederlands"), as ISO codes."""
    return list(facts_in(text or "").get("languages_spoken") or [])


def languages_asked(text: str) -> List[str]:
    """Languages the writer asks a liaison to speak ("spreekt die persoon turks?"), as ISO codes."""
    folded = fold(text or "")
    found: List[Tuple[int, str]] = []
    for m in _LANGUAGE_QUESTION.finditer(folded):
        tail = re.split(r"[.!?\n]", folded[m.start():])[0][:80]
        for code, names in LANGUAGE_NAMES.items():
            hit = re.search(rf"\b({names})\b", tail)
            if hit and code not in [c for _p, c in found]:
                found.append((m.start() + hit.start(), code))
    return [code for _p, code in sorted(found)]


_STATEMENT = re.compile(r"\b(?:ik spreek|ik praat|i speak|i also speak|mijn moedertaal is|my mother tongue is|"
                        r"my first language is)\b")


_NAMED = re.compile(r"(?i)\b(?:naam|name|heet|called|my name is|mijn naam is)\s*(?:is\s*|:\s*)?"
                    r"([^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*){0,3})")


_YES_FIRST = re.compile(r"(?i)^\W*(?:ja|jawel|yes|yeah|ok|oke|oké|graag|please|goed|prima|sure)\b[\s,.:;!-]*"
                        r"(?:graag|please|alsjeblieft|dank je|thanks)?[\s,.:;!-]*")


def name_among_remarks(text: str) -> Optional[str]:
    """The name in an answer that also holds other things: "Ayse. spreekt die persoon turks?" -> "Ayse",
    "Sam, bel me na 3 uur" -> "Sam", "Ja, graag. Mevrouw De Vries, 075 ..." -> "Mevrouw De Vries". None when no
    name is left."""
    text = _YES_FIRST.sub("", text or "", count=1)
    named = _NAMED.search(text or "")
    if named:  # "niet mij bellen, de klant. naam Ayse"
        return parse_name(named.group(1))
    name = parse_name(text)
    if name and not (languages_asked(text) or _STATEMENT.search(fold(name)) or preferred_time(text)):
        return name
    folded = fold(text or "")
    source = text if _same_length(text) else folded
    cuts = [m.start() for m in _LANGUAGE_QUESTION.finditer(folded)]
    cuts += [m.start() for m in _STATEMENT.finditer(folded)]
    cuts += [s for s, _e in _time_spans(folded) + _contact_spans(folded)]
    cuts += [m.start() for m in _NAME_NOISE.finditer(folded)]
    head = source[:min(cuts)] if cuts else source
    head = re.split(r"[.,;:!?\n]", head)[0] if re.search(r"[^\W\d_]", head) else ""
    return parse_name(head.strip(" -"))


def language_names(codes: Iterable[str], lang: str) -> str:
    return join_words([t(f"lang_name_{c}", lang) if f"lang_name_{c}" in TEXTS else c for c in codes], lang)


def _who(liaison: LiaisonInfo, lang: str) -> str:
    return t("cb_who_example", lang, area=liaison.area) if liaison.illustrative else liaison.name


def language_answer(asked: Sequence[str], liaison: Optional[LiaisonInfo], lang: str, in_request: bool) -> str:
    """Whether the liaison for the user's area speaks the languages asked about, from the catalog only.
    ``in_request``: the user is making a callback request now (the wish goes with it) rather than only asking."""
    wanted = language_names(asked, lang)
    if liaison is None:
        return t("cb_lang_no_place", lang, langs=wanted)
    if not liaison.languages:
        return t("cb_lang_unknown" if in_request else "cb_lang_unknown_offer", lang, who=_who(liaison, lang),
                 langs=wanted)
    missing = [c for c in asked if c not in liaison.languages]
    example = " " + t("cb_example_note", lang) if liaison.illustrative else ""
    if not missing:
        return t("cb_lang_yes", lang, who=_who(liaison, lang), langs=wanted) + example
    key = "cb_lang_no" if in_request else "cb_lang_no_offer"
    return t(key, lang, who=_who(liaison, lang), spoken=language_names(liaison.languages, lang),
             langs=language_names(missing, lang)) + example


def confirmation(name: str, contact: str, liaison: Optional[LiaisonInfo], when: Optional[str],
                 languages: Sequence[str], lang: str) -> str:
    """What happens next: who gets in touch and how, in which languages, and roughly when (only what is known)."""
    real = liaison is not None and not liaison.illustrative
    who = t("cb_who_liaison", lang, name=liaison.name, area=liaison.area) if real else t("cb_who_techconnect", lang)
    how = "cb_mails" if "@" in contact else "cb_calls"
    lines = [t("cb_thanks", lang, name=name), t(how, lang, who=who, contact=contact)]
    if real and liaison.languages:
        common = [c for c in languages if c in liaison.languages]
        if common:
            lines.append(t("cb_talk_in", lang, langs=language_names(common, lang)))
        else:
            lines.append(t("cb_liaison_speaks", lang, name=liaison.name,
                           langs=language_names(liaison.languages, lang)))
    if languages and not (real and [c for c in languages if c in liaison.languages]):
        lines.append(t("cb_passed_languages", lang, langs=language_names(languages, lang)))
    if real and liaison.response_days is not None:
        lines.append(t("cb_within_days", lang, days=str(liaison.response_days)))
    else:
        lines.append(t("cb_soon", lang))
    if when:
        lines.append(t("cb_time_noted", lang, time=when))
    lines.append(t("cb_delete", lang))
    return " ".join(lines)


def already_requested(request: Any, lang: str) -> str:
    """To someone who asks again after their request was stored: it is passed on, with how and when."""
    how = "cb_mails" if "@" in request.contact else "cb_calls"
    lines = [t("cb_already", lang), t(how, lang, who=t("cb_who_techconnect", lang), contact=request.contact)]
    if request.preferred_time:
        lines.append(t("cb_time_noted", lang, time=request.preferred_time))
    return " ".join(lines)


def skips_age_question(role: Optional[str]) -> bool:
    """Parents, counsellors and job coaches ask for someone else: they are adults, not minors to protect."""
    return role in ASKS_FOR_SOMEONE_ELSE
