"""Tracker stores that really forget: after ``action_forget_me`` the whole conversation is deleted.

Configured by class path in the endpoints file
(``tracker_store: type: bot.rasa_ext.tracker_store.ForgettingSQLTrackerStore`` plus the usual SQL settings,
or ``bot.rasa_ext.tracker_store.ForgettingInMemoryTrackerStore``). Rasa saves the tracker
at the end of every turn; when that turn ran ``action_forget_me`` the store deletes the conversation instead
of saving it, so the next message starts a new, empty conversation.
"""
from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Dict, Iterator, List, Optional, Text

import sqlalchemy as sa
from rasa.core.constants import POSTGRESQL_SCHEMA
from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.orm import sessionmaker

from bot.core.db.session import pooled_sqlite, use_write_ahead_log
from bot.rasa_ext.patches import dialogue_states, kept_state, tracker_copy

logger = logging.getLogger(__name__)

FORGET_ACTION = "action_forget_me"
FORGET_DONE = "utter_forget_me_done"
# Set on a tracker read from the SQL store: the rows it was built from (LeanSQLTrackerStore).
ROWS_READ = "rows_when_read"  # kept on the tracker (kept_state)
# Conversations whose rows and events LeanSQLTrackerStore keeps in memory (the most recently saved ones).
KEEP_RECENT = 500
# The columns a stored event fills (the id is the table's own).
ROW_COLUMNS = ("sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")
# What a tracker works out from its events and keeps with them (each checks that the events still start with the
# very events it was worked out from): the policies' states, and the replayed copy Rasa takes before each action.
DERIVED = (dialogue_states.SCANS, tracker_copy.REPLAY)


class SQLiteStatement:
    """A Core statement compiled once for SQLite and run on a pooled DBAPI connection: the statement SQLAlchemy
    would send, with the parameters in the order it would bind them."""

    def __init__(self, statement: Any, dialect: Any, column_keys: Optional[List[str]] = None) -> None:
        self.compiled = statement.compile(dialect=dialect, column_keys=column_keys)
        self.sql = str(self.compiled)

    def parameters(self, values: Dict[str, Any]) -> tuple:
        bound = self.compiled.construct_params(values)
        return tuple(bound[key] for key in self.compiled.positiontup)


@dataclass
class KeptConversation:
    rows: List[str]  # the conversation's rows (latest session) as the table holds them
    events: List[Event]  # the events those rows were written from or read into
    derived: Dict[Text, Any]  # what was worked out from those events: the policies' states, the replayed copy
    domain: Any  # the domain (slots) they were read with: a new model reads the table again


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


class LeanSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store with the same tables, rows and queries, read and written through SQLAlchemy Core
    instead of ORM objects. Rasa loads every event of the conversation as an ORM object, counts the stored events
    through an ORM sub-query and flushes one ORM object per new event on every turn: 28 % of the Rasa server's
    time at 20 users on SQLite (py-spy). Here: one column is selected, the count is a plain COUNT, and the new
    events go in as one multi-row INSERT. On SQLite the connections are kept (Rasa's engine opens one per
    session) and commits go to the write-ahead log, which is much cheaper.

    Saving a turn needs to know how many of the tracker's events the table already holds; Rasa counts them with
    a query on every save. A tracker this store has just read carries the rows it was built from (the same
    conditions as the count), and its first save uses their number. Rasa holds the conversation's lock from
    reading to saving, so nothing else can add rows in between. Any later save, or a tracker built elsewhere,
    counts as before.

    Recent conversations (``KEEP_RECENT``) are kept in memory after their turn is saved: the stored rows, the
    event objects they were made from and what was worked out from them (the policies' states,
    bot/rasa_ext/patches/dialogue_states.py; the replayed copy, bot/rasa_ext/patches/tracker_copy.py).
    Each read still reads the rows; only when
    they are exactly the kept rows (same count, same text) are the kept events used instead of parsing every row
    again, and the states and the copy continue from the last turn instead of replaying the whole conversation.
    Rows written by another server, a new session or a deleted conversation differ, and are read as before.
    Without this a turn grew slower with every message (about twice as slow at message 50).

    On an SQLite file, the two statements of every turn (reading the conversation, adding the turn's rows) are
    compiled once and run on the pooled sqlite3 connection itself (``SQLiteStatement``): SQLAlchemy worked out the
    statement's cache key and wrapped the connection, cursor and result on every turn, three times the cost of
    the query (0.17 vs 0.05 ms per read, measured on its own). Same SQL, same rows, same connections (the pool's,
    with their PRAGMAs). Counting the stored rows and PostgreSQL go through SQLAlchemy as before."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.engine = use_write_ahead_log(pooled_sqlite(self.engine))
        self.sessionmaker = sessionmaker(bind=self.engine)
        # Built once: constructing the statements (and their cache keys) per turn cost more than running them.
        sender = sa.bindparam("sender_id")
        event = self.SQLEvent
        self._read_latest_session = self._read(self._conversation(sender, False))
        self._read_all_sessions = self._read(self._conversation(sender, True))
        self._count_latest_session = sa.select(sa.func.count(event.id)).where(*self._conversation(sender, False))
        self._insert = sa.insert(event.__table__)
        self._kept: "OrderedDict[Text, KeptConversation]" = OrderedDict()
        # On SQLite the read of the latest session and the insert of a turn's rows skip SQLAlchemy's execution.
        self._sqlite_read = self._sqlite_insert = None
        if self.engine.dialect.name == "sqlite":
            self._sqlite_read = SQLiteStatement(self._read_latest_session, self.engine.dialect)
            self._sqlite_insert = SQLiteStatement(self._insert, self.engine.dialect, column_keys=list(ROW_COLUMNS))

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Any]:
        """A connection in a transaction, committed when the block ends without an error. Rasa's ORM session
        (``session_scope``) adds only a check of the POSTGRESQL_SCHEMA variable and costs twice the time of a
        read, so it is used only when that variable is set (Rasa's own variable, read here as Rasa reads it)."""
        if os.environ.get(POSTGRESQL_SCHEMA):
            with self.session_scope() as session:
                yield session
                session.commit()
        else:
            with self.engine.begin() as connection:
                yield connection

    def _read(self, conditions: List[Any]) -> Any:
        return sa.select(self.SQLEvent.data).where(*conditions).order_by(self.SQLEvent.id)

    def _conversation(self, sender_id: Any, fetch_events_from_all_sessions: bool) -> List[Any]:
        """The WHERE clause of Rasa's ``_event_query``: the sender's events, from the latest session start on."""
        event = self.SQLEvent
        conditions = [event.sender_id == sender_id]
        if not fetch_events_from_all_sessions:
            session_start = (sa.select(sa.func.max(event.timestamp))
                             .where(event.sender_id == sender_id, event.type_name == SessionStarted.type_name)
                             .scalar_subquery())
            conditions.append(sa.or_(event.timestamp >= session_start, session_start.is_(None)))
        return conditions

    def _sqlite_fast_path(self) -> bool:
        """SQLite, and no POSTGRESQL_SCHEMA variable (with it, every statement goes through Rasa's session)."""
        return self._sqlite_read is not None and not os.environ.get(POSTGRESQL_SCHEMA)

    def _read_rows(self, sender_id: Text, fetch_events_from_all_sessions: bool) -> List[str]:
        if fetch_events_from_all_sessions or not self._sqlite_fast_path():
            with self._transaction() as session:
                query = self._read_all_sessions if fetch_events_from_all_sessions else self._read_latest_session
                return session.execute(query, {"sender_id": sender_id}).scalars().all()
        read, connection = self._sqlite_read, self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(read.sql, read.parameters({"sender_id": sender_id}))
            return [data for (data,) in cursor.fetchall()]
        finally:
            connection.close()  # back to the pool

    def _insert_sqlite_rows(self, rows: List[Dict[str, Any]]) -> None:
        """Add the rows in one transaction (rolled back by the pool when the commit is not reached)."""
        insert = self._sqlite_insert
        connection = self.engine.raw_connection()
        try:
            connection.cursor().executemany(insert.sql, [insert.parameters(row) for row in rows])
            connection.commit()
        finally:
            connection.close()

    async def _retrieve(self, sender_id: Text,
                        fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        rows = self._read_rows(sender_id, fetch_events_from_all_sessions)
        if not (self.domain and rows):
            return None
        kept = None if fetch_events_from_all_sessions else self._kept.get(sender_id)
        if kept is not None and kept.domain is self.domain and kept.rows == rows:
            self._kept.move_to_end(sender_id)
            tracker = self._tracker_from_kept(sender_id, kept)
        else:
            tracker = DialogueStateTracker.from_dict(sender_id, [json.loads(data) for data in rows],
                                                     self.domain.slots)
        if not fetch_events_from_all_sessions:
            kept_state.put(tracker, ROWS_READ, rows)
        return tracker

    def _tracker_from_kept(self, sender_id: Text, kept: KeptConversation) -> DialogueStateTracker:
        """What ``from_events`` would build from the kept events: a clone of their replayed copy, brought up to
        date, when it was replayed from those very events (it is built the same way, event by event from an empty
        tracker)."""
        replay = kept.derived.get(tracker_copy.REPLAY)
        if replay is not None and tracker_copy.starts_with(kept.events, replay.events):
            for event in kept.events[len(replay.events):]:  # the events of the turn after Rasa's last copy
                replay.update(event)
            tracker = tracker_copy.clone(replay)
        else:
            tracker = DialogueStateTracker.from_events(sender_id, kept.events, self.domain.slots)
        kept_state.restore(tracker, kept.derived)
        return tracker

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """Rasa's: the tracker's events the table does not hold yet (same signature as ``SQLTrackerStore``'s, which
        Rasa's ``save`` calls), counted with a plain COUNT."""
        stored = session.execute(self._count_latest_session, {"sender_id": tracker.sender_id}).scalar()
        return itertools.islice(tracker.events, stored, len(tracker.events))

    def _new_events(self, session: Any, tracker: DialogueStateTracker, rows_read: Optional[List[str]]) -> List[Event]:
        """The events to add: after the rows this tracker was read from, when it was read here (no query, no
        session needed), else after the rows the table holds (``_additional_events``)."""
        if rows_read is not None:
            return list(itertools.islice(tracker.events, len(rows_read), len(tracker.events)))
        return list(self._additional_events(session, tracker))

    @staticmethod
    def _rows(sender_id: Text, events: List[Event]) -> List[Dict[str, Any]]:
        rows = []
        for event in events:
            data = event.as_dict()
            rows.append({"sender_id": sender_id, "type_name": event.type_name, "timestamp": data.get("timestamp"),
                         "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                         "action_name": data.get("name"), "data": json.dumps(data)})
        return rows

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        rows_read = kept_state.pop(tracker, ROWS_READ)
        if rows_read is not None and self._sqlite_fast_path():  # the usual turn: the table's rows are known
            new_events = self._new_events(None, tracker, rows_read)
            rows = self._rows(tracker.sender_id, new_events)
            if rows:
                self._insert_sqlite_rows(rows)
        else:
            with self._transaction() as session:
                new_events = self._new_events(session, tracker, rows_read)
                rows = self._rows(tracker.sender_id, new_events)
                if rows:
                    session.execute(self._insert, rows)
        self._keep(tracker, rows_read, new_events, [row["data"] for row in rows])

    def _keep(self, tracker: DialogueStateTracker, rows_read: Optional[List[str]], new_events: List,
              new_rows: List[str]) -> None:
        """Remember what the table now holds for this conversation, when that is certain: the tracker was read
        here, holds its whole history, every event of it is in the table, and no new session started (the next
        read starts there)."""
        sender_id = tracker.sender_id
        if (rows_read is None or tracker.events.maxlen is not None  # a capped history drops its first events
                or len(tracker.events) != len(rows_read) + len(new_events)
                or any(isinstance(event, SessionStarted) for event in new_events)):
            self._kept.pop(sender_id, None)
            return
        derived = kept_state.kept(tracker, *DERIVED)
        self._kept[sender_id] = KeptConversation([*rows_read, *new_rows], list(tracker.events), derived, self.domain)
        self._kept.move_to_end(sender_id)
        while len(self._kept) > KEEP_RECENT:
            self._kept.popitem(last=False)

    def forget_kept(self, sender_id: Text) -> None:
        self._kept.pop(sender_id, None)


class ForgettingSQLTrackerStore(ForgetOnRequest, LeanSQLTrackerStore):
    async def delete(self, sender_id: Text) -> None:
        self.forget_kept(sender_id)
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete(
                synchronize_session=False)
            session.commit()


def purge_conversations(tracker_db_url: str, days: int, now: Optional[datetime] = None) -> int:
    """Delete conversations (all their events) whose last event is older than ``days`` days from a Rasa
    SQL tracker store (table ``events``). Returns the number of conversations deleted."""
    cutoff = ((now or datetime.utcnow()) - timedelta(days=days)).timestamp()
    engine = sa.create_engine(tracker_db_url, future=True)
    try:
        events = SQLTrackerStore.SQLEvent.__table__
        with engine.begin() as conn:
            if not engine.dialect.has_table(conn, events.name):
                return 0
            stale = sa.select(events.c.sender_id).group_by(events.c.sender_id).having(
                sa.func.max(events.c.timestamp) < cutoff)
            senders = list(conn.execute(stale).scalars())
            if senders:
                conn.execute(sa.delete(events).where(events.c.sender_id.in_(senders)))
            return len(senders)
    finally:
        engine.dispose()
