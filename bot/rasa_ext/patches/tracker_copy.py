"""``DialogueStateTracker.copy`` without replaying the whole conversation every time.

Rasa copies the conversation's tracker before every action it runs (so that a rejected action leaves no trace),
and ``copy`` builds a new tracker and replays every event of the conversation into it: two full replays per
turn, growing with every message. The result only depends on the events, so a replayed copy is kept with the
tracker (``REPLAY``) and brought up to date with the events added since; callers get their own clone of it. If
the tracker's events no longer start with the very events replayed (another tracker, a trimmed history), the
replay starts over, as Rasa's would.
"""
from __future__ import annotations

import copy
import itertools
import math
import operator
from typing import Any, Sequence

from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_ext.patches import kept_state

REPLAY = "replayed_copy"  # kept on the tracker (kept_state): a tracker replayed from this one's events
_ORIGINAL = DialogueStateTracker.copy


def starts_with(events: Sequence[Any], prefix: Sequence[Any]) -> bool:
    """Whether ``events`` begin with the very event objects of ``prefix`` (identity, not equality): what a
    replay or a states pass made from ``prefix`` can be continued for ``events``."""
    return len(prefix) <= len(events) and all(map(operator.is_, prefix, events))


def copy_slot(slot: Any) -> Any:
    """``copy.copy(slot)``, which for a plain object makes a new one with the same attributes; done directly,
    a tenth of the time (a tracker has about 30 slots). Classes with their own copy rules go through ``copy``."""
    cls = type(slot)
    if hasattr(cls, "__copy__") or hasattr(cls, "__getstate__") or cls.__reduce_ex__ is not object.__reduce_ex__:
        return copy.copy(slot)
    twin = object.__new__(cls)
    twin.__dict__.update(slot.__dict__)
    return twin


def clone(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """A tracker in the same state, sharing no mutable part with it (events, slots, the action and loop)."""
    state = dict(tracker.__dict__)
    state["events"] = type(tracker.events)(tracker.events, tracker.events.maxlen)
    slots = copy.copy(tracker.slots)  # keeps AnySlotDict when the tracker has no domain slots
    for name, slot in slots.items():
        slots[name] = copy_slot(slot)
    state["slots"] = slots
    for key in ("latest_action", "active_loop"):  # a dict, and a TrackerActiveLoop that Rasa changes in place
        if state.get(key) is not None:
            state[key] = copy.copy(state[key])
    twin = object.__new__(type(tracker))
    twin.__dict__ = state
    return twin


def copy_tracker(self: DialogueStateTracker) -> DialogueStateTracker:
    replay = kept_state.get(self, REPLAY)
    if replay is None or not starts_with(self.events, replay.events):
        replay = kept_state.put(self, REPLAY, self.init_copy())
    for event in itertools.islice(self.events, len(replay.events), None):
        if not event.timestamp <= math.inf:  # Rasa's copy stops at such an event (travel_back_in_time)
            kept_state.pop(self, REPLAY)
            return _ORIGINAL(self)
        replay.update(event)
    return clone(replay)


def apply() -> None:
    DialogueStateTracker.copy = copy_tracker
