"""The ages the guide takes as a person's age, wherever one is read: a free message ("ik ben 24"), a form answer,
a correction. A number outside them is a typo ("im 91" for 19) or no age at all, and is not kept."""
from __future__ import annotations

MIN_AGE = 12
MAX_AGE = 85


def plausible_age(value: object) -> bool:
    """True for a whole number from MIN_AGE to MAX_AGE."""
    return isinstance(value, int) and MIN_AGE <= value <= MAX_AGE
