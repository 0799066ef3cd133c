"""A human when needed: the nearest TechConnect liaison, and callback requests stored only with consent."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import List, Optional, Tuple

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.core.catalog import places
from bot.core.catalog.search import haversine_km
from bot.core.catalog.settings import shows_examples
from bot.core.db.models import CallbackRequest, Liaison
from bot.core.db.session import session_scope
from bot.core.language import normalise_language
from bot.core.people.referrals import utcnow

# Below this age the guide asks no contact details; a parent or carer can ask for the callback instead.
MIN_AGE_FOR_CONTACT = 16
DEFAULT_PLACE = "Amsterdam"

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
NAME = re.compile(r"^[^\W\d_]+(?:[ '\-.][^\W\d_]+)*\.?$")


def too_young_for_contact(age: object) -> bool:
    return isinstance(age, (int, float)) and age < MIN_AGE_FOR_CONTACT


@dataclass(frozen=True)
class LiaisonInfo:
    id: str
    name: str
    place: str
    area: str
    email: Optional[str]
    phone: Optional[str]
    hours: str
    illustrative: bool
    distance_km: Optional[float]
    covers_place: bool = False  # the user's place is in this liaison's area (else it is only the nearest)
    languages: Tuple[str, ...] = ()  # ISO 639 codes; empty when not known
    response_days: Optional[int] = None  # working days until they get in touch; None when not known


@dataclass(frozen=True)
class CallbackItem:
    id: int
    created_at: datetime
    name: str
    contact: str
    language: str
    place: Optional[str]
    liaison_id: Optional[str]
    closed_at: Optional[datetime]
    preferred_time: Optional[str] = None
    languages: Tuple[str, ...] = ()


def _covering_or_nearest(place: str, rows: List[Liaison], coords) -> Tuple[Liaison, Optional[float], bool]:
    """The liaison whose area holds ``place`` (the nearest of them if several), else the nearest one."""
    def distance(row: Liaison) -> float:
        if place in coords and row.location_id in coords:
            return haversine_km(*coords[place], *coords[row.location_id])
        return float("inf")

    covering = [r for r in rows if place in (r.covers or [r.location_id])]
    best = min(covering or rows, key=lambda r: (distance(r), r.id))
    d = distance(best)
    return best, None if d == float("inf") else d, bool(covering)


def nearest_liaison(place: Optional[str], lang: str, engine: Engine | None = None) -> Optional[LiaisonInfo]:
    """The liaison for ``place``: the one whose area holds it, else the nearest (``covers_place`` False). Without
    a known place, the one nearest to Amsterdam (where the programme started). Production mode knows only
    checked liaisons, so None can mean "no real liaison yet"."""
    lang = normalise_language(lang)
    with session_scope(engine) as s:
        coords = places.coordinates(s)
        query = select(Liaison).order_by(Liaison.id)
        if not shows_examples():
            query = query.where(Liaison.illustrative.is_(False))
        rows = s.execute(query).scalars().all()
        if not rows:
            return None
        known = place in coords
        best, distance, covers = _covering_or_nearest(place if known else DEFAULT_PLACE, rows, coords)
        return LiaisonInfo(best.id, best.name, best.location_id, getattr(best, f"area_{lang}"), best.email,
                           best.phone, getattr(best, f"hours_{lang}"), best.illustrative,
                           None if distance is None or not known else round(distance, 1), covers and known,
                           tuple(best.languages or ()), best.response_days)


def liaison_for_request(place: Optional[str], lang: str, engine: Engine | None = None) -> Optional[LiaisonInfo]:
    """Who a callback request goes to: the liaison whose area holds ``place``, else the nearest one. Without a
    known place, no one in particular (None): TechConnect picks someone, the guide names no area for them."""
    liaison = nearest_liaison(place, lang, engine) if place else None
    if liaison is None or not (liaison.covers_place or liaison.distance_km is not None):
        return None  # a place the catalog does not know is no area either
    return liaison


def parse_name(text: str) -> Optional[str]:
    """A first name or full name ('Sanne', 'mijn naam is Ayoub El Idrissi', "I'm Mary-Jane") or None."""
    cleaned = " ".join((text or "").split())
    cleaned = re.sub(r"^(mijn naam is|ik heet|ik ben|my name is|i am|i'm|im|naam:|name:)\s+", "", cleaned,
                     flags=re.IGNORECASE)
    if not 1 < len(cleaned) <= 80 or not NAME.match(cleaned):
        return None
    return cleaned


def parse_contact(text: str) -> Optional[str]:
    """An e-mail address or a phone number (Dutch or international), normalised; None otherwise."""
    raw = (text or "").strip()
    for token in raw.split():
        token = token.strip(".,;()<>")
        if EMAIL.match(token):
            return token.lower()
    digits = re.sub(r"[\s\-().]", "", raw)
    digits = re.sub(r"^(tel|telefoon|phone|nummer|number):?", "", digits, flags=re.IGNORECASE)
    if re.fullmatch(r"\+?\d{10,15}", digits):
        if digits.startswith("00"):
            digits = "+" + digits[2:]
        if digits.startswith("0") and len(digits) == 10:
            digits = "+31" + digits[1:]
        return digits
    return None


def store_callback(sender_id: str, name: str, contact: str, lang: str, place: Optional[str],
                   liaison_id: Optional[str], engine: Engine | None = None, preferred_time: Optional[str] = None,
                   languages: Tuple[str, ...] | List[str] = ()) -> int:
    with session_scope(engine) as s:
        row = CallbackRequest(sender_id=sender_id, name=name, contact=contact, language=normalise_language(lang),
                              place=place, liaison_id=liaison_id, created_at=utcnow(),
                              preferred_time=(preferred_time or None) and preferred_time[:200],
                              languages=list(dict.fromkeys(languages or ())))
        s.add(row)
        s.flush()
        return row.id


def list_callbacks(include_closed: bool = False, liaison_id: Optional[str] = None,
                   engine: Engine | None = None) -> List[CallbackItem]:
    with session_scope(engine) as s:
        query = select(CallbackRequest).order_by(CallbackRequest.created_at, CallbackRequest.id)
        if not include_closed:
            query = query.where(CallbackRequest.closed_at.is_(None))
        if liaison_id:
            query = query.where(CallbackRequest.liaison_id == liaison_id)
        return [CallbackItem(r.id, r.created_at, r.name, r.contact, r.language, r.place, r.liaison_id, r.closed_at,
                             r.preferred_time, tuple(r.languages or ()))
                for r in s.execute(query).scalars()]


def open_callback(sender_id: str, engine: Engine | None = None) -> Optional[CallbackItem]:
    """This person's newest callback request that nobody has handled yet, or None."""
    with session_scope(engine) as s:
        r = s.execute(select(CallbackRequest).where(CallbackRequest.sender_id == sender_id,
                                                    CallbackRequest.closed_at.is_(None))
                      .order_by(CallbackRequest.created_at.desc(), CallbackRequest.id.desc())).scalars().first()
        return None if r is None else CallbackItem(r.id, r.created_at, r.name, r.contact, r.language, r.place,
                                                   r.liaison_id, r.closed_at, r.preferred_time,
                                                   tuple(r.languages or ()))


def close_callback(request_id: int, engine: Engine | None = None) -> bool:
    """Mark a request as handled and erase the name and contact details (the user was told they are deleted
    after the contact); False when there is no open request with that number."""
    with session_scope(engine) as s:
        row = s.get(CallbackRequest, request_id)
        if row is None or row.closed_at is not None:
            return False
        row.closed_at, row.name, row.contact, row.preferred_time = utcnow(), "", "", None
        return True
