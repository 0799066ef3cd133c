"""Who pays for a course, for this person: DUO student finance and the levenlanglerenkrediet by age and by whether
the programme is accredited (data/catalog/money_rules.yml, every rule with its source and checked date)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

import yaml

from bot.core.person.age import within_limits
from bot.core.understanding.entities import CATALOG_DIR

ACCREDITED_AWARDS = ("entree", "mbo2", "mbo3", "mbo4", "mbo", "hbo", "wo")


@dataclass(frozen=True)
class MoneyRule:
    key: str
    accredited: bool
    min_age: Optional[int]
    max_age: Optional[int]
    age_unknown: bool
    text: Tuple[Tuple[str, str], ...]
    source: str
    checked: str

    def applies(self, accredited: bool, age: Optional[int]) -> bool:
        if accredited != self.accredited:
            return False
        if age is None or self.age_unknown:
            return age is None and (self.age_unknown or (self.min_age is None and self.max_age is None))
        return within_limits(age, self.min_age, self.max_age)


@lru_cache(maxsize=1)
def money_rules() -> Tuple[MoneyRule, ...]:
    data = yaml.safe_load((CATALOG_DIR / "money_rules.yml").read_text(encoding="utf-8"))
    return tuple(MoneyRule(r["key"], bool(r["when"]["accredited"]), r["when"].get("min_age"), r["when"].get("max_age"),
                           bool(r["when"].get("age_unknown")), tuple(sorted(r["text"].items())), r["source"],
                           str(r["checked"])) for r in data["rules"])


def money_notes(awards: Optional[str], age: Optional[int], lang: str) -> List[str]:
    """The rules that say who can pay for a course leading to ``awards`` (None: not accredited) at ``age``."""
    accredited = awards in ACCREDITED_AWARDS
    texts: List[Dict[str, str]] = [dict(r.text) for r in money_rules() if r.applies(accredited, age)]
    return [text[lang] for text in texts]
