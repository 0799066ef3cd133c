"""Events near you and stories of people in tech (role models): read-only queries returning plain data.

In production mode (bot/core/catalog/settings.py) records marked illustrative are left out here, in the queries, so no
example event or story can reach a user as real.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.core.catalog import places
from bot.core.catalog.search import haversine_km
from bot.core.catalog.settings import near_km, shows_examples
from bot.core.db.models import Event, JobProfile, RoleModel
from bot.core.db.session import session_scope
from bot.core.language import normalise_language


@dataclass(frozen=True)
class EventItem:
    id: str
    kind: str
    title: str
    description: str
    date: date
    time: str
    place: str
    venue: str
    free: bool
    illustrative: bool
    distance_km: Optional[float]


@dataclass(frozen=True)
class NearbyEvents:
    """Events for a place: ``near`` says whether they are within the near distance. When nothing is near,
    ``events`` are the nearest ones and ``nearest_place``/``nearest_km`` say where and how far."""
    place: Optional[str]
    near: bool
    radius_km: float
    events: List[EventItem] = field(default_factory=list)
    nearest_place: Optional[str] = None
    nearest_km: Optional[float] = None


@dataclass(frozen=True)
class Story:
    id: str
    name: str
    profile_id: str
    profile_name: str
    story: str
    illustrative: bool


def _item(e: Event, lang: str, distance: Optional[float]) -> EventItem:
    return EventItem(
        id=e.id, kind=e.kind, title=getattr(e, f"title_{lang}"), description=getattr(e, f"description_{lang}"),
        date=e.date, time=e.time, place=e.location_id, venue=e.venue, free=e.free, illustrative=e.illustrative,
        distance_km=None if distance is None else round(distance, 1))


def _upcoming(session, today: date) -> List[Event]:
    query = select(Event).where(Event.date >= today)
    if not shows_examples():
        query = query.where(Event.illustrative.is_(False))
    return session.execute(query.order_by(Event.date, Event.time, Event.id)).scalars().all()


def nearby_events(today: date, lang: str, place: Optional[str] = None, profile: Optional[str] = None,
                  limit: int = 3, engine: Engine | None = None) -> NearbyEvents:
    """Upcoming events (past ones never). With a known place only those within ``NEAR_KM`` count as near,
    by date; when none is near, the nearest ones, nearest first, so they are never called near. Events for the
    job of interest (or for everyone) come before the rest on the same terms."""
    lang = normalise_language(lang)
    radius = near_km()

    def off_topic(event: Event) -> bool:
        return bool(profile) and bool(event.profiles) and profile not in event.profiles

    with session_scope(engine) as s:
        coords = places.coordinates(s)
        rows = _upcoming(s, today)
        if place not in coords:
            rows = sorted(rows, key=lambda e: (off_topic(e), e.date, e.time))
            return NearbyEvents(None, True, radius, [_item(e, lang, None) for e in rows[:limit]])
        scored = [(haversine_km(*coords[place], *coords[e.location_id]), e) for e in rows if e.location_id in coords]
        near = [(d, e) for d, e in scored if d <= radius]
        if near:
            near.sort(key=lambda pair: (off_topic(pair[1]), pair[1].date, pair[1].time))
            return NearbyEvents(place, True, radius, [_item(e, lang, d) for d, e in near[:limit]])
        if not scored:
            return NearbyEvents(place, False, radius)
        # nothing near: the nearest ones, nearest first, and where the nearest is and how far
        scored.sort(key=lambda pair: (round(pair[0], 1), off_topic(pair[1]), pair[1].date, pair[1].time))
        nearest_km, nearest = scored[0]
        return NearbyEvents(place, False, radius, [_item(e, lang, d) for d, e in scored[:limit]],
                            nearest_place=nearest.location_id, nearest_km=round(nearest_km, 1))


def upcoming_events(today: date, lang: str, place: Optional[str] = None, profile: Optional[str] = None,
                    limit: int = 3, engine: Engine | None = None) -> List[EventItem]:
    """The events :func:`nearby_events` would show (near ones, else the nearest)."""
    return nearby_events(today, lang, place=place, profile=profile, limit=limit, engine=engine).events


def stories_for(profile: Optional[str], lang: str, limit: int = 1, engine: Engine | None = None) -> List[Story]:
    """Consented stories about the job of interest (any job when none is known). Only the job is used to
    choose: never the user's gender, age or background. Production mode leaves out made-up stories."""
    lang = normalise_language(lang)
    with session_scope(engine) as s:
        query = select(RoleModel, JobProfile).join(JobProfile, JobProfile.id == RoleModel.profile_id).where(
            RoleModel.consent_publish.is_(True)).order_by(RoleModel.id)
        if not shows_examples():
            query = query.where(RoleModel.illustrative.is_(False))
        if profile:
            query = query.where(RoleModel.profile_id == profile)
        rows = s.execute(query.limit(limit)).all()
        return [Story(id=r.id, name=r.name, profile_id=r.profile_id, profile_name=getattr(p, f"name_{lang}"),
                      story=getattr(r, f"story_{lang}"), illustrative=r.illustrative) for r, p in rows]
