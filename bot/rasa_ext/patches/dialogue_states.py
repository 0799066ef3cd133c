"""The dialogue states the policies read, computed once per conversation turn instead of once per question.

Every prediction asks ``Domain.states_for_tracker_history`` for the conversation as states: RulePolicy up to twice
(matching on the user's text, then on the intent; MemoizationPolicy, when configured, once more), and a turn
has two or three predictions. Each call replays the whole conversation from its first event (a tracker copy per
action) and builds a state per action: about a fifth of a single user's turn (cProfile, bench/load.py conversations).

The states of the turns already seen do not change when events are added: Rasa builds them in one pass over the
applied events, where each state depends only on the events before it. So the pass is kept with the tracker
(``StatesScan``): the replayed tracker, the states so far and the pass's two variables. A later call on the same
tracker whose applied events start with the very same event objects continues the pass from there; anything else
(a rewind, a restart, a loop undoing its steps, another tracker) starts a new pass, as Rasa does. Callers get
their own copies of the states (the featurizer edits the last one), and the state after the last event is built
fresh on every call, exactly as Rasa builds it.
"""
from __future__ import annotations

from itertools import islice
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.shared.core.constants import PREVIOUS_ACTION
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_ext.patches import kept_state
from bot.rasa_ext.patches.tracker_copy import starts_with

SCANS = "states_scans"  # kept on the tracker (kept_state): {(domain, options): StatesScan}
# kept on the tracker: (events, their number, the last, the applied events, the names of loops among them)
APPLIED = "applied_events"
_ORIGINAL = Domain.states_for_tracker_history
_ORIGINAL_APPLIED = DialogueStateTracker.applied_events


class StatesScan:
    """Rasa's loop of ``states_for_tracker_history``, stopped after ``applied`` and resumable."""

    def __init__(self, domain: Domain, tracker: DialogueStateTracker, omit_unset_slots: bool,
                 ignore_rule_only_turns: bool, rule_only_data: Optional[Dict[Text, Any]]) -> None:
        self.domain, self.omit_unset_slots = domain, omit_unset_slots
        self.ignore_rule_only_turns, self.rule_only_data = ignore_rule_only_turns, rule_only_data
        self.replay = tracker.init_copy()
        self.applied: List[Any] = []
        self.states: List[State] = []
        self.last_ml_action_sub_state: Any = None
        self.turn_was_hidden = False

    def continues(self, applied: List[Any]) -> bool:
        return starts_with(applied, self.applied)

    def _visit(self, tr: DialogueStateTracker, hide_rule_turn: bool, last_ml: Any,
               hidden: bool) -> Tuple[Any, bool, Optional[State]]:
        """One step of Rasa's loop: the pass's variables after it, and the state it appends (None: skipped)."""
        domain = self.domain
        if self.ignore_rule_only_turns:
            if not hidden:
                last_ml = domain._get_prev_action_sub_state(tr)
            if not tr.followup_action and not tr.latest_action_name == tr.active_loop_name:
                hidden = hide_rule_turn
            if hidden:
                return last_ml, hidden, None
        state = domain.get_active_state(tr, omit_unset_slots=self.omit_unset_slots)
        if self.ignore_rule_only_turns:
            domain._remove_rule_only_features(state, self.rule_only_data)
            if self.states:
                domain._substitute_rule_only_user_input(state, self.states[-1])
            if last_ml:
                state[PREVIOUS_ACTION] = last_ml
        return last_ml, hidden, domain._clean_state(state)

    def states_for(self, applied: List[Any]) -> List[State]:
        for event in applied[len(self.applied):]:
            if isinstance(event, ActionExecuted):
                self.last_ml_action_sub_state, self.turn_was_hidden, state = self._visit(
                    self.replay, event.hide_rule_turn, self.last_ml_action_sub_state, self.turn_was_hidden)
                if state is not None:
                    self.states.append(state)
            self.replay.update(event)
            self.applied.append(event)
        *_, last = self._visit(self.replay, False, self.last_ml_action_sub_state, self.turn_was_hidden)
        states = self.states if last is None else [*self.states, last]
        return [{kind: dict(sub_state) for kind, sub_state in state.items()} for state in states]


def _loop_names(events: Any) -> frozenset:
    return frozenset(event.name for event in events if isinstance(event, ActiveLoop) and event.name)


def _continued(tracker: DialogueStateTracker, applied: List[Any], loop_names: frozenset,
               added: List[Any]) -> List[Any]:
    """Rasa's loop of ``applied_events()`` over ``added``, from its result for the events before them. Rasa
    reads the names of all the loops in the conversation first; the caller makes sure ``added`` names no new one,
    so every earlier step went as it would now."""
    applied = list(applied)
    for event in added:
        if isinstance(event, (Restarted, SessionStarted)):
            applied = []
        elif isinstance(event, ActionReverted):
            tracker._undo_till_previous(ActionExecuted, applied)
        elif isinstance(event, UserUtteranceReverted):
            tracker._undo_till_previous(UserUttered, applied)
            tracker._undo_till_previous(ActionExecuted, applied)
        elif (isinstance(event, ActionExecuted) and event.action_name in loop_names
              and not tracker._first_loop_execution_or_unhappy_path(event.action_name, applied)):
            tracker._undo_till_previous_loop_execution(event.action_name, applied)
        else:
            applied.append(event)
    return applied


def _applied(tracker: DialogueStateTracker) -> List[Any]:
    """Rasa's ``applied_events()``, worked out again only when the tracker's events changed: Rasa only ever
    appends events, so a change shows in the event list, its length or its last event. Events appended since the
    last time are run through Rasa's loop from where it stopped (a walk over the whole conversation with five
    isinstance checks per event, up to three times a turn: 9 % of the Rasa server's CPU in a turn), unless they
    name a loop the conversation had not named before (that can change how earlier steps went)."""
    events = tracker.events
    count = len(events)
    last = events[-1] if events else None
    seen = kept_state.get(tracker, APPLIED)
    if seen is not None and seen[0] is events and seen[1] == count and seen[2] is last:
        return seen[3]
    if seen is not None and seen[0] is events and count > seen[1] > 0 and events[seen[1] - 1] is seen[2]:
        added = list(islice(events, seen[1], None))
        loop_names = seen[4] | _loop_names(added)
        if loop_names == seen[4]:
            continued = _continued(tracker, seen[3], loop_names, added)
            seen = kept_state.put(tracker, APPLIED, (events, count, last, continued, loop_names))
            return seen[3]
    seen = kept_state.put(tracker, APPLIED, (events, count, last, _ORIGINAL_APPLIED(tracker), _loop_names(events)))
    return seen[3]


def applied_events(self: DialogueStateTracker) -> List[Any]:
    """``DialogueStateTracker.applied_events``: asked several times per turn (each prediction, the session check,
    the conversation sent to actions) and a walk over every event each time. Callers get their own list."""
    return list(_applied(self))


def states_for_tracker_history(self: Domain, tracker: DialogueStateTracker, omit_unset_slots: bool = False,
                               ignore_rule_only_turns: bool = False,
                               rule_only_data: Optional[Dict[Text, Any]] = None) -> List[State]:
    key = (id(self), omit_unset_slots, ignore_rule_only_turns, repr(rule_only_data))
    applied = _applied(tracker)
    scans = kept_state.setdefault(tracker, SCANS, dict)
    scan = scans.get(key)
    if scan is None or scan.domain is not self or not scan.continues(applied):
        scan = scans[key] = StatesScan(self, tracker, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    return scan.states_for(applied)


def apply() -> None:
    Domain.states_for_tracker_history = states_for_tracker_history
    DialogueStateTracker.applied_events = applied_events
