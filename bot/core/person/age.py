"""The ages the guide takes as a person's age, wherever one is read: a free message ("ik ben 24"), a form answer,
a correction. A number outside them is a typo ("im 91" for 19) or no age at all, and is not kept. From 10: pupils
of the last primary school years write too, and a callback request from them gets the under-16 guidance."""
from __future__ import annotations

from typing import Optional

MIN_AGE = 10
MAX_AGE = 85


def plausible_age(value: object) -> bool:
    """True for a whole number from MIN_AGE to MAX_AGE."""
    return isinstance(value, int) and MIN_AGE <= value <= MAX_AGE


def within_limits(age: int, low: Optional[int], high: Optional[int]) -> bool:
    """``age`` is at least ``low`` and at most ``high``; None is no limit on that side (a course's or a rule's
    age limits)."""
    return (low is None or age >= low) and (high is None or age <= high)
