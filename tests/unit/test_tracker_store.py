"""The tracker stores delete a conversation in the turn that ran action_forget_me, and nothing else."""
import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text

from bot.rasa_ext.patches import kept_state
from bot.rasa_ext.tracker_store import (
    ROWS_READ,
    ForgettingInMemoryTrackerStore,
    ForgettingSQLTrackerStore,
    forget_requested,
)

DOMAIN = Domain.from_yaml("version: '3.1'\nintents: [greet, forget_me, affirm]\n")


def conversation(sender, *events):
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    for event in events:
        tracker.update(event)
    return tracker


def chat(sender):
    return conversation(sender, ActionExecuted("action_listen"), UserUttered("hoi", {"name": "greet"}),
                        ActionExecuted("action_greet"), BotUttered("Hoi!"), ActionExecuted("action_listen"))


def forget_turn(tracker, said="utter_forget_me_done"):
    for event in (UserUttered("ja", {"name": "affirm"}), ActionExecuted("action_answer_yes_no"),
                  ActionExecuted("action_forget_me"), BotUttered("Klaar.", metadata={"utter_action": said}),
                  ActionExecuted("action_listen")):
        tracker.update(event)
    return tracker


def test_only_the_turn_that_ran_forget_me_counts():
    assert not forget_requested(forget_turn(chat("db-down"), said="utter_service_problem"))
    tracker = forget_turn(chat("a"))
    assert forget_requested(tracker)
    tracker.update(UserUttered("hoi opnieuw", {"name": "greet"}))
    assert not forget_requested(tracker)
    assert not forget_requested(chat("b"))


@pytest.fixture(params=["memory", "sqlite"])
def store(request, tmp_path):
    if request.param == "memory":
        return ForgettingInMemoryTrackerStore(DOMAIN)
    return ForgettingSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "conversations.sqlite3"))


async def test_forget_me_deletes_the_whole_conversation_and_only_that(store):
    await store.save(chat("keep"))
    mine = chat("mine")
    await store.save(mine)
    assert (await store.retrieve("mine")) is not None
    await store.save(forget_turn(mine))
    assert await store.retrieve("mine") is None
    assert len((await store.retrieve("keep")).events) == 5
    if isinstance(store, ForgettingSQLTrackerStore):
        with create_engine(f"sqlite:///{store.engine.url.database}").connect() as conn:
            rows = conn.execute(text("SELECT sender_id, count(*) FROM events GROUP BY sender_id")).all()
        assert dict(rows) == {"keep": 5}
    # a new message starts an empty conversation
    await store.save(chat("mine"))
    assert len((await store.retrieve("mine")).events) == 5


async def test_sqlite_conversations_use_the_write_ahead_log(tmp_path):
    path = tmp_path / "conversations.sqlite3"
    store = ForgettingSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(path))
    await store.save(chat("wal"))
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    # the mode is stored in the file: a plain connection sees it too, and the turn is there
    with create_engine(f"sqlite:///{path}").connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("SELECT count(*) FROM events WHERE sender_id = 'wal'")).scalar() == 5


async def test_sqlite_conversations_keep_their_connections(tmp_path):
    """Rasa opens a session per read and per save; on SQLite each used to open (and set up) a new connection."""
    from sqlalchemy import event

    store = ForgettingSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "conversations.sqlite3"))
    connects = []
    event.listen(store.engine, "connect", lambda *_: connects.append(1))
    for turn in range(5):
        await store.save(chat(f"user{turn}"))
        assert len((await store.retrieve(f"user{turn}")).events) == 5
    assert len(connects) <= 1  # one pooled connection for ten sessions (0 if it was opened before listening)


def _stores(url_or_path):
    from rasa.core.tracker_store import SQLTrackerStore

    if str(url_or_path).startswith("postgresql"):
        from sqlalchemy.engine import make_url

        url = make_url(url_or_path)
        kwargs = dict(dialect="postgresql", host=url.host, port=url.port, db=url.database,
                      username=url.username, password=url.password)
    else:
        kwargs = dict(dialect="sqlite", db=str(url_or_path))
    return ForgettingSQLTrackerStore(DOMAIN, **kwargs), SQLTrackerStore(DOMAIN, **kwargs)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_our_lean_store_reads_and_writes_exactly_what_rasas_store_does(tmp_path, backend):
    import os
    import uuid

    from rasa.shared.core.events import SessionStarted

    if backend == "postgresql":
        url = os.environ.get("TEST_POSTGRES_URL", "").strip()
        if not url:
            if os.environ.get("CI"):
                pytest.fail("TEST_POSTGRES_URL must be set in CI")
            pytest.skip("no PostgreSQL (TEST_POSTGRES_URL)")
        from tools.cluster import ensure_database

        ours, rasas = _stores(ensure_database(url, "techconnect_tracker_unit"))  # the catalog has an events table
    else:
        ours, rasas = _stores(tmp_path / "conversations.sqlite3")
    sender = f"lean-{uuid.uuid4().hex[:8]}"
    first = chat(sender)
    await ours.save(first)
    # as Rasa does every turn: read the latest session, add the turn's events, save
    tracker = await rasas.retrieve(sender)
    for event in (SessionStarted(), ActionExecuted("action_listen"), UserUttered("weer hoi", {"name": "greet"}),
                  ActionExecuted("action_greet"), BotUttered("Hoi weer!")):
        tracker.update(event)
    await rasas.save(tracker)
    tracker = await ours.retrieve(sender)
    assert len(tracker.events) == 5 and isinstance(tracker.events[0], SessionStarted)  # the latest session only
    tracker.update(ActionExecuted("action_listen"))
    await ours.save(tracker)
    await ours.save(tracker)  # nothing new: nothing stored twice
    for a, b in ((ours, rasas), (rasas, ours)):
        latest, other = await a.retrieve(sender), await b.retrieve(sender)
        assert list(latest.events) == list(other.events) == list(tracker.events)
        full, other_full = await a.retrieve_full_tracker(sender), await b.retrieve_full_tracker(sender)
        assert list(full.events) == list(other_full.events) == [*first.events, *tracker.events]
    assert await ours.retrieve("nobody") is None


def _statements_sent_to_sqlite(store):
    """Every SQL statement the store's sqlite3 connections run from now on (also those run without SQLAlchemy)."""
    from sqlalchemy import event

    statements = []
    event.listen(store.engine, "connect", lambda connection, _: connection.set_trace_callback(statements.append))
    store.engine.dispose()  # connections opened before are replaced
    return statements


async def test_a_turn_read_from_the_store_is_saved_without_counting_its_rows(tmp_path):
    store = ForgettingSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "conversations.sqlite3"))
    await store.save(chat("counted"))
    statements = _statements_sent_to_sqlite(store)
    tracker = await store.retrieve("counted")
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)
    assert [sql.split()[0] for sql in statements if sql.split()[0] in ("SELECT", "INSERT")] == ["SELECT", "INSERT"]
    assert not [sql for sql in statements if "count(" in sql.lower()]
    # a second save of the same tracker no longer knows what the table holds: it counts, and stores nothing twice
    tracker.update(UserUttered("nog een vraag", {"name": "greet"}))
    await store.save(tracker)
    assert [sql for sql in statements if "count(" in sql.lower()]
    assert list((await store.retrieve("counted")).events) == list(tracker.events)


def _turn(tracker, text="weer hoi", answer="Hoi weer!"):
    for event in (UserUttered(text, {"name": "greet"}), ActionExecuted("action_greet"), BotUttered(answer),
                  ActionExecuted("action_listen")):
        tracker.update(event)
    return tracker


async def test_a_kept_conversation_reads_as_the_table_says(tmp_path, monkeypatch):
    """The next turn of a recent conversation reuses its events and the policies' states, but only while the
    table holds exactly what was kept: another server's turn, a deletion or a new session is read from the table."""
    from bot.rasa_ext.patches import dialogue_states, kept_state, tracker_copy

    path = str(tmp_path / "conversations.sqlite3")
    here, other_server = (ForgettingSQLTrackerStore(DOMAIN, dialect="sqlite", db=path) for _ in range(2))
    await here.save(chat("kept"))  # a new conversation: nothing read here, so nothing kept yet
    tracker = _turn(await here.retrieve("kept"))
    tracker.past_states(DOMAIN)  # the policies' states, as a prediction computes them
    tracker.copy()  # as Rasa does before every action
    await here.save(tracker)

    again = await here.retrieve("kept")
    fresh = await other_server.retrieve("kept")
    assert list(again.events) == list(fresh.events) and again.current_state() == fresh.current_state()
    assert all(a is b for a, b in zip(again.events, tracker.events))  # the kept events, not parsed again
    assert kept_state.get(again, dialogue_states.SCANS) is kept_state.get(tracker, dialogue_states.SCANS)
    assert kept_state.get(again, tracker_copy.REPLAY) is kept_state.get(tracker, tracker_copy.REPLAY)
    assert again.past_states(DOMAIN) == fresh.past_states(DOMAIN)
    assert {n: s.value for n, s in again.slots.items()} == {n: s.value for n, s in fresh.slots.items()}
    assert vars(tracker_copy.clone(again)).keys() >= vars(fresh).keys()

    # a new model (domain) reads the table again
    here.domain = Domain.from_yaml("version: '3.1'\nintents: [greet, forget_me, affirm]\n")
    assert not any(a is b for a, b in zip((await here.retrieve("kept")).events, tracker.events))
    here.domain = DOMAIN

    # another server answers a turn of this conversation: this one must see it
    await other_server.save(_turn(fresh, "van de andere server", "Hallo daar!"))
    after = await here.retrieve("kept")
    assert [e.text for e in after.events if isinstance(e, UserUttered)][-1] == "van de andere server"
    assert list(after.events) == list((await other_server.retrieve("kept")).events)

    # forgetting the conversation drops what is kept; a new conversation under the same id starts empty
    await here.save(forget_turn(await here.retrieve("kept")))
    assert "kept" not in here._kept and await here.retrieve("kept") is None

    # only the most recent conversations are kept
    monkeypatch.setattr("bot.rasa_ext.tracker_store.KEEP_RECENT", 2)
    for sender in ("a", "b", "c"):
        await here.save(chat(sender))
        await here.save(_turn(await here.retrieve(sender)))
    assert list(here._kept) == ["b", "c"]


async def test_with_a_postgresql_schema_set_rasas_session_is_used(tmp_path, monkeypatch):
    from rasa.core.constants import POSTGRESQL_SCHEMA

    store = ForgettingSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "conversations.sqlite3"))
    sessions = []
    original = store.session_scope
    monkeypatch.setattr(store, "session_scope", lambda: sessions.append(1) or original())
    await store.save(chat("plain"))
    assert not sessions  # a connection of its own: Rasa's session adds only the schema check
    monkeypatch.setenv(POSTGRESQL_SCHEMA, "techconnect")
    await store.save(_turn(await store.retrieve("plain")))
    assert len(sessions) == 2 and len((await store.retrieve("plain")).events) == 9


async def test_a_capped_history_is_not_kept(tmp_path):
    store = ForgettingSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "conversations.sqlite3"))
    await store.save(chat("capped"))
    tracker = await store.retrieve("capped")
    capped = DialogueStateTracker.from_events("capped", list(tracker.events), DOMAIN.slots, max_event_history=6)
    kept_state.restore(capped, kept_state.kept(tracker, ROWS_READ))
    await store.save(_turn(capped))
    assert "capped" not in store._kept  # its events no longer line up with the table's rows


async def test_a_turn_that_fails_to_be_stored_leaves_no_part_of_it_behind(tmp_path):
    """SQLite's fast path: the turn's rows go in as one transaction; when one row fails, none are kept, the error
    reaches Rasa, and the connection is fine for the next turn."""
    import sqlite3

    import sqlalchemy as sa

    store = ForgettingSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "conversations.sqlite3"))
    await store.save(chat("failing"))
    with store.engine.begin() as connection:
        connection.execute(sa.text("CREATE TRIGGER no_bots BEFORE INSERT ON events WHEN NEW.type_name = 'bot' "
                                   "BEGIN SELECT RAISE(ABORT, 'no bot rows'); END"))
    tracker = await store.retrieve("failing")
    stored = len(tracker.events)
    _turn(tracker)
    with pytest.raises(sqlite3.IntegrityError, match="no bot rows"):
        await store.save(tracker)
    assert len((await store.retrieve("failing")).events) == stored
    with store.engine.begin() as connection:
        connection.execute(sa.text("DROP TRIGGER no_bots"))
    tracker = _turn(await store.retrieve("failing"))
    await store.save(tracker)
    assert list((await store.retrieve("failing")).events) == list(tracker.events)
