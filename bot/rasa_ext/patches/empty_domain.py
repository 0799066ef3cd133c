"""``Domain.is_empty``, asked for every message, compares with an empty domain built once instead of a new one per
call (about 0.2 ms per message)."""
from __future__ import annotations

import functools
from typing import Any, Dict, Text

from rasa.shared.core.domain import Domain


@functools.lru_cache(maxsize=1)
def _empty_domain_data() -> Dict[Text, Any]:
    return Domain.empty().as_dict()


def domain_is_empty(self: Domain) -> bool:
    return self.as_dict() == _empty_domain_data()


def apply() -> None:
    Domain.is_empty = domain_is_empty
