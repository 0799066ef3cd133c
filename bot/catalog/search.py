"""Course search: filters, distance, ranking, paging, and relaxing filters when nothing matches.

The database does the selective work (profile, level, cost, schedule, a bounding box around the place);
Python then computes distances with the haversine formula on the few candidates, ranks them and pages them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Dict, List, Optional, Sequence, Tuple

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Engine

from bot.db.models import Course, CourseLevel, CourseLocation, CourseProfile, Location, Provider
from bot.db.session import session_scope
from bot.language import normalise_language

DEFAULT_RADIUS_KM = 25.0
WIDE_RADIUS_KM = 60.0
ONLINE_DISTANCE_KM = 12.0  # online courses rank like a course about 12 km away
PAGE_SIZE = 3
FORMATS = ("full_time", "part_time", "evening", "online")


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

    def active_filters(self) -> List[str]:
        names = ("profile", "level", "location", "free", "schedule", "target_group", "language", "provider")
        return [n for n in names if getattr(self, n)]


# The order in which filters are relaxed when nothing matches: the least essential first.
RELAX_ORDER = ("radius", "schedule", "language", "target_group", "free", "provider", "level", "location",
               "profile")


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


def _location_coords(session, location_id: str) -> Optional[Tuple[float, float]]:
    loc = session.get(Location, location_id)
    return (loc.lat, loc.lon) if loc else None


def _candidates(session, q: CourseQuery, origin: Optional[Tuple[float, float]]) -> Dict[str, dict]:
    """Course id -> {distance, place, target_groups, languages, illustrative} for courses passing the filters."""
    stmt = (select(Course.id, Course.online, Course.languages, Course.target_groups, Course.illustrative,
                   CourseLocation.location_id, CourseLocation.lat, CourseLocation.lon)
            .outerjoin(CourseLocation, CourseLocation.course_id == Course.id))
    if q.profile:
        stmt = stmt.where(Course.id.in_(select(CourseProfile.course_id).where(CourseProfile.profile_id == q.profile)))
    if q.level:
        stmt = stmt.where(Course.id.in_(select(CourseLevel.course_id).where(CourseLevel.level_id == q.level)))
    if q.free:
        stmt = stmt.where(Course.is_free.is_(True))
    if q.provider:
        stmt = stmt.where(Course.provider_id == q.provider)
    if q.schedule == "part_time":  # evening courses are part-time too
        stmt = stmt.where(or_(Course.part_time.is_(True), Course.evening.is_(True)))
    elif q.schedule in FORMATS:
        stmt = stmt.where(getattr(Course, q.schedule).is_(True))
    if origin is not None:
        dlat = q.radius_km / 111.0
        dlon = q.radius_km / (111.0 * math.cos(math.radians(origin[0])))
        box = and_(CourseLocation.lat.between(origin[0] - dlat, origin[0] + dlat),
                   CourseLocation.lon.between(origin[1] - dlon, origin[1] + dlon))
        stmt = stmt.where(or_(box, Course.online.is_(True)))

    found: Dict[str, dict] = {}
    for cid, online, languages, groups, illustrative, loc_id, lat, lon in session.execute(stmt):
        if q.language and q.language not in (languages or []):
            continue
        if q.target_group and q.target_group not in groups and "everyone" not in groups:
            continue
        distance, place = None, loc_id
        if origin is not None and lat is not None:
            distance = haversine_km(origin[0], origin[1], lat, lon)
            if distance > q.radius_km:
                distance, place = None, None
        entry = found.setdefault(cid, {"distance": None, "place": None, "online": online, "groups": groups,
                                       "illustrative": illustrative})
        if distance is not None and (entry["distance"] is None or distance < entry["distance"]):
            entry["distance"], entry["place"] = distance, place
        elif entry["place"] is None and origin is None:
            entry["place"] = place
    if origin is not None:  # drop courses that are neither near nor online
        found = {cid: e for cid, e in found.items() if e["distance"] is not None or e["online"]}
    return found


def _rank(found: Dict[str, dict], q: CourseQuery) -> List[str]:
    def key(item):
        cid, e = item
        specific = 0 if (q.target_group and q.target_group in e["groups"]) else 1
        distance = e["distance"] if e["distance"] is not None else (ONLINE_DISTANCE_KM if e["online"] else 999)
        return (specific, round(distance, 1), e["illustrative"], cid)

    return [cid for cid, _e in sorted(found.items(), key=key)]


def _hits(session, ids: Sequence[str], found: Dict[str, dict], lang: str) -> List[CourseHit]:
    lang = normalise_language(lang)
    rows = session.execute(select(Course, Provider.name).join(Provider).where(Course.id.in_(list(ids)))).all()
    by_id = {c.id: (c, pname) for c, pname in rows}
    hits = []
    for cid in ids:
        c, pname = by_id[cid]
        e = found[cid]
        place = e["place"] if e["distance"] is not None or not c.online else (e["place"] if e["place"] else None)
        hits.append(CourseHit(
            id=c.id, name=getattr(c, f"name_{lang}"), summary=getattr(c, f"summary_{lang}"),
            provider_id=c.provider_id, provider=pname, place=place,
            distance_km=round(e["distance"], 1) if e["distance"] is not None else None,
            formats=[f for f in FORMATS if getattr(c, f)], duration_weeks=c.duration_weeks,
            cost_eur=c.cost_eur, is_free=c.is_free, cost_note=getattr(c, f"cost_note_{lang}"),
            languages=list(c.languages), target_groups=list(c.target_groups), start_dates=list(c.start_dates),
            start_note=getattr(c, f"start_note_{lang}"), url=c.url, source=c.source,
            illustrative=c.illustrative, illustrative_fields=list(c.illustrative_fields or []),
            diploma_required=c.diploma_required,
        ))
    return hits


def _relax(q: CourseQuery, step: str) -> Optional[CourseQuery]:
    if step == "radius":
        return replace(q, radius_km=WIDE_RADIUS_KM) if q.location and q.radius_km < WIDE_RADIUS_KM else None
    if step == "free":
        return replace(q, free=False) if q.free else None
    return replace(q, **{step: None}) if getattr(q, step) else None


def search(q: CourseQuery, lang: str, engine: Engine | None = None, offset: int = 0,
           limit: int = PAGE_SIZE) -> SearchResult:
    """Courses for ``q``, best first; when nothing matches, filters are relaxed one by one (RELAX_ORDER)."""
    with session_scope(engine) as session:
        origin = _location_coords(session, q.location) if q.location else None
        if q.location and origin is None:
            q = replace(q, location=None)
        found = _candidates(session, q, origin)
        relaxed: List[str] = []
        current = q
        for step in RELAX_ORDER:
            if found:
                break
            looser = _relax(current, step)
            if looser is None:
                continue
            current = looser
            relaxed.append(step)
            origin = _location_coords(session, current.location) if current.location else None
            found = _candidates(session, current, origin)
        ranked = _rank(found, current)
        page = ranked[offset:offset + limit]
        return SearchResult(query=current, total=len(ranked), hits=_hits(session, page, found, lang),
                            offset=offset, relaxed=relaxed, ranked_ids=ranked)


def course_details(course_ids: Sequence[str], lang: str, engine: Engine | None = None) -> List[CourseHit]:
    """Full records for known course ids (for follow-up questions), in the given order."""
    with session_scope(engine) as session:
        found = {cid: {"distance": None, "place": None} for cid in course_ids}
        existing = set(session.execute(select(Course.id).where(Course.id.in_(list(course_ids)))).scalars())
        ids = [cid for cid in course_ids if cid in existing]
        locs = session.execute(select(CourseLocation.course_id, CourseLocation.location_id)
                               .where(CourseLocation.course_id.in_(ids))).all()
        for cid, loc in locs:
            found[cid]["place"] = found[cid]["place"] or loc
        return _hits(session, ids, found, lang)


def provider_courses(provider_id: str, engine: Engine | None = None) -> List[str]:
    with session_scope(engine) as session:
        return list(session.execute(select(Course.id).where(Course.provider_id == provider_id)
                                    .order_by(Course.id)).scalars())
