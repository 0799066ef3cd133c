"""Places as the catalog names them (data/catalog/locations.yml): which municipality a district belongs to, and
where each place lies."""
from __future__ import annotations

from functools import lru_cache
from typing import Dict, Optional, Tuple

import yaml
from sqlalchemy import select

from bot.core.catalog.cache import cached_by_version
from bot.core.db.models import Location
from bot.core.paths import CATALOG_DIR


@lru_cache(maxsize=1)
def _municipalities() -> Dict[str, str]:
    data = yaml.safe_load((CATALOG_DIR / "locations.yml").read_text(encoding="utf-8"))
    return {loc["id"]: loc.get("part_of") or loc["id"] for loc in data["locations"]}


def municipality_of(place: Optional[str]) -> Optional[str]:
    """"Amsterdam" for Nieuw-West or Weesp, "Almere" for Almere; None for an unknown or missing place."""
    return _municipalities().get(place or "")


def _read_coordinates(session) -> Dict[str, Tuple[float, float]]:
    return {loc.id: (loc.lat, loc.lon) for loc in session.execute(select(Location)).scalars()}


def coordinates(session) -> Dict[str, Tuple[float, float]]:
    """(lat, lon) of every place in the catalog database of ``session``, read once per catalog version
    (bot/core/catalog/cache.py). Shared by every caller: read it, never change it."""
    return cached_by_version(session, str(session.get_bind().url), "place_coordinates", _read_coordinates)
