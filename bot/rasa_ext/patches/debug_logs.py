"""No deep copies and no text formatting for the policies' debug log calls when debug logging is off: RulePolicy and
MemoizationPolicy passed ``copy.deepcopy(states)`` to a debug call on every prediction, built even when the log is
off (11 % of a single user's turn, py-spy), and RulePolicy formatted all states as text for another.

structlog renders an event during the call, before the states can change, so those modules get the states
themselves (their only use of ``copy`` is that snapshot); the text is formatted only when debug logging is on.
"""
from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import Any, List, Text

from rasa.core.policies import memoization, rule_policy

ORIGINAL_FORMAT_STATES = rule_policy.RulePolicy.format_tracker_states
# What the policies' modules see as ``copy``: their only use of it is snapshotting states for a debug log call.
LOG_ARGUMENTS_AS_IS = SimpleNamespace(deepcopy=lambda value, memo=None: value)


def format_states_for_debug_log(states: List[Any]) -> Text:
    """RulePolicy formats the states for every prediction, only to pass them to a debug log call."""
    if not rule_policy.logger.isEnabledFor(logging.DEBUG):
        return ""
    return ORIGINAL_FORMAT_STATES(states)


def apply() -> None:
    rule_policy.copy = memoization.copy = LOG_ARGUMENTS_AS_IS
    rule_policy.RulePolicy.format_tracker_states = staticmethod(format_states_for_debug_log)
