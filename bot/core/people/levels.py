"""A student's level in their own words ("vmbo basis", "mbo 2", "havo"), for the counsellor's summary.

The profile keeps the broad level (vmbo, mbo, ...) and the mbo level; the vmbo track ("basis", "kader", "tl")
is only in what the student wrote, so it is read from their messages and kept with the broad level.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Optional

from bot.core.understanding.entities import fold

_VMBO = re.compile(r"\b(vmbo|mavo)(?:[- ]?(tl|t|gl|kb|bb|b|k|kader\w*|basis\w*|theoretisch\w*|gemengd\w*))?\b")
_VMBO_TRACKS = (("vmbo tl", ("tl", "t", "theoretisch")), ("vmbo gl", ("gl", "gemengd")),
                ("vmbo kader", ("kb", "k", "kader")), ("vmbo basis", ("bb", "b", "basis")))
_MBO = re.compile(r"\b(?:mbo|mbo[- ]?niveau|niveau|nivo|level)[- ]?([1-4])\b|\b(mbo|entree(?:opleiding)?)\b")
_HAVO = re.compile(r"\bhavo\b")
_VWO = re.compile(r"\b(vwo|gymnasium|atheneum)\b")


def _vmbo(text: str) -> Optional[str]:
    m = _VMBO.search(text)
    if not m:
        return None
    track = m.group(2)
    if track:
        for words, starts in _VMBO_TRACKS:
            if any(track == s or (len(s) > 2 and track.startswith(s)) for s in starts):
                return words
    return m.group(1)


def _mbo(text: str) -> Optional[str]:
    m = _MBO.search(text)
    if not m:
        return None
    if m.group(1):
        return f"mbo {m.group(1)}"
    return "mbo 1" if m.group(2).startswith("entree") else "mbo"


def _one_word(pattern: re.Pattern) -> Callable[[str], Optional[str]]:
    def read(text: str) -> Optional[str]:
        m = pattern.search(text)
        return m.group(0) if m else None
    return read


_READERS = {"vmbo": _vmbo, "mbo": _mbo, "havo": _one_word(_HAVO), "vwo": _one_word(_VWO)}


def level_as_said(texts: Iterable[str], level_id: str) -> Optional[str]:
    """The words for ``level_id`` in the newest message that names it; None when none does (or for levels
    whose catalog name is what people say, such as hbo). A plain "vmbo" or "mbo" counts only when no message
    says more."""
    read = _READERS.get(level_id)
    if read is None:
        return None
    plain = None
    for text in texts:
        words = read(fold(text or ""))
        if words and words not in ("vmbo", "mbo"):
            return words
        plain = plain or words
    return plain


def mbo_words(mbo_level: Optional[str], lang: str) -> Optional[str]:
    if str(mbo_level or "") not in ("1", "2", "3", "4"):
        return None
    return f"mbo {mbo_level}" if lang == "nl" else f"MBO level {mbo_level}"
