"""Counsellors refer students with a code; with the student's consent the counsellor gets a short summary."""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Dict, Iterable, List, Optional
from urllib.parse import quote

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Engine

from bot.core.db.models import Referral, ReferralLink
from bot.core.db.session import get_engine, session_scope
from bot.core.people.levels import level_as_said
from bot.core.settings import settings

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L: a code is read aloud and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
PROGRESS_FIELDS = ("job_profile", "education_level", "mbo_level", "level_said", "location", "courses")
MAX_COURSES = 10
# Codes made at once, one per person: a class is rarely bigger.
MAX_BATCH = 40
SINGLE, GROUP = "single", "group"


def utcnow() -> datetime:
    return datetime.utcnow().replace(microsecond=0)


def new_code() -> str:
    """Six characters with at least one digit (so a typed "start CODE" is recognised,
    see bot/rasa_ext/channels/guard)."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if any(ch.isdigit() for ch in code):
            return code


@dataclass(frozen=True)
class ReferralInfo:
    code: str
    counsellor_name: str
    organisation: str
    revoked: bool = False


@dataclass(frozen=True)
class CodeInfo:
    """One of a counsellor's codes as the list shows it: who it is for, how often it was used, its state."""
    code: str
    label: Optional[str]
    kind: str
    number: Optional[int]
    created_at: datetime
    revoked_at: Optional[datetime]
    used: int

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class StudentSummary:
    """What a consenting student chose; ``student`` is a number per code, never the chat id."""
    student: int
    linked_at: datetime
    job_profile: Optional[str]
    education_level: Optional[str]
    location: Optional[str]
    courses: List[str]
    mbo_level: Optional[str] = None
    level_said: Optional[str] = None  # the level in the student's words, e.g. "vmbo basis"


def create_referral(counsellor_name: str = "", organisation: str = "", created_by_sender: Optional[str] = None,
                    engine: Engine | None = None, label: Optional[str] = None,
                    kind: str = SINGLE) -> ReferralInfo:
    """One code: for one person (``single``) or for a whole class or group (``group``, many may use it)."""
    return create_referrals(1, counsellor_name, organisation, created_by_sender, engine, label, kind)[0]


def create_referrals(count: int, counsellor_name: str = "", organisation: str = "",
                     created_by_sender: Optional[str] = None, engine: Engine | None = None,
                     label: Optional[str] = None, kind: str = SINGLE) -> List[ReferralInfo]:
    """``count`` codes made at once (at most MAX_BATCH); several single codes are numbered 1..count."""
    counsellor_name = " ".join(counsellor_name.split())[:120]
    organisation = " ".join(organisation.split())[:160]
    label = " ".join((label or "").split())[:60] or None
    count = max(1, min(int(count), MAX_BATCH))
    made = []
    now = utcnow()
    with session_scope(engine) as s:
        for number in range(1, count + 1):
            while True:
                code = new_code()
                if s.get(Referral, code) is None and code not in made:
                    break
            s.add(Referral(code=code, counsellor_name=counsellor_name, organisation=organisation,
                           created_by_sender=created_by_sender, created_at=now, label=label,
                           kind=GROUP if kind == GROUP else SINGLE, number=number if count > 1 else None))
            made.append(code)
    return [ReferralInfo(code, counsellor_name, organisation) for code in made]


def normalise_code(code: str) -> str:
    return (code or "").strip().upper()


def find_referral(code: str, engine: Engine | None = None) -> Optional[ReferralInfo]:
    code = normalise_code(code)
    if not code:
        return None
    with session_scope(engine) as s:
        row = s.get(Referral, code)
        return ReferralInfo(row.code, row.counsellor_name, row.organisation, row.revoked_at is not None) \
            if row else None


def link_student(code: str, sender_id: str, engine: Engine | None = None) -> bool:
    """Record that ``sender_id`` arrived with ``code`` (no consent yet). False when the code is unknown or
    revoked."""
    code = normalise_code(code)
    with session_scope(engine) as s:
        row = s.get(Referral, code)
        if row is None or row.revoked_at is not None:
            return False
        exists = s.execute(select(ReferralLink).where(ReferralLink.code == code,
                                                      ReferralLink.sender_id == sender_id)).scalar_one_or_none()
        if exists is None:
            s.add(ReferralLink(code=code, sender_id=sender_id, linked_at=utcnow()))
    return True


def set_consent(sender_id: str, granted: bool, engine: Engine | None = None) -> int:
    """Give or withdraw consent on every referral of this student; withdrawing also drops what was kept.
    A code its counsellor revoked gets no consent again.

    Returns the number of referral links changed (0: the student came without a code)."""
    now = utcnow()
    with session_scope(engine) as s:
        links = s.execute(select(ReferralLink).where(ReferralLink.sender_id == sender_id)).scalars().all()
        if granted:
            revoked = set(s.execute(select(Referral.code).where(
                Referral.code.in_([li.code for li in links]), Referral.revoked_at.is_not(None))).scalars())
            links = [li for li in links if li.code not in revoked]
        for link in links:
            if granted:
                link.consent_given_at, link.consent_revoked_at = now, None
            else:
                link.consent_revoked_at = now
                link.progress = None
        return len(links)


def has_consent(sender_id: str, engine: Engine | None = None) -> bool:
    """Whether ``sender_id`` is linked to a referral code with consent that is not revoked. A plain connection,
    not an ORM session: asked after every catalog answer (remember_progress), where the session cost four times
    the query (0.45 vs 0.1 ms)."""
    with (engine or get_engine()).connect() as connection:
        return connection.execute(_CONSENTING_LINK, {"sender_id": sender_id}).first() is not None


# A link whose consent is given and not revoked.
_CONSENTING = (ReferralLink.consent_given_at.is_not(None), ReferralLink.consent_revoked_at.is_(None))
_CONSENTING_LINK = select(ReferralLink.id).where(  # built once: building it cost as much as running it
    ReferralLink.sender_id == bindparam("sender_id"), *_CONSENTING).limit(1)


def record_progress(sender_id: str, progress: Dict[str, object], engine: Engine | None = None,
                    said: Optional[Callable[[], Iterable[str]]] = None) -> bool:
    """Keep what a consenting student chose (job, level, place, courses looked at); nothing without consent.

    ``said`` gives the student's own messages, newest first, read only for a consenting student: the level in
    their words ("vmbo basis") is kept with the level."""
    progress = {k: v for k, v in progress.items() if k in PROGRESS_FIELDS and v}
    if not has_consent(sender_id, engine):  # most conversations: nobody to keep progress for
        return False
    if progress.get("education_level") and said is not None and "level_said" not in progress:
        words = level_as_said(said(), str(progress["education_level"]))
        if words:
            progress["level_said"] = words
    with session_scope(engine) as s:
        links = s.execute(select(ReferralLink).where(ReferralLink.sender_id == sender_id, *_CONSENTING)).scalars().all()
        for link in links:
            merged = dict(progress)
            old = link.progress or {}
            if "level_said" not in merged and old.get("level_said") and \
                    old.get("education_level") == merged.get("education_level"):
                merged["level_said"] = old["level_said"]  # said once, still true while the level stays
            # courses looked at add up over the conversation (the slot holds only the last page)
            seen = list(old.get("courses") or [])
            merged["courses"] = (seen + [c for c in progress.get("courses") or [] if c not in seen])[-MAX_COURSES:]
            if not merged["courses"]:
                del merged["courses"]
            if link.progress != merged:
                link.progress = merged
        return bool(links)


def summaries_for_code(code: str, engine: Engine | None = None) -> List[StudentSummary]:
    """The consenting students of one code, numbered in the order they arrived."""
    code = normalise_code(code)
    with session_scope(engine) as s:
        links = s.execute(select(ReferralLink).where(ReferralLink.code == code)
                          .order_by(ReferralLink.linked_at, ReferralLink.id)).scalars().all()
        result = []
        for number, link in enumerate(links, start=1):
            if link.consent_given_at is None or link.consent_revoked_at is not None:
                continue
            p = link.progress or {}
            result.append(StudentSummary(number, link.linked_at, p.get("job_profile"), p.get("education_level"),
                                         p.get("location"), list(p.get("courses") or []), p.get("mbo_level"),
                                         p.get("level_said")))
        return result


def codes_of_counsellor(sender_id: str, engine: Engine | None = None, active_only: bool = False) -> List[str]:
    with session_scope(engine) as s:
        query = select(Referral.code).where(Referral.created_by_sender == sender_id)
        if active_only:
            query = query.where(Referral.revoked_at.is_(None))
        return list(s.execute(query.order_by(Referral.created_at, Referral.number)).scalars())


def code_list(sender_id: str, engine: Engine | None = None) -> List[CodeInfo]:
    """Every code made in this conversation, oldest first, with how many people arrived with it."""
    with session_scope(engine) as s:
        rows = s.execute(select(Referral).where(Referral.created_by_sender == sender_id)
                         .order_by(Referral.created_at, Referral.number)).scalars().all()
        used: Dict[str, int] = {}
        for code in s.execute(select(ReferralLink.code).where(
                ReferralLink.code.in_([r.code for r in rows]))).scalars():
            used[code] = used.get(code, 0) + 1
        return [CodeInfo(r.code, r.label, r.kind or SINGLE, r.number, r.created_at, r.revoked_at, used.get(r.code, 0))
                for r in rows]


REVOKED, ALREADY, NOT_FOUND = "revoked", "already", "not_found"


def revoke_code(code: str, sender_id: Optional[str], engine: Engine | None = None) -> str:
    """Revoke ``code`` for the conversation that made it (``sender_id``; None: an operator on the command line).

    A revoked code welcomes nobody any more, and what was kept through it for the counsellor is deleted: the
    students who used it share nothing more through it. Returns REVOKED, ALREADY or NOT_FOUND; someone else's
    code is NOT_FOUND, so nobody learns which codes exist."""
    code = normalise_code(code)
    now = utcnow()
    with session_scope(engine) as s:
        row = s.get(Referral, code) if code else None
        if row is None or (sender_id is not None and row.created_by_sender != sender_id):
            return NOT_FOUND
        if row.revoked_at is not None:
            return ALREADY
        row.revoked_at = now
        for link in s.execute(select(ReferralLink).where(ReferralLink.code == code)).scalars():
            link.progress = None
            if link.consent_given_at is not None and link.consent_revoked_at is None:
                link.consent_revoked_at = now
        return REVOKED


def student_counts(code: str, engine: Engine | None = None) -> Dict[str, int]:
    code = normalise_code(code)
    with session_scope(engine) as s:
        links = s.execute(select(ReferralLink).where(ReferralLink.code == code)).scalars().all()
        consenting = sum(1 for li in links if li.consent_given_at and not li.consent_revoked_at)
        return {"arrived": len(links), "consenting": consenting}


def links_for(code: str) -> Dict[str, str]:
    """How a student starts with this code on each channel. Links need the public names from the environment:
    ``TELEGRAM_BOT_USERNAME``, ``WHATSAPP_DISPLAY_NUMBER`` (digits, e.g. 31612345678), ``WEB_CHAT_URL``."""
    links = {"type": f"start {code}"}
    bot_name = (settings().telegram_bot_username or "").lstrip("@")
    if bot_name:
        from telegram.helpers import create_deep_linked_url  # python-telegram-bot loads in 0.2 s: only when asked

        try:
            links["telegram"] = create_deep_linked_url(bot_name, code)
        except ValueError:  # a name Telegram cannot have (under 4 characters): a link to it would lead nowhere
            logger.error("TELEGRAM_BOT_USERNAME %r is no Telegram username: no Telegram link", bot_name)
    number = "".join(ch for ch in settings().whatsapp_display_number or "" if ch.isdigit())
    if number:
        links["whatsapp"] = f"https://wa.me/{number}?text={quote('start ' + code)}"
    web = settings().web_chat_url or ""
    if web:
        links["web"] = f"{web}{'&' if '?' in web else '?'}start={quote(code)}"
    return links
