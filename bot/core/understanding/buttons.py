"""A typed answer to buttons: "2", "de tweede", the title, or something close to it picks that button, in the
quiz and everywhere, so people who type instead of tap get the same answer as a tap."""
from __future__ import annotations

import re
from typing import Dict, List, Optional

from rapidfuzz import fuzz

from bot.core.understanding.entities import fold

ORDINALS = {"eerste": 1, "first": 1, "een": 1, "one": 1, "tweede": 2, "second": 2, "twee": 2, "two": 2,
            "derde": 3, "third": 3, "drie": 3, "three": 3, "vierde": 4, "fourth": 4, "vier": 4, "four": 4,
            "vijfde": 5, "fifth": 5, "vijf": 5, "five": 5, "laatste": -1, "last": -1}
_NUMBER = re.compile(r"^\s*(?:nr\.?|nummer|number|optie|option|keuze|choice|#)?\s*(\d{1,2})\s*[.)]?\s*$")
_ORDINAL = re.compile(r"^\s*(?:de|het|the|nummer|number|optie|option)?\s*(\w+)\s*(?:optie|option|keuze|one|knop|"
                      r"button)?\s*(?:graag|please|pls)?\s*$")
SIMILAR = 88  # rapidfuzz ratio for "close to the title" (typos: "wat verdien je" ~ "wat verdien je?")


def pick_button(text: str, buttons: List[Dict[str, str]]) -> Optional[str]:
    """The payload of the button ``text`` picks, or None."""
    if not buttons or not text or text.startswith("/"):
        return None
    folded = fold(text).strip()
    m = _NUMBER.match(folded)
    if m:
        n = int(m.group(1))
        return buttons[n - 1].get("payload") if 1 <= n <= len(buttons) else None
    m = _ORDINAL.match(folded)
    if m and m.group(1) in ORDINALS:
        n = ORDINALS[m.group(1)]
        index = len(buttons) - 1 if n == -1 else n - 1
        if 0 <= index < len(buttons):
            return buttons[index].get("payload")
    titles = [re.sub(r"[^\w ]", "", fold(b.get("title") or "")).strip() for b in buttons]
    clean = re.sub(r"[^\w ]", "", folded).strip()
    if len(clean) < 3:
        return None
    scored = [(fuzz.ratio(clean, title), i) for i, title in enumerate(titles) if title]
    best = max(scored, default=(0, -1))
    if best[0] >= SIMILAR and sum(score >= SIMILAR for score, _i in scored) == 1:
        return buttons[best[1]].get("payload")
    return None
