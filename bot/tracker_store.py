"""Tracker stores that really forget: after ``action_forget_me`` the whole conversation is deleted.

Configured by class path in the endpoints file (``tracker_store: type: bot.tracker_store.ForgettingSQLTrackerStore``
plus the usual SQL settings, or ``bot.tracker_store.ForgettingInMemoryTrackerStore``). Rasa saves the tracker
at the end of every turn; when that turn ran ``action_forget_me`` the store deletes the conversation instead
of saving it, so the next message starts a new, empty conversation.
"""
from __future__ import annotations

import logging
from typing import Any, Text

from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.orm import sessionmaker

from bot import rasa_patches
from bot.db.session import pooled_sqlite, use_write_ahead_log

# Every Rasa server loads its tracker store, also `rasa shell` (make chat), which loads none of our channels:
# our Rasa fixes (bot/rasa_patches.py, e.g. the in-process language decision) apply there too.
rasa_patches.apply()

logger = logging.getLogger(__name__)

FORGET_ACTION = "action_forget_me"
FORGET_DONE = "utter_forget_me_done"


def forget_requested(tracker: DialogueStateTracker) -> bool:
    """``action_forget_me`` ran in the current turn (after the latest user message) and confirmed it deleted
    the personal rows (if the database was down it apologised instead, and the conversation is kept)."""
    ran = confirmed = False
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, ActionExecuted) and event.action_name == FORGET_ACTION:
            ran = True
        if isinstance(event, BotUttered) and (event.metadata or {}).get("utter_action") == FORGET_DONE:
            confirmed = True
    return ran and confirmed


class ForgetOnRequest:
    """Mixin: saving a turn that ran forget-me deletes the conversation instead (``delete`` per store)."""

    async def save(self, tracker: DialogueStateTracker) -> None:
        if forget_requested(tracker):
            await self.delete(tracker.sender_id)
            logger.info("conversation deleted on request")
            return
        await super().save(tracker)  # type: ignore[misc]


class ForgettingInMemoryTrackerStore(ForgetOnRequest, InMemoryTrackerStore):
    async def delete(self, sender_id: Text) -> None:
        self.store.pop(sender_id, None)


class ForgettingSQLTrackerStore(ForgetOnRequest, SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Rasa reads and saves every turn on the event loop. On SQLite: keep the connections (Rasa's engine opens
        # one per session) and commit in WAL mode, which is much cheaper.
        self.engine = use_write_ahead_log(pooled_sqlite(self.engine))
        self.sessionmaker = sessionmaker(bind=self.engine)

    async def delete(self, sender_id: Text) -> None:
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete(
                synchronize_session=False)
            session.commit()
