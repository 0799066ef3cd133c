"""What our patches keep on Rasa's objects goes through one helper (bot/rasa_ext/patches/kept_state.py)."""
import re
from pathlib import Path

from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_ext.patches import kept_state

ROOT = Path(__file__).resolve().parents[2]
# Reading or writing one key of an object's __dict__; copying a whole object (tracker_copy.clone) is not keeping.
KEYED = re.compile(r"__dict__\s*(\[|\.get\(|\.setdefault\(|\.pop\()")


def test_no_module_but_the_helper_keeps_state_in_an_objects_dict():
    offenders = [str(p.relative_to(ROOT)) for folder in ("bot", "actions") for p in (ROOT / folder).rglob("*.py")
                 if p.name != "kept_state.py" and KEYED.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_kept_values_never_clash_with_rasas_attributes_and_travel_with_restore():
    tracker = DialogueStateTracker("a", [])
    kept_state.put(tracker, "events", "ours")
    assert list(tracker.events) == [] and kept_state.get(tracker, "events") == "ours"
    assert kept_state.setdefault(tracker, "scans", dict) is kept_state.setdefault(tracker, "scans", dict)
    other = DialogueStateTracker("b", [])
    kept_state.restore(other, kept_state.kept(tracker, "events", "missing"))
    assert kept_state.get(other, "events") == "ours" and kept_state.get(other, "missing") is None
    assert kept_state.pop(tracker, "events") == "ours" and kept_state.get(tracker, "events") is None
