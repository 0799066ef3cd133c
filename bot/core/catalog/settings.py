"""How the catalog is shown: ``CATALOG_MODE`` and ``NEAR_KM``, read from the environment in this one place.

``demo`` shows records marked illustrative (unchecked examples) clearly marked as examples, without their
invented dates, venues or addresses. ``production`` hides them in the queries themselves, so no example can reach
a user as real. Unset means production: a server started by hand never shows examples as facts; `make chat` and
the tests ask for demo.
"""
from __future__ import annotations

import logging
from typing import Dict

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from bot.core.settings import SettingError, settings  # noqa: F401  (SettingError: raised on a bad value)

logger = logging.getLogger(__name__)

LOG_LABELS = {"stories": "stories of people", "funding_rule_sets": "funding rule set(s)",
              "invented_courses": "courses that are only examples"}


def catalog_mode() -> str:
    """``demo`` or ``production`` from ``CATALOG_MODE``; anything else is an error, never a silent guess."""
    return settings().catalog_mode


def shows_examples() -> bool:
    """True in demo mode: illustrative records may be shown, marked as examples."""
    return catalog_mode() == "demo"


def near_km() -> float:
    """``NEAR_KM``: how far away (straight line) an event or a liaison may be and still be called near."""
    return settings().near_km


def illustrative_counts(engine: Engine | None = None) -> Dict[str, int]:
    """How many records of each kind are marked illustrative (hidden in production)."""
    from bot.core.db.models import Course, Event, Liaison, RoleModel, RuleSet
    from bot.core.db.session import session_scope

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
