"""Read-only catalog queries. They return plain dataclasses in one language, never ORM objects."""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.db.models import EducationLevel, JobProfile, Route, RouteType
from bot.db.session import session_scope
from bot.language import normalise_language


def _pick(obj, attr: str, lang: str):
    return getattr(obj, f"{attr}_{normalise_language(lang)}")


@dataclass(frozen=True)
class ProfileSummary:
    id: str
    name: str
    summary: str


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    summary: str
    day: str
    skills: List[str]
    sectors: List[str]
    math_level: str
    salary_min: int
    salary_max: int
    salary_period: str
    salary_illustrative: bool
    salary_source: str
    source: str


@dataclass(frozen=True)
class Level:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class RouteOption:
    route_type_id: str
    name: str
    description: str
    duration: str
    diploma_needed: bool
    examples: List[str]
    illustrative: bool
    source: str


@dataclass(frozen=True)
class RouteAdvice:
    profile: ProfileSummary
    level: Level
    options: List[RouteOption]
    note: str


def list_profiles(lang: str, engine: Engine | None = None) -> List[ProfileSummary]:
    with session_scope(engine) as s:
        rows = s.execute(select(JobProfile).order_by(JobProfile.id)).scalars().all()
        return [ProfileSummary(r.id, _pick(r, "name", lang), _pick(r, "summary", lang)) for r in rows]


def get_profile(profile_id: str, lang: str, engine: Engine | None = None) -> Optional[Profile]:
    with session_scope(engine) as s:
        r = s.get(JobProfile, profile_id)
        if r is None:
            return None
        return Profile(
            id=r.id, name=_pick(r, "name", lang), summary=_pick(r, "summary", lang), day=_pick(r, "day", lang),
            skills=list(_pick(r, "skills", lang)), sectors=list(_pick(r, "sectors", lang)),
            math_level=_pick(r, "math_level", lang), salary_min=r.salary_min, salary_max=r.salary_max,
            salary_period=r.salary_period, salary_illustrative=r.salary_illustrative,
            salary_source=_pick(r, "salary_source", lang), source=r.source,
        )


def get_level(level_id: str, lang: str, engine: Engine | None = None) -> Optional[Level]:
    with session_scope(engine) as s:
        r = s.get(EducationLevel, level_id)
        if r is None:
            return None
        return Level(r.id, _pick(r, "name", lang), _pick(r, "description", lang))


def list_levels(lang: str, engine: Engine | None = None) -> List[Level]:
    with session_scope(engine) as s:
        rows = s.execute(select(EducationLevel).order_by(EducationLevel.order)).scalars().all()
        return [Level(r.id, _pick(r, "name", lang), _pick(r, "description", lang)) for r in rows]


def _route_option(rt: RouteType, lang: str) -> RouteOption:
    return RouteOption(
        route_type_id=rt.id, name=_pick(rt, "name", lang), description=_pick(rt, "description", lang),
        duration=_pick(rt, "duration", lang), diploma_needed=rt.diploma_needed, examples=list(rt.examples or []),
        illustrative=rt.illustrative, source=rt.source,
    )


def routes_for(profile_id: str, level_id: str, lang: str, engine: Engine | None = None) -> Optional[RouteAdvice]:
    """The ways into ``profile_id`` from ``level_id``, best first; None if the profile or level is unknown."""
    with session_scope(engine) as s:
        profile = s.get(JobProfile, profile_id)
        level = s.get(EducationLevel, level_id)
        if profile is None or level is None:
            return None
        rows = s.execute(
            select(Route, RouteType)
            .join(RouteType, Route.route_type_id == RouteType.id)
            .where(Route.profile_id == profile_id, Route.level_id == level_id)
            .order_by(Route.position)
        ).all()
        options = [_route_option(rt, lang) for _route, rt in rows]
        note = _pick(rows[0][0], "note", lang) if rows else ""
        return RouteAdvice(
            profile=ProfileSummary(profile.id, _pick(profile, "name", lang), _pick(profile, "summary", lang)),
            level=Level(level.id, _pick(level, "name", lang), _pick(level, "description", lang)),
            options=options, note=note,
        )


def first_routes_for_level(level_id: str, lang: str, engine: Engine | None = None) -> List[tuple]:
    """For every profile, its best route from ``level_id``: [(ProfileSummary, RouteOption)], by profile id."""
    with session_scope(engine) as s:
        rows = s.execute(
            select(JobProfile, RouteType)
            .join(Route, Route.profile_id == JobProfile.id)
            .join(RouteType, Route.route_type_id == RouteType.id)
            .where(Route.level_id == level_id, Route.position == 0)
            .order_by(JobProfile.id)
        ).all()
        return [
            (ProfileSummary(p.id, _pick(p, "name", lang), _pick(p, "summary", lang)), _route_option(rt, lang))
            for p, rt in rows
        ]
