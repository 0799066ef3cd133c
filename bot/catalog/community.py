"""Events near you and stories of people in tech (role models): read-only queries returning plain data."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.catalog.search import haversine_km
from bot.db.models import Event, JobProfile, Location, RoleModel
from bot.db.session import session_scope
from bot.language import normalise_language

NEARBY_KM = 15.0


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
class Story:
    id: str
    name: str
    profile_id: str
    profile_name: str
    story: str
    illustrative: bool


def upcoming_events(today: date, lang: str, place: Optional[str] = None, profile: Optional[str] = None,
                    limit: int = 3, engine: Engine | None = None) -> List[EventItem]:
    """Events from ``today`` on (past ones never). With a place: those within 15 km first, each group by date.
    With a job of interest, events for that job (or for everyone) come before the rest on the same terms."""
    lang = normalise_language(lang)
    with session_scope(engine) as s:
        coords = {loc.id: (loc.lat, loc.lon) for loc in s.execute(select(Location)).scalars()}
        rows = s.execute(select(Event).where(Event.date >= today).order_by(Event.date, Event.time)).scalars().all()
        items = []
        for e in rows:
            distance = None
            if place in coords and e.location_id in coords:
                distance = haversine_km(*coords[place], *coords[e.location_id])
            items.append((e, distance))

        def rank(pair):
            event, distance = pair
            far = distance is not None and distance > NEARBY_KM
            off_topic = bool(profile) and bool(event.profiles) and profile not in event.profiles
            return (far, off_topic, event.date, event.time)

        items.sort(key=rank)
        return [EventItem(
            id=e.id, kind=e.kind, title=getattr(e, f"title_{lang}"), description=getattr(e, f"description_{lang}"),
            date=e.date, time=e.time, place=e.location_id, venue=e.venue, free=e.free, illustrative=e.illustrative,
            distance_km=None if d is None else round(d, 1)) for e, d in items[:limit]]


def stories_for(profile: Optional[str], lang: str, limit: int = 1, engine: Engine | None = None) -> List[Story]:
    """Consented stories about the job of interest (any job when none is known). Only the job is used to
    choose: never the user's gender, age or background."""
    lang = normalise_language(lang)
    with session_scope(engine) as s:
        query = select(RoleModel, JobProfile).join(JobProfile, JobProfile.id == RoleModel.profile_id).where(
            RoleModel.consent_publish.is_(True)).order_by(RoleModel.id)
        if profile:
            query = query.where(RoleModel.profile_id == profile)
        rows = s.execute(query.limit(limit)).all()
        return [Story(id=r.id, name=r.name, profile_id=r.profile_id, profile_name=getattr(p, f"name_{lang}"),
                      story=getattr(r, f"story_{lang}"), illustrative=r.illustrative) for r, p in rows]
