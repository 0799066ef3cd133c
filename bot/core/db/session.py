"""Engine and session handling: one engine per process, one short session per unit of work."""
from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool

from bot.core.paths import PROJECT_ROOT
from bot.core.settings import settings

DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "techconnect.sqlite3"


def database_url() -> str:
    """``DATABASE_URL`` when set (e.g. ``postgresql+psycopg2://...``), else the embedded SQLite file."""
    url = settings().database_url
    if url:
        # Heroku-style URLs say postgres://, which SQLAlchemy 1.4 no longer accepts.
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://"):]
        return url
    DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_write_ahead_log(dbapi_connection, _record) -> None:
    # WAL: readers never wait for the writer, and a commit appends to the log instead of rewriting pages behind
    # a rollback journal; synchronous=NORMAL syncs at checkpoints, not at every commit. A crash of the process
    # loses nothing; a power cut can lose the last turns, never corrupt the file.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def use_write_ahead_log(engine: Engine) -> Engine:
    """Switch an SQLite engine (ours or Rasa's tracker store) to WAL with normal syncing; others unchanged."""
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        event.listen(engine, "connect", _sqlite_write_ahead_log)
        engine.dispose()  # connections opened before the listener was added are replaced
    return engine


# SQLite files keep their connections: SQLAlchemy 1.4's default for them (NullPool) opens a new connection, and
# runs its PRAGMAs, for every session. No ping before each use: a connection to a local file has no server that
# could have dropped it (a ping is a "SELECT 1" at every checkout, two to three per turn in each server).
SQLITE_POOL = {"poolclass": QueuePool, "pool_size": 5, "max_overflow": 10, "pool_pre_ping": False,
               "connect_args": {"check_same_thread": False}}


def is_sqlite_file(engine_or_url) -> bool:
    url = getattr(engine_or_url, "url", None) or make_url(str(engine_or_url))
    return url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")


def pooled_sqlite(engine: Engine) -> Engine:
    """The same SQLite file engine with SQLITE_POOL (for engines made elsewhere, e.g. Rasa's tracker store); the
    per-session connections cost 7 % of the action server's time under load (py-spy). Others are unchanged."""
    if not is_sqlite_file(engine) or isinstance(engine.pool, QueuePool):
        return engine
    pooled = create_engine(engine.url, **SQLITE_POOL)
    engine.dispose()
    return pooled


def make_engine(url: str) -> Engine:
    kwargs = {"future": True, "pool_pre_ping": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False}
    if is_sqlite_file(url):
        kwargs.update(SQLITE_POOL)
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
        use_write_ahead_log(engine)
    return engine


@lru_cache(maxsize=None)
def _engine_for(url: str) -> Engine:
    return make_engine(url)


def get_engine(url: str | None = None) -> Engine:
    return _engine_for(url or database_url())


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session for one unit of work: commits on success, rolls back on error, always closes."""
    with Session(engine or get_engine(), future=True) as session:
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise
