"""Our tracker stores (bot/rasa_ext/tracker_store.py) keep the contract of the Rasa 3.6 classes they extend.

Rasa's base classes call the methods we override with their own arguments: ``SQLTrackerStore.save`` calls
``self._additional_events(session, tracker)``. An override that wants more arguments breaks every Rasa caller,
so each override here must take exactly the base class's parameters. The stores must also answer what Rasa's
own stores answer for the same conversation (read back the latest session, the full history, nothing stored
twice). SQL on SQLite, and on PostgreSQL when TEST_POSTGRES_URL is set (required in CI).

Rasa's tests/core/test_tracker_stores.py (3.6 API) was also run against these stores, outside the repository
(docs/testing.md); its code is not part of this repository.
"""
import inspect
import os
import uuid

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Restarted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_ext import tracker_store as ours
from bot.rasa_ext.tracker_store import ForgettingInMemoryTrackerStore, ForgettingSQLTrackerStore, LeanSQLTrackerStore

DOMAIN = Domain.from_yaml("version: '3.1'\nintents: [greet, ask_course]\nslots:\n"
                          "  course: {type: text, mappings: [{type: custom}]}\n")
OUR_STORES = (LeanSQLTrackerStore, ForgettingSQLTrackerStore, ForgettingInMemoryTrackerStore)


def _rasa_methods(store_class):
    """(name, our function, Rasa's function) for every method our classes define over one of Rasa's."""
    rasa_classes = [c for c in store_class.__mro__ if c.__module__.startswith("rasa.")]
    for owner in store_class.__mro__:
        if owner.__module__ != ours.__name__:
            continue
        for name, function in vars(owner).items():
            base = next((vars(c)[name] for c in rasa_classes if name in vars(c)), None)
            if callable(function) and callable(base) and name != "__init__":  # ours: (*args, **kwargs)
                yield name, function, base


@pytest.mark.parametrize("store_class", OUR_STORES, ids=lambda c: c.__name__)
def test_our_overrides_take_exactly_the_arguments_rasa_passes(store_class):
    overrides = list(_rasa_methods(store_class))
    assert overrides, "nothing compared"
    for name, function, base in overrides:
        assert list(inspect.signature(function).parameters) == list(inspect.signature(base).parameters), name
        assert inspect.iscoroutinefunction(function) == inspect.iscoroutinefunction(base), name


def test_the_sql_store_overrides_rasas_count_of_stored_events():
    assert "_additional_events" in {name for name, _, _ in _rasa_methods(ForgettingSQLTrackerStore)}


def _postgres_url(database: str) -> str:
    url = os.environ.get("TEST_POSTGRES_URL", "").strip()
    if not url:
        if os.environ.get("CI"):
            pytest.fail("TEST_POSTGRES_URL must be set in CI")
        pytest.skip("no PostgreSQL (TEST_POSTGRES_URL)")
    from tools.cluster import ensure_database

    url = ensure_database(url, database)
    engine = sa.create_engine(url)
    try:
        SQLTrackerStore.SQLEvent.__table__.drop(engine, checkfirst=True)  # every test starts from an empty table
    finally:
        engine.dispose()
    return url


def _sql_kwargs(backend: str, tmp_path, name: str) -> dict:
    if backend == "postgresql":
        return {"host": _postgres_url(f"techconnect_rasa_contract_{name}")}
    return {"dialect": "sqlite", "db": str(tmp_path / f"{name}.sqlite3")}


@pytest.fixture(params=["sqlite", "postgresql"])
def sql_store(request, tmp_path):
    return ForgettingSQLTrackerStore(DOMAIN, **_sql_kwargs(request.param, tmp_path, "ours"))


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def both_stores(request, tmp_path):
    """Ours and Rasa's store of the same kind, each on its own storage."""
    if request.param == "memory":
        return ForgettingInMemoryTrackerStore(DOMAIN), InMemoryTrackerStore(DOMAIN)
    return (ForgettingSQLTrackerStore(DOMAIN, **_sql_kwargs(request.param, tmp_path, "ours")),
            SQLTrackerStore(DOMAIN, **_sql_kwargs(request.param, tmp_path, "rasa")))


def _first_visit(sender: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, [
        ActionExecuted(ACTION_SESSION_START_NAME, timestamp=1), SessionStarted(timestamp=2),
        ActionExecuted(ACTION_LISTEN_NAME, timestamp=3), UserUttered("hoi", {"name": "greet"}, timestamp=4),
        BotUttered("Hoi! Waarmee kan ik helpen?", timestamp=5), ActionExecuted(ACTION_LISTEN_NAME, timestamp=6),
    ], DOMAIN.slots)


def _a_turn():
    return [UserUttered("welke cursus past bij mij", {"name": "ask_course"}, timestamp=7),
            SlotSet("course", "python", timestamp=8), BotUttered("Kijk eens naar Python.", timestamp=9),
            ActionExecuted(ACTION_LISTEN_NAME, timestamp=10)]


def _restart_and_new_session():
    return [UserUttered("/restart", timestamp=11), Restarted(timestamp=12),
            ActionExecuted(ACTION_SESSION_START_NAME, timestamp=13), SessionStarted(timestamp=14),
            ActionExecuted(ACTION_LISTEN_NAME, timestamp=15), UserUttered("hoi", {"name": "greet"}, timestamp=16)]


async def _turn(store, sender, events):
    """A turn as Rasa runs it: read the latest session, add the turn's events, save."""
    tracker = await store.retrieve(sender)
    for event in events:
        tracker.update(event)
    await store.save(tracker)
    return tracker


async def test_additional_events_as_rasa_calls_it_gives_only_the_unsaved_events(sql_store):
    sender = f"extra-{uuid.uuid4().hex[:8]}"
    await sql_store.save(_first_visit(sender))
    tracker = await sql_store.retrieve(sender)
    unsaved = _a_turn()
    for event in unsaved:
        tracker.update(event)
    with sql_store.session_scope() as session:
        assert list(sql_store._additional_events(session, tracker)) == unsaved
        assert list(SQLTrackerStore._additional_events(sql_store, session, tracker)) == unsaved  # Rasa's count


async def test_additional_events_count_from_the_latest_session(sql_store):
    sender = f"sessions-{uuid.uuid4().hex[:8]}"
    await sql_store.save(DialogueStateTracker.from_events(sender, [
        ActionExecuted(ACTION_SESSION_START_NAME), SessionStarted(), UserUttered("hoi"),
        ActionExecuted(ACTION_SESSION_START_NAME), SessionStarted()]))
    tracker = await sql_store.retrieve(sender)
    assert [type(event) for event in tracker.events] == [SessionStarted]
    tracker.update(UserUttered("nog een vraag"))
    with sql_store.session_scope() as session:
        assert [type(event) for event in sql_store._additional_events(session, tracker)] == [UserUttered]


async def test_rasas_own_save_works_on_our_store_and_stores_nothing_twice(sql_store):
    sender = f"rasa-save-{uuid.uuid4().hex[:8]}"
    await SQLTrackerStore.save(sql_store, _first_visit(sender))  # calls our _additional_events(session, tracker)
    tracker = await sql_store.retrieve(sender)
    for event in _a_turn():
        tracker.update(event)
    await SQLTrackerStore.save(sql_store, tracker)
    await SQLTrackerStore.save(sql_store, tracker)  # nothing new
    expected = [*_first_visit(sender).events, *_a_turn()]
    with sql_store.session_scope() as session:
        stored = session.query(sql_store.SQLEvent).filter(sql_store.SQLEvent.sender_id == sender).count()
    assert stored == len(expected)
    assert list((await sql_store.retrieve_full_tracker(sender)).events) == expected


async def test_our_stores_answer_what_rasas_stores_answer(both_stores):
    mine, rasas = both_stores
    sender = f"same-{uuid.uuid4().hex[:8]}"
    for store in both_stores:
        await store.save(_first_visit(sender))
        tracker = await _turn(store, sender, _a_turn())
        await store.save(tracker)  # nothing new
        await _turn(store, sender, _restart_and_new_session())
        await store.save(DialogueStateTracker.from_events("someone-else", [SessionStarted()]))

    latest, rasas_latest = await mine.retrieve(sender), await rasas.retrieve(sender)
    assert list(latest.events) == list(rasas_latest.events)
    assert latest.get_slot("course") == rasas_latest.get_slot("course")
    assert latest.idx_after_latest_restart() == rasas_latest.idx_after_latest_restart()
    full, rasas_full = await mine.retrieve_full_tracker(sender), await rasas.retrieve_full_tracker(sender)
    assert full == rasas_full
    assert list(full.events) == [*_first_visit(sender).events, *_a_turn(), *_restart_and_new_session()]
    assert sorted(await mine.keys()) == sorted(await rasas.keys()) == sorted([sender, "someone-else"])
    assert await mine.retrieve("nobody") is None and await rasas.retrieve("nobody") is None

    new = f"new-{uuid.uuid4().hex[:8]}"
    created = await mine.get_or_create_full_tracker(new, append_action_listen=True)
    rasas_created = await rasas.get_or_create_full_tracker(new, append_action_listen=True)
    assert list(created.events) == list(rasas_created.events) == [ActionExecuted(ACTION_LISTEN_NAME)]
