"""How the catalog is shown: ``CATALOG_MODE`` and ``NEAR_KM``, read from the environment in this one place.

``demo`` shows records marked illustrative (unchecked examples) clearly marked as examples, without their
invented dates, venues or addresses. ``production`` hides them in the queries themselves, so no example can reach
a user as real. Unset means production: a server started by hand never shows examples as facts; `make chat` and
the tests ask for demo.
"""
from __future__ import annotations

import logging
import os
from typing import Dict

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

logger = logging.getLogger(__name__)

MODES = ("demo", "production")
DEFAULT_MODE = "production"
DEFAULT_NEAR_KM = 15.0
LOG_LABELS = {"stories": "stories of people", "funding_rule_sets": "funding rule set(s)",
              "invented_courses": "courses that are only examples"}


class SettingError(ValueError):
    """A setting in the environment has a value the guide cannot use."""


def catalog_mode() -> str:
    """``demo`` or ``production`` from ``CATALOG_MODE``; anything else is an error, never a silent guess."""
    raw = os.environ.get("CATALOG_MODE", "").strip().lower() or DEFAULT_MODE
    if raw not in MODES:
        raise SettingError(f"CATALOG_MODE={os.environ.get('CATALOG_MODE')!r} is not valid: use 'demo' "
                           f"(examples shown, marked as examples) or 'production' (examples hidden)")
    return raw


def shows_examples() -> bool:
    """True in demo mode: illustrative records may be shown, marked as examples."""
    return catalog_mode() == "demo"


def near_km() -> float:
    """``NEAR_KM``: how far away (straight line) an event or a liaison may be and still be called near."""
    raw = os.environ.get("NEAR_KM", "").strip()
    if not raw:
        return DEFAULT_NEAR_KM
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= 200:
        raise SettingError(f"NEAR_KM={raw!r} is not valid: use a distance in km between 0 and 200, e.g. 15")
    return value


def illustrative_counts(engine: Engine | None = None) -> Dict[str, int]:
    """How many records of each kind are marked illustrative (hidden in production)."""
    from bot.db.models import Course, Event, Liaison, RoleModel, RuleSet
    from bot.db.session import session_scope

    kinds = {"events": Event, "liaisons": Liaison, "stories": RoleModel, "funding_rule_sets": RuleSet}
    with session_scope(engine) as s:
        counts = {name: s.execute(select(func.count()).select_from(model)
                                  .where(model.illustrative.is_(True))).scalar() or 0
                  for name, model in kinds.items()}
        counts["invented_courses"] = sum(1 for fields in s.execute(select(Course.illustrative_fields)).scalars()
                                         if "name" in (fields or []))
    return counts


def log_startup(engine: Engine | None = None) -> str:
    """Say at server start which mode runs and what it hides; raises SettingError on a bad setting."""
    from sqlalchemy.exc import SQLAlchemyError

    mode = catalog_mode()
    near = near_km()
    try:
        counts = illustrative_counts(engine)
    except SQLAlchemyError as exc:  # the database may come up later; the mode is still worth saying
        logger.warning("CATALOG_MODE=%s (could not count illustrative records: %s)", mode, type(exc).__name__)
        return mode
    detail = ", ".join(f"{n} {LOG_LABELS.get(name, name)}" for name, n in counts.items())
    total = sum(counts.values())
    if mode == "production":
        logger.info("CATALOG_MODE=production: %d illustrative records hidden (%s); near = %.0f km",
                    total, detail, near)
    else:
        logger.info("CATALOG_MODE=demo: %d illustrative records shown as marked examples (%s); near = %.0f km",
                    total, detail, near)
    return mode
