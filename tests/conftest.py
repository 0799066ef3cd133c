"""Shared fixtures: a migrated and seeded catalog database on SQLite and (when available) PostgreSQL.

PostgreSQL runs when TEST_POSTGRES_URL is set (.ci/run starts a real server and sets it). In CI it must be
set: a missing PostgreSQL fails the run instead of silently skipping half of the suite.
"""
from __future__ import annotations

import os
from typing import Any, Dict, List, Optional

import pytest
from sqlalchemy import text

from bot.core.catalog.importer import import_catalog
from bot.core.db.migrate import upgrade
from bot.core.db.session import get_engine

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "").strip()
# The tests (and the servers they start) see the catalog's examples, as `make chat` does; tests of production mode
# set CATALOG_MODE=production themselves (tests/unit/test_catalog_modes.py, tests/e2e/test_catalog_modes.py).
os.environ.setdefault("CATALOG_MODE", "demo")
BACKENDS = ["sqlite", "postgresql"]


def _reset_postgres(url: str) -> None:
    engine = get_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


def make_database(backend: str, tmp_path_factory) -> str:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'catalog.sqlite3'}"
    else:
        if not POSTGRES_URL:
            if os.environ.get("CI"):
                pytest.fail("TEST_POSTGRES_URL is not set in CI: PostgreSQL tests must run")
            pytest.skip("PostgreSQL not configured (set TEST_POSTGRES_URL)")
        url = POSTGRES_URL
        _reset_postgres(url)
    upgrade(url)
    import_catalog(engine=get_engine(url))
    return url


@pytest.fixture(scope="session", params=BACKENDS)
def db_url(request, tmp_path_factory) -> str:
    return make_database(request.param, tmp_path_factory)


@pytest.fixture()
def engine(db_url):
    return get_engine(db_url)


@pytest.fixture()
def use_db(db_url, monkeypatch):
    """Point code that uses the default engine (the actions) at the test database."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    return db_url


class FakeDomain(dict):
    pass


def make_tracker(slots: Optional[Dict[str, Any]] = None, text: str = "", intent: str = "",
                 entities: Optional[List[dict]] = None, metadata: Optional[dict] = None):
    from rasa_sdk import Tracker

    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or [],
              "metadata": metadata or {}}
    return Tracker(sender_id="test-user", slots=dict(slots or {}), latest_message=latest, events=[],
                   paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen")


@pytest.fixture()
def tracker_factory():
    return make_tracker


@pytest.fixture()
def dispatcher():
    from rasa_sdk.executor import CollectingDispatcher

    return CollectingDispatcher()
