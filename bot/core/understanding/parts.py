"""Split a chat message into the questions it holds: "kan ik een cursus doen? en hou ik mijn uitkering" ->
two parts. Sentences end at ?, !, . and new lines; inside a sentence a new part starts where a joining word
("en", "ook", "btw", "and also", a comma) is followed by the start of a question: a question word ("wat",
"how") or a verb before its subject ("kan ik", "is het", "do i")."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List

_WH = r"wat|hoe|hoeveel|waar|wanneer|welke|welk|wie|waarom|what|how|where|when|which|who|why|whats|what's|" \
      r"whether|of er"
_VERB = (r"kan|kun|kunnen|moet|moeten|is|zijn|heb|hebben|mag|krijg|krijgt|kost|kosten|wordt|word|zou|zal|ben|"
         r"verdien|verdient|duurt|betaal|betaalt|earn|earns|pay|pays|need|needs|"
         r"bestaat|weet|hou|houd|blijf|ga|gaat|can|could|do|does|did|is|are|should|will|would|am|may|have|has")
_SUBJECT = r"ik|je|jij|u|er|het|dat|dit|jullie|we|wij|mijn|i|you|it|there|they|my|this|that|me|mn|m'n|" \
           r"hij|zij|ze|she|he|we|mijn \w+|my \w+|the \w+|de \w+|het \w+"
QUESTION_START = r"(?:(?:" + _WH + r")\b|(?:" + _VERB + r")\s+(?:" + _SUBJECT + r")\b)"
_CONNECTOR = r"(?:en ook|en|ook|verder|daarnaast|btw|plus|and also|and|also|oh en|oh and|nog een vraag|" \
             r"another question|of|or)"
# sentences end at . ? ! a new line, or a colon before a space ("mijn vraag: welke banen ...")
_SENTENCE = re.compile(r"(?:[^.?!\n:]|:(?!\s))+[.?!:]*", re.UNICODE)
# after a comma and "and"/"en", a verb starts a question whatever its subject ("..., and does UWV pay for it?")
_JOIN = re.compile(r"(?:\s*,\s*(?:" + _CONNECTOR + r"\s+)?|\s+" + _CONNECTOR + r"\s+)(?=" + QUESTION_START + r")"
                   r"|\s*,\s*(?:and|en)\s+(?=(?:" + _VERB + r")\s+\w+)", re.IGNORECASE)
# A full stop after a common abbreviation ("kl." for klant, "evt.", "bv.", "o.a.") followed by a lower-case word
# is no sentence end: "Kan ik kl. doorverwijzen?" is one question. It is masked while splitting.
_ABBREVIATION_STOP = re.compile(
    r"(?<![\w.])(?i:kl|evt|bv|bijv|ca|incl|excl|nr|tel|vs|etc|dhr|mevr|mw|jr|zgn|resp|o\.a|i\.p\.v|m\.b\.t|"
    r"d\.w\.z|t\.z\.t|z\.s\.m|e\.g|i\.e)(\.)(?=\s+[a-z0-9\u00df-\u00ff])")
_MASK = "\u2024"  # one dot leader: the same length, so every span stays as it is
_LEADING = re.compile(r"^(?:" + _CONNECTOR + r")\s+", re.IGNORECASE)
_ASKS_START = re.compile(r"^\W*" + QUESTION_START, re.IGNORECASE)
REQUEST = re.compile(r"\b(ik wil|wil ik (?:eerst |graag |ook )?weten|i want to know|"
                     r"ik zoek|ik wil graag|graag|vertel|laat .{0,20}zien|i want|i need|i'm looking|"
                     r"im looking|looking for|tell me|show me|please|ik zou graag|i'd like|i would like|help me|"
                     r"help mij|zoek|geef|give me|stuur|send me)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Part:
    text: str
    start: int
    end: int
    asks: bool  # a question or a request, not only a statement
    question: bool = False  # plainly a question: a question mark or a question word


def mask_abbreviations(text: str, mask: str = _MASK) -> str:
    """``text`` with the full stop of "kl. naar werk", "evt. een verslag" replaced by ``mask`` (one character)."""
    return _ABBREVIATION_STOP.sub(lambda m: m.group(0)[:-1] + mask, text)


def split(text: str) -> List[Part]:
    """The parts of ``text`` in order, with their spans in ``text``."""
    original = text or ""
    text = mask_abbreviations(original)
    parts: List[Part] = []
    for sentence in _SENTENCE.finditer(text):
        s_text, s_start = sentence.group(), sentence.start()
        asked = s_text.rstrip().endswith("?")
        joins = [m for m in _JOIN.finditer(s_text) if m.start() > 0]
        bounds = zip([0] + [m.end() for m in joins], [m.start() for m in joins] + [len(s_text)])
        for a, b in bounds:
            stripped = _LEADING.sub("", s_text[a:b].strip(" ,\t")).rstrip(" ,")
            if not re.search(r"\w", stripped):
                continue
            start = s_start + s_text.find(stripped, a)
            ends_question = asked and b == len(s_text)
            question = ends_question or bool(_ASKS_START.match(stripped))
            asks = question or bool(REQUEST.search(stripped))
            parts.append(Part(stripped, start, start + len(stripped), asks, question))
    return [Part(original[p.start:p.end], p.start, p.end, p.asks, p.question) for p in _joined_fragments(text, parts)]


def _joined_fragments(text: str, parts: List[Part]) -> List[Part]:
    """A question of one or two words before another question is part of it: "and hbo? how much is that". A
    question that starts with "or" is the other side of the one before: "mag ik leren met ww? of raak ik die
    dan kwijt?"."""
    out: List[Part] = []
    for part in parts:
        alternative = out and out[-1].question and (
            re.match(r"(?i)(?:of|or)\b", part.text) or re.search(r"(?i)\b(?:of|or)\s*$", text[out[-1].end:part.start]))
        if alternative or (out and out[-1].question and len(out[-1].text.split()) <= 2 and part.asks):
            head = out.pop()
            part = Part(text[head.start:part.end], head.start, part.end, True, True)
        out.append(part)
    return out
