"""What fits the person: admission rules and the level someone already reached, applied to courses and routes.

The catalog says who a course or route admits (age, level, mbo level, an employer); this module says what that
means for one person. Only facts the person gave about themselves count: the age a parent, counsellor or job
coach gives is their own, not their child's or client's, so it never filters for them. Nothing here looks at
gender, name or origin.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence, Tuple

# Roles that ask on behalf of someone else: their own age and work do not describe the person they ask about.
ON_BEHALF = ("parent", "counsellor", "jobcoach")
WITHOUT_EMPLOYER = ("unemployed_ww", "bijstand", "none_other", "self_employed")
AWARD_RANK = {"entree": 1, "mbo2": 2, "mbo3": 3, "mbo": 3, "mbo4": 4, "hbo": 5, "wo": 6}


@dataclass(frozen=True)
class Person:
    """The facts about the person a search or route is for; None = not known."""
    age: Optional[int] = None
    level: Optional[str] = None            # the level a search is for (education_levels.yml id)
    mbo_level: Optional[int] = None        # 1-4 when level is mbo
    work_situation: Optional[str] = None
    role: Optional[str] = None             # an owner sees courses for entrepreneurs without asking
    languages: Tuple[str, ...] = ()        # languages the person said they speak (ISO codes)

    @property
    def is_owner(self) -> bool:
        return self.role == "entrepreneur" or self.work_situation == "self_employed"

    def reads(self) -> Tuple[str, ...]:
        """Languages of instruction this person can follow, of those courses are taught in; () = not known."""
        return tuple(code for code in ("nl", "en") if code in self.languages)

    def reached(self) -> int:
        """Rank of the diploma the person has (AWARD_RANK scale), 0 when unknown or below mbo."""
        if self.level == "mbo":
            return {1: 1, 2: 2, 3: 3, 4: 4}.get(self.mbo_level or 0, 0)
        return {"hbo": 5, "wo": 6}.get(self.level or "", 0)


def person_from_facts(age, level: Optional[str], mbo_level, work_situation: Optional[str],
                      role: Optional[str], own_level: bool = True, languages: Sequence[str] = ()) -> Person:
    """A Person from profile slots. ``own_level`` is False when the level was named for someone else ("what can
    my son do with vmbo?"): then the writer's mbo level says nothing about it."""
    on_behalf = role in ON_BEHALF
    return Person(
        age=None if on_behalf else _int(age),
        level=level,
        mbo_level=_int(mbo_level) if own_level and level == "mbo" else None,
        work_situation=None if on_behalf else work_situation,
        role=role,
        languages=() if on_behalf else tuple(languages or ()),
    )


def _int(value) -> Optional[int]:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


# --- courses -------------------------------------------------------------------------------------------------

def only_for_owners(target_groups: Sequence[str]) -> bool:
    return bool(target_groups) and set(target_groups) <= {"sme_owners"}


def only_on_request(target_groups: Sequence[str]) -> bool:
    """A course only for women is offered when someone asks for one ("is er iets voor vrouwen?"), never picked
    for a person: the guide does not guess anyone's gender (routes.yml women_programme follows the same rule)."""
    return bool(target_groups) and set(target_groups) <= {"women"}


# --- routes --------------------------------------------------------------------------------------------------

def fit_routes(route_ids: Sequence[str], person: Person) -> List[str]:
    """The route types for this person, best first, from the catalog's list for their profile and level.

    - With mbo 4 someone goes on to hbo: "first finish mbo 4" (mbo_to_hbo) goes, and hbo comes first.
    - Below mbo 4, hbo is not open directly: it becomes the route via mbo 4.
    - Under 18, the schools without a diploma requirement (Codam is 18+) come last.
    """
    routes = list(dict.fromkeys(route_ids))
    if person.level == "mbo" and person.mbo_level == 4:
        routes = ["hbo_ict"] + [r for r in routes if r not in ("mbo_to_hbo", "hbo_ict", "mbo_ict")]
    elif person.level == "mbo" and person.mbo_level is not None and person.mbo_level < 4:
        routes = list(dict.fromkeys("mbo_to_hbo" if r == "hbo_ict" else r for r in routes))
    if person.age is not None and person.age < 18 and "school_no_diploma" in routes:
        routes = [r for r in routes if r != "school_no_diploma"] + ["school_no_diploma"]
    return routes


def examples_for(examples: Iterable, level: Optional[str]) -> List[str]:
    """Example names to show: plain names always, examples limited to levels only for those levels."""
    shown = []
    for example in examples or []:
        if isinstance(example, str):
            shown.append(example)
        elif level in (example.get("levels") or []):
            shown.append(example["name"])
    return shown
