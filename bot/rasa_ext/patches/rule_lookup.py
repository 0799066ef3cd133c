"""RulePolicy's search for the rules that fit the conversation, with the same answers and less work.

``RulePolicy._get_possible_keys`` starts with every rule (about 90 here) and, going back through the
conversation's states one by one, keeps the rules whose state at that distance matches. Two things made it slow
(cProfile: ~25,000 rule checks per 90 turns):

- The first step checks every rule against the latest state, for every prediction. Its answer depends only on
  that state, and the same states come back all the time (greeting after listening, a question with an entity...),
  so it is remembered per state (an LRU of ``FIRST_STEP_CACHE`` states; a state is compared by value, as the
  rule check itself compares it).
- It kept walking the whole history even when every remaining rule is shorter than the distance reached; such a
  rule always fits from then on (Rasa's own check returns True), so the walk stops there.
"""
from __future__ import annotations

import functools
from typing import Dict, FrozenSet, List, Optional, Set, Text

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.domain import State

_ORIGINAL = RulePolicy._get_possible_keys
FIRST_STEP_CACHE = 4096


def frozen_state(state: State) -> Optional[FrozenSet]:
    """A hashable value equal for equal states (None when a value in it cannot be hashed)."""
    try:
        frozen = frozenset((kind, frozenset(sub_state.items())) for kind, sub_state in state.items())
        hash(frozen)
        return frozen
    except (TypeError, AttributeError):  # an unhashable value, or a part that is not a dict
        return None


@functools.lru_cache(maxsize=FIRST_STEP_CACHE)
def _fitting_first(policy: RulePolicy, keys: FrozenSet[Text], state: FrozenSet) -> FrozenSet[Text]:
    as_state = {kind: dict(sub_state) for kind, sub_state in state}
    return frozenset(key for key in keys if policy._is_rule_applicable(key, 0, as_state))


def get_possible_keys(self: RulePolicy, lookup: Dict[Text, Text], states: List[State]) -> Set[Text]:
    latest_first = list(reversed(states))
    if not latest_first:
        return set(lookup)
    frozen = frozen_state(latest_first[0])
    if frozen is None:
        return _ORIGINAL(self, lookup, states)
    possible = set(_fitting_first(self, frozenset(lookup), frozen))
    for i, state in enumerate(latest_first[1:], start=1):
        if all(len(self._rule_key_to_state(key)) <= i for key in possible):
            break  # every remaining rule is shorter than this distance: all of them fit from here on
        possible = {key for key in possible if self._is_rule_applicable(key, i, state)}
    return possible


def apply() -> None:
    RulePolicy._get_possible_keys = get_possible_keys
