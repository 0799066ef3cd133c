"""Places as the catalog names them (data/catalog/locations.yml): which municipality a district belongs to."""
from __future__ import annotations

from functools import lru_cache
from typing import Dict, Optional

import yaml

from bot.core.understanding.entities import CATALOG_DIR


@lru_cache(maxsize=1)
def _municipalities() -> Dict[str, str]:
    data = yaml.safe_load((CATALOG_DIR / "locations.yml").read_text(encoding="utf-8"))
    return {loc["id"]: loc.get("part_of") or loc["id"] for loc in data["locations"]}


def municipality_of(place: Optional[str]) -> Optional[str]:
    """"Amsterdam" for Nieuw-West or Weesp, "Almere" for Almere; None for an unknown or missing place."""
    return _municipalities().get(place or "")
