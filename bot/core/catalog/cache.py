"""Per-process caches of catalog-derived data, keyed on the catalog version.

Every import writes a new ``catalog_meta.version``; a cached value is rebuilt when that version changes. The
version itself is read at most every ``VERSION_CHECK_SECONDS``, so a hot path costs no query at all.

When the database cannot be reached, a value already in memory is used as it is (the catalog only changes by an
import, which needs the database), and the version is asked again on the next call: questions about profiles
and routes keep being answered during an outage; what must read the database (course rows, personal data)
fails as before, and the user gets the apology.
"""
from __future__ import annotations

import logging
import time
from typing import Any, Callable, Dict, Tuple

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from bot.core.db.models import CatalogMeta

logger = logging.getLogger(__name__)
VERSION_CHECK_SECONDS = 2.0  # an import shows up within this time

_CACHE: Dict[Tuple[str, str], Tuple[Any, str, float]] = {}


def fresh(engine_key: str, name: str) -> Any:
    """The cached value if its version was checked less than ``VERSION_CHECK_SECONDS`` ago, else None: lets a
    caller skip opening a session at all."""
    cached = _CACHE.get((engine_key, name))
    if cached is not None and time.monotonic() - cached[2] < VERSION_CHECK_SECONDS:
        return cached[0]
    return None


def cached_by_version(session, engine_key: str, name: str, build: Callable[[Any], Any]) -> Any:
    """``build(session)`` once per catalog version (per database and per ``name``)."""
    hit = fresh(engine_key, name)
    if hit is not None:
        return hit
    key = (engine_key, name)
    cached = _CACHE.get(key)
    now = time.monotonic()
    try:
        version = session.execute(select(CatalogMeta.value).where(CatalogMeta.key == "version")).scalar() or "none"
    except SQLAlchemyError as exc:
        if cached is None:
            raise
        session.rollback()  # the session stays usable (and its caller's commit a no-op)
        logger.warning("catalog database unreachable (%s): using the %s in memory", type(exc).__name__, name)
        return cached[0]
    value = cached[0] if cached is not None and cached[1] == version else build(session)
    _CACHE[key] = (value, version, now)
    return value
