"""Deleting personal data: on request ("forget me") and after the retention period.

Personal rows live in the catalog database (referral links with consents, callback requests, referral codes
made in the chat); conversations live in the tracker store, which :mod:`bot.rasa_ext.tracker_store` empties for a
forgotten user; ``bot.rasa_ext.tracker_store.purge_conversations`` trims conversations by age.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Dict, Optional

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine

from bot.core.db.models import CallbackRequest, Referral, ReferralLink, WhatsAppIdentity
from bot.core.db.session import session_scope
from bot.core.settings import settings

DEFAULT_RETENTION_DAYS = 180
NO_SYNC = {"synchronize_session": False}


def retention_days() -> int:
    """``RETENTION_DAYS`` from the environment (whole days, at least 1), default 180."""
    try:
        return settings().retention_days
    except ValueError:
        return DEFAULT_RETENTION_DAYS


def forget_person(sender_id: str, engine: Engine | None = None) -> Dict[str, int]:
    """Delete every personal row of one user: callback requests, referral links and consents, and referral
    codes this user made as a counsellor (with the links of students who used them)."""
    with session_scope(engine) as s:
        codes = list(s.execute(select(Referral.code).where(Referral.created_by_sender == sender_id)).scalars())
        counts = {
            "callback_requests": s.execute(
                delete(CallbackRequest).where(CallbackRequest.sender_id == sender_id), execution_options=NO_SYNC
            ).rowcount,
            "referral_links": s.execute(delete(ReferralLink).where(
                (ReferralLink.sender_id == sender_id) | ReferralLink.code.in_(codes)), execution_options=NO_SYNC
            ).rowcount,
            "referrals": s.execute(delete(Referral).where(Referral.code.in_(codes)),
                                   execution_options=NO_SYNC).rowcount if codes else 0,
            # the WhatsApp user id that led to this conversation (it sits next to the phone number)
            "whatsapp_identities": s.execute(delete(WhatsAppIdentity).where(
                WhatsAppIdentity.conversation_id == sender_id), execution_options=NO_SYNC).rowcount,
        }
    return counts


def personal_rows(sender_id: str, engine: Engine | None = None) -> int:
    """How many personal rows mention this user (the deletion test expects 0 after forgetting)."""
    with session_scope(engine) as s:
        return sum(s.execute(select(func.count()).select_from(model).where(column == sender_id)).scalar_one()
                   for model, column in ((CallbackRequest, CallbackRequest.sender_id),
                                         (ReferralLink, ReferralLink.sender_id),
                                         (Referral, Referral.created_by_sender),
                                         (WhatsAppIdentity, WhatsAppIdentity.conversation_id)))


def purge_personal_data(days: int, now: Optional[datetime] = None, engine: Engine | None = None) -> Dict[str, int]:
    """Delete callback requests, referral links and referral codes older than ``days`` days."""
    cutoff = (now or datetime.utcnow()) - timedelta(days=days)
    with session_scope(engine) as s:
        return {
            "callback_requests": s.execute(
                delete(CallbackRequest).where(CallbackRequest.created_at < cutoff), execution_options=NO_SYNC
            ).rowcount,
            "referral_links": s.execute(delete(ReferralLink).where(ReferralLink.linked_at < cutoff),
                                        execution_options=NO_SYNC).rowcount,
            "referrals": s.execute(delete(Referral).where(
                Referral.created_at < cutoff, ~Referral.code.in_(select(ReferralLink.code).distinct())),
                execution_options=NO_SYNC).rowcount,
        }
