"""Course search: filters, distance, ranking, paging, and relaxing filters when nothing matches.

The database does the selective work (profile, level, cost, schedule, a bounding box around the place);
Python then computes distances with the haversine formula on the few candidates, ranks them and pages them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.core.catalog import fit, places
from bot.core.catalog.cache import cached_by_version
from bot.core.catalog.schema import FORMATS
from bot.core.catalog.settings import shows_examples
from bot.core.db.models import Course, CourseLevel, CourseLocation, CourseProfile, Provider
from bot.core.db.session import get_engine, session_scope
from bot.core.language import normalise_language

DEFAULT_RADIUS_KM = 25.0
WIDE_RADIUS_KM = 60.0
ONLINE_DISTANCE_KM = 12.0  # online courses rank like a course about 12 km away
PAGE_SIZE = 3


@dataclass(frozen=True)
class CourseQuery:
    profile: Optional[str] = None
    level: Optional[str] = None
    location: Optional[str] = None
    free: bool = False
    schedule: Optional[str] = None          # full_time | part_time | evening | online
    target_group: Optional[str] = None      # women | over_40 | young_people | unemployed | sme_owners
    language: Optional[str] = None          # instruction language nl | en
    provider: Optional[str] = None
    radius_km: float = DEFAULT_RADIUS_KM
    declined_group: Optional[str] = None    # "women-only isn't for me": courses only for that group are left out
    person: fit.Person = fit.Person()       # age, mbo level, work: admission rules that are never relaxed

    def active_filters(self) -> List[str]:
        names = ("profile", "level", "location", "free", "schedule", "target_group", "language", "provider")
        return [n for n in names if getattr(self, n)]


# The order in which filters are relaxed when nothing matches: the least essential first. The level and the
# person's admission (fit.Person) are never relaxed: a course that does not admit someone is no answer.
RELAX_ORDER = ("radius", "schedule", "language", "target_group", "free", "provider", "location", "profile")


@dataclass(frozen=True)
class CourseHit:
    id: str
    name: str
    summary: str
    provider_id: str
    provider: str
    place: Optional[str]
    distance_km: Optional[float]
    formats: List[str]
    duration_weeks: Optional[int]
    cost_eur: Optional[int]
    is_free: bool
    cost_note: Optional[str]
    languages: List[str]
    target_groups: List[str]
    start_dates: List[str]
    start_note: Optional[str]
    url: Optional[str]
    source: str
    illustrative: bool
    illustrative_fields: List[str]
    diploma_required: bool
    awards: Optional[str] = None            # the diploma it leads to; None: not accredited
    min_age: Optional[int] = None


@dataclass(frozen=True)
class SearchResult:
    query: CourseQuery
    total: int
    hits: List[CourseHit]
    offset: int
    relaxed: List[str] = field(default_factory=list)   # filters dropped (or widened) to find anything
    ranked_ids: List[str] = field(default_factory=list)

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.hits) < self.total


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


class CourseIndex:
    """The searchable part of the catalog as NumPy arrays, loaded once per catalog version.

    The database stays the source of truth: the index is rebuilt after an import (see bot/core/catalog/cache.py).
    Filtering, distances and ranking are vectorised; only the page shown is read from the database.
    """

    def __init__(self, session) -> None:
        rows = session.execute(select(Course.id, Course.is_free, Course.full_time, Course.part_time, Course.evening,
                                      Course.online, Course.illustrative, Course.provider_id, Course.languages,
                                      Course.target_groups, Course.illustrative_fields, Course.min_age,
                                      Course.max_age, Course.min_mbo_level, Course.needs_employer, Course.awards)
                               .order_by(Course.id)).all()
        self.ids = np.array([r[0] for r in rows], dtype=object)
        self.position = {cid: i for i, cid in enumerate(self.ids)}
        n = len(rows)
        col = lambda k: np.array([bool(r[k]) for r in rows], dtype=bool)  # noqa: E731
        self.free, self.full_time, self.part_time, self.evening, self.online, self.illustrative = (
            col(1), col(2), col(3), col(4), col(5), col(6))
        self.provider = np.array([r[7] for r in rows], dtype=object)
        self.min_age = np.array([r[11] if r[11] is not None else -1 for r in rows], dtype=np.int64)
        self.max_age = np.array([r[12] if r[12] is not None else 999 for r in rows], dtype=np.int64)
        self.min_mbo_level = np.array([r[13] or 0 for r in rows], dtype=np.int64)
        self.needs_employer = np.array([bool(r[14]) for r in rows], dtype=bool)
        self.owners_only = np.array([fit.only_for_owners(r[9] or []) for r in rows], dtype=bool)
        self.on_request = np.array([fit.only_on_request(r[9] or []) for r in rows], dtype=bool)
        self.award_rank = np.array([fit.AWARD_RANK.get(r[15], 0) for r in rows], dtype=np.int64)
        # a course whose very name is an example is not a real listing; production mode never offers it, and
        # there an unchecked fee does not count as free
        self.invented = np.array(["name" in (r[10] or []) for r in rows], dtype=bool)
        self.checked_free = self.free & np.array(["cost_eur" not in (r[10] or []) for r in rows], dtype=bool)
        self.language = {code: np.array([code in (r[8] or []) for r in rows], dtype=bool) for code in ("nl", "en")}
        groups = {g for r in rows for g in (r[9] or [])} | {"everyone"}
        self.group = {g: np.array([g in (r[9] or []) for r in rows], dtype=bool) for g in groups}
        self.profile = self._membership(session, CourseProfile.course_id, CourseProfile.profile_id, n)
        self.level = self._membership(session, CourseLevel.course_id, CourseLevel.level_id, n)
        locs = session.execute(select(CourseLocation.course_id, CourseLocation.location_id, CourseLocation.lat,
                                      CourseLocation.lon)).all()
        self.loc_course = np.array([self.position[c] for c, _l, _a, _o in locs], dtype=np.int64)
        self.loc_id = np.array([loc for _c, loc, _a, _o in locs], dtype=object)
        self.loc_lat = np.radians(np.array([a for _c, _l, a, _o in locs], dtype=float))
        self.loc_lon = np.radians(np.array([o for _c, _l, _a, o in locs], dtype=float))
        # the first location row of each course (-1: online only), for results without a place asked for
        self.first_loc = np.full(n, -1, dtype=np.int64)
        if len(self.loc_course):
            courses, first = np.unique(self.loc_course, return_index=True)
            self.first_loc[courses] = first
        self.places = places.coordinates(session)

    def _membership(self, session, course_col, key_col, n: int) -> Dict[str, np.ndarray]:
        masks: Dict[str, np.ndarray] = {}
        for cid, key in session.execute(select(course_col, key_col)):
            masks.setdefault(key, np.zeros(n, dtype=bool))[self.position[cid]] = True
        return masks

    def _mask(self, q: CourseQuery) -> np.ndarray:
        n = len(self.ids)
        examples = shows_examples()
        mask = np.ones(n, dtype=bool) if examples else ~self.invented
        none = np.zeros(n, dtype=bool)
        if q.profile:
            mask &= self.profile.get(q.profile, none)
        if q.level:
            mask &= self.level.get(q.level, none)
        if q.free:
            mask &= self.free if examples else self.checked_free
        if q.provider:
            mask &= self.provider == q.provider
        if q.schedule == "part_time":  # evening courses are part-time too
            mask &= self.part_time | self.evening
        elif q.schedule in FORMATS:
            mask &= getattr(self, q.schedule)
        if q.language:
            mask &= self.language.get(q.language, none)
        if q.target_group:
            mask &= self.group.get(q.target_group, none) | self.group["everyone"]
        if q.declined_group in self.group:
            mask &= ~self.group[q.declined_group] | self.group["everyone"]
        return mask & self._admits(q)

    def _admits(self, q: CourseQuery) -> np.ndarray:
        """Courses whose admission rules let this person in (the property tests state them per course)."""
        p = q.person
        mask = np.ones(len(self.ids), dtype=bool)
        if p.age is not None:
            mask &= (self.min_age <= p.age) & (self.max_age >= p.age)
        if p.level == "mbo" and p.mbo_level is not None:
            mask &= self.min_mbo_level <= p.mbo_level
        if p.work_situation in fit.WITHOUT_EMPLOYER:
            mask &= ~self.needs_employer
        if not p.is_owner and q.target_group != "sme_owners":  # courses for entrepreneurs: to owners, or on request
            mask &= ~self.owners_only
        if q.target_group != "women":
            mask &= ~self.on_request
        return mask

    def candidates(self, q: CourseQuery) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(course positions ranked best first, distance per course (nan = none), nearest location row)."""
        mask = self._mask(q)
        n = len(self.ids)
        distance = np.full(n, np.nan)
        nearest = np.full(n, -1, dtype=np.int64)
        origin = self.places.get(q.location) if q.location else None
        if origin is not None and len(self.loc_course):
            lat0, lon0 = math.radians(origin[0]), math.radians(origin[1])
            a = (np.sin((self.loc_lat - lat0) / 2) ** 2
                 + math.cos(lat0) * np.cos(self.loc_lat) * np.sin((self.loc_lon - lon0) / 2) ** 2)
            d = 2 * 6371.0 * np.arcsin(np.sqrt(a))
            rows = np.flatnonzero(d <= q.radius_km)
            # nearest location per course: order rows by (course, distance), keep each course's first row
            rows = rows[np.lexsort((d[rows], self.loc_course[rows]))]
            courses, first = np.unique(self.loc_course[rows], return_index=True)
            nearest[courses] = rows[first]
            distance[courses] = d[rows[first]]
            mask &= ~np.isnan(distance) | self.online
        else:
            nearest = self.first_loc
        positions = np.flatnonzero(mask)
        specific = np.ones(len(positions), dtype=np.int8)
        if q.target_group and q.target_group in self.group:
            specific = np.where(self.group[q.target_group][positions], 0, 1)
        dist = distance[positions]
        rank_distance = np.where(np.isnan(dist), np.where(self.online[positions], ONLINE_DISTANCE_KM, 999.0),
                                 np.round(dist, 1))
        # a diploma the person already has (mbo 2-4 for an mbo-4 graduate) comes after what takes them further
        behind = (self.award_rank[positions] > 0) & (self.award_rank[positions] <= q.person.reached())
        # taught in a language the person said they do not speak: after the ones they can follow
        reads = q.person.reads()
        unreadable = np.zeros(len(positions), dtype=bool)
        if reads:
            unreadable = ~np.logical_or.reduce([self.language[code][positions] for code in reads])
        order = np.lexsort((positions, self.illustrative[positions], rank_distance, unreadable, behind, specific))
        return positions[order], distance, nearest


def course_index(session, engine_key: str) -> CourseIndex:
    return cached_by_version(session, engine_key, "course_index", CourseIndex)


# Values shown to users that a course can mark as unchecked (illustrative_fields); demo marks them "voorbeeld".
SHOWN_UNCHECKED = {"cost_eur": {"cost_eur": None, "is_free": False, "cost_note": None},
                   "duration_weeks": {"duration_weeks": None},
                   "start_note": {"start_note": None, "start_dates": []},
                   "start_dates": {"start_note": None, "start_dates": []},
                   "url": {"url": None}}


def checked_values_only(hit: CourseHit) -> CourseHit:
    """Production mode: drop the example values of a real course (a fee, a duration, a start, a web address
    nobody checked), so it shows "ask the school" instead of an example presented as a quote."""
    changes: Dict[str, object] = {}
    for name in hit.illustrative_fields:
        changes.update(SHOWN_UNCHECKED.get(name, {}))
    remaining = [f for f in hit.illustrative_fields if f not in SHOWN_UNCHECKED]
    return replace(hit, illustrative=False, illustrative_fields=remaining, **changes)


def _hits(session, index: CourseIndex, positions: Sequence[int], distance: np.ndarray, nearest: np.ndarray,
          lang: str) -> List[CourseHit]:
    lang = normalise_language(lang)
    ids = [index.ids[p] for p in positions]
    rows = session.execute(select(Course, Provider.name).join(Provider).where(Course.id.in_(ids))).all()
    by_id = {c.id: (c, pname) for c, pname in rows}
    hits = []
    for pos, cid in zip(positions, ids):
        c, pname = by_id[cid]
        d = distance[pos]
        place = index.loc_id[nearest[pos]] if nearest[pos] >= 0 else None
        hits.append(CourseHit(
            id=c.id, name=getattr(c, f"name_{lang}"), summary=getattr(c, f"summary_{lang}"),
            provider_id=c.provider_id, provider=pname, place=place,
            distance_km=None if np.isnan(d) else round(float(d), 1),
            formats=[f for f in FORMATS if getattr(c, f)], duration_weeks=c.duration_weeks,
            cost_eur=c.cost_eur, is_free=c.is_free, cost_note=getattr(c, f"cost_note_{lang}"),
            languages=list(c.languages), target_groups=list(c.target_groups), start_dates=list(c.start_dates),
            start_note=getattr(c, f"start_note_{lang}"), url=c.url, source=c.source,
            illustrative=c.illustrative, illustrative_fields=list(c.illustrative_fields or []),
            diploma_required=c.diploma_required, awards=c.awards, min_age=c.min_age,
        ))
    return hits if shows_examples() else [checked_values_only(h) for h in hits]


def _relax(q: CourseQuery, step: str) -> Optional[CourseQuery]:
    if step == "radius":
        return replace(q, radius_km=WIDE_RADIUS_KM) if q.location and q.radius_km < WIDE_RADIUS_KM else None
    if step == "free":
        return replace(q, free=False) if q.free else None
    return replace(q, **{step: None}) if getattr(q, step) else None


def search(q: CourseQuery, lang: str, engine: Engine | None = None, offset: int = 0,
           limit: int = PAGE_SIZE) -> SearchResult:
    """Courses for ``q``, best first; when nothing matches, filters are relaxed one by one (RELAX_ORDER)."""
    engine = engine or get_engine()
    with session_scope(engine) as session:
        index = course_index(session, str(engine.url))
        if q.location and q.location not in index.places:
            q = replace(q, location=None)
        ranked, distance, nearest = index.candidates(q)
        relaxed: List[str] = []
        current = q
        for step in RELAX_ORDER:
            if len(ranked):
                break
            looser = _relax(current, step)
            if looser is None:
                continue
            current = looser
            relaxed.append(step)
            ranked, distance, nearest = index.candidates(current)
        page = ranked[offset:offset + limit]
        return SearchResult(query=current, total=len(ranked), hits=_hits(session, index, page, distance, nearest,
                                                                         lang),
                            offset=offset, relaxed=relaxed, ranked_ids=index.ids[ranked].tolist())


def course_details(course_ids: Sequence[str], lang: str, engine: Engine | None = None) -> List[CourseHit]:
    """Full records for known course ids (for follow-up questions), in the given order."""
    engine = engine or get_engine()
    with session_scope(engine) as session:
        index = course_index(session, str(engine.url))
        positions = [index.position[cid] for cid in course_ids if cid in index.position
                     and (shows_examples() or not index.invented[index.position[cid]])]
        no_distance = np.full(len(index.ids), np.nan)
        return _hits(session, index, positions, no_distance, index.first_loc, lang)


def provider_courses(provider_id: str, engine: Engine | None = None) -> List[str]:
    with session_scope(engine) as session:
        return list(session.execute(select(Course.id).where(Course.provider_id == provider_id)
                                    .order_by(Course.id)).scalars())


def provider_fee(provider_id: Optional[str], engine: Engine | None = None) -> Optional[str]:
    """"no" when every course of the provider is free (a checked fee of 0), "yes" when every one has a fee,
    None when it differs or is not known: the fund check then asks."""
    if not provider_id:
        return None
    with session_scope(engine or get_engine()) as session:
        rows = session.execute(select(Course.cost_eur, Course.illustrative_fields)
                               .where(Course.provider_id == provider_id)).all()
    checked = [cost for cost, unchecked in rows if cost is not None and "cost_eur" not in (unchecked or [])]
    if not rows or len(checked) < len(rows):
        return None
    if all(cost == 0 for cost in checked):
        return "no"
    return "yes" if all(cost > 0 for cost in checked) else None
