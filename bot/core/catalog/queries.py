"""Read-only catalog queries. They return plain dataclasses in one language, never ORM objects.

Profiles, levels and routes are small tables (10 profiles, 7 levels, 10 route types, 180 routes) that only an
import changes. They are read once per catalog version into an in-memory copy (``CatalogTables``, through
bot/core/catalog/cache.py), so an answer costs no query: before, each of these functions cost 0.25-0.65 ms of
database work per call. Lists in the copy are shared: callers get their own (``list(...)``).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Dict, List, Optional, Tuple

from sqlalchemy import inspect, select
from sqlalchemy.engine import Engine

from bot.core.catalog import fit
from bot.core.catalog.cache import cached_by_version, fresh
from bot.core.db.models import EducationLevel, JobProfile, Route, RouteType
from bot.core.db.session import get_engine, session_scope
from bot.core.language import normalise_language


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
    admission: Optional[str] = None   # who may start, in words


@dataclass(frozen=True)
class RouteAdvice:
    profile: ProfileSummary
    level: Level
    options: List[RouteOption]
    note: str


@dataclass(frozen=True)
class CatalogTables:
    """Column values of every profile, level, route type and route, as plain objects (no ORM session)."""
    profiles: Dict[str, Any]          # by id, ordered by id
    levels: Dict[str, Any]            # by id, ordered by `order`
    route_types: Dict[str, Any]
    routes: Dict[Tuple[str, str], List[Any]]  # (profile id, level id) -> routes ordered by position


def _plain(row) -> SimpleNamespace:
    return SimpleNamespace(**{attr.key: getattr(row, attr.key) for attr in inspect(type(row)).column_attrs})


def _read_tables(session) -> CatalogTables:
    routes: Dict[Tuple[str, str], List[Any]] = defaultdict(list)
    for r in session.execute(select(Route).order_by(Route.profile_id, Route.level_id, Route.position)).scalars():
        routes[(r.profile_id, r.level_id)].append(_plain(r))
    return CatalogTables(
        profiles={r.id: _plain(r) for r in session.execute(select(JobProfile).order_by(JobProfile.id)).scalars()},
        levels={r.id: _plain(r) for r in session.execute(select(EducationLevel).order_by(EducationLevel.order))
                .scalars()},
        route_types={r.id: _plain(r) for r in session.execute(select(RouteType)).scalars()},
        routes=dict(routes),
    )


def catalog_tables(engine: Engine | None = None) -> CatalogTables:
    """The in-memory copy for the current catalog version (the version is checked every few seconds)."""
    engine = engine or get_engine()
    key = str(engine.url)
    tables = fresh(key, "small_tables")
    if tables is not None:
        return tables
    with session_scope(engine) as s:
        return cached_by_version(s, key, "small_tables", _read_tables)


def _summary(p, lang: str) -> ProfileSummary:
    return ProfileSummary(p.id, _pick(p, "name", lang), _pick(p, "summary", lang))


def _level(r, lang: str) -> Level:
    return Level(r.id, _pick(r, "name", lang), _pick(r, "description", lang))


def list_profiles(lang: str, engine: Engine | None = None) -> List[ProfileSummary]:
    return [_summary(p, lang) for p in catalog_tables(engine).profiles.values()]


def get_profile(profile_id: str, lang: str, engine: Engine | None = None) -> Optional[Profile]:
    r = catalog_tables(engine).profiles.get(profile_id)
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
    r = catalog_tables(engine).levels.get(level_id)
    return _level(r, lang) if r is not None else None


def list_levels(lang: str, engine: Engine | None = None) -> List[Level]:
    return [_level(r, lang) for r in catalog_tables(engine).levels.values()]


def _route_option(rt, lang: str, level_id: Optional[str] = None) -> RouteOption:
    return RouteOption(
        route_type_id=rt.id, name=_pick(rt, "name", lang), description=_pick(rt, "description", lang),
        duration=_pick(rt, "duration", lang), diploma_needed=rt.diploma_needed,
        examples=fit.examples_for(rt.examples, level_id), illustrative=rt.illustrative, source=rt.source,
        admission=getattr(rt, f"admission_{normalise_language(lang)}", None),
    )


def routes_for(profile_id: str, level_id: str, lang: str, engine: Engine | None = None,
               person: Optional[fit.Person] = None) -> Optional[RouteAdvice]:
    """The ways into ``profile_id`` from ``level_id``, best first; None if the profile or level is unknown.
    With ``person``, the order and choice fit their age and the mbo level reached (bot/core/catalog/fit.py)."""
    tables = catalog_tables(engine)
    profile, level = tables.profiles.get(profile_id), tables.levels.get(level_id)
    if profile is None or level is None:
        return None
    routes = tables.routes.get((profile_id, level_id), [])
    catalog_ids = [r.route_type_id for r in routes]
    ids = fit.fit_routes(catalog_ids, person) if person is not None else catalog_ids
    # the catalog's note speaks about its own first route; a changed first route speaks for itself
    note = _pick(routes[0], "note", lang) if routes and ids[:1] == catalog_ids[:1] else ""
    return RouteAdvice(
        profile=_summary(profile, lang), level=_level(level, lang),
        options=[_route_option(tables.route_types[r], lang, level_id) for r in ids if r in tables.route_types],
        note=note,
    )


def first_routes_for_level(level_id: str, lang: str, engine: Engine | None = None) -> List[tuple]:
    """For every profile, its best route from ``level_id``: [(ProfileSummary, RouteOption)], by profile id."""
    tables = catalog_tables(engine)
    return [
        (_summary(p, lang), _route_option(tables.route_types[routes[0].route_type_id], lang, level_id))
        for p in tables.profiles.values()
        if (routes := tables.routes.get((p.id, level_id))) and routes[0].position == 0
    ]
