"""The tracker copy Rasa makes before every action (bot/rasa_ext/patches/tracker_copy.py) equals
Rasa's replayed copy."""
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_ext.patches import tracker_copy
from tests.unit.stories import DOMAIN, story_trackers


def same(ours, rasas):
    assert type(ours) is type(rasas)
    assert ours.__dict__.keys() == rasas.__dict__.keys()
    for key, value in rasas.__dict__.items():
        if key == "slots":
            assert {n: (s.value, s.has_been_set) for n, s in ours.slots.items()} == {
                n: (s.value, s.has_been_set) for n, s in value.items()}
        else:
            assert getattr(ours, key) == value, key
    assert all(a is b for a, b in zip(ours.events, rasas.events))


def test_copies_of_every_story_equal_rasas_and_share_nothing_mutable():
    for story in story_trackers():
        tracker = DialogueStateTracker(story.sender_id, DOMAIN.slots)
        tracker.model_id, tracker.assistant_id = "model", "assistant"  # a copy drops these, as Rasa's does
        for event in story.events:
            tracker.update(event)
            ours = tracker_copy.copy_tracker(tracker)
            same(ours, tracker_copy._ORIGINAL(tracker))
            # what an action does to its copy never reaches the next copy
            ours.update(SlotSet(next(iter(DOMAIN.slots)).name, "changed"))
            ours.update(BotUttered("only in the copy"))
            if ours.active_loop:
                ours.active_loop.rejected = True
            same(tracker_copy.copy_tracker(tracker), tracker_copy._ORIGINAL(tracker))


def test_events_not_appended_start_the_replay_over():
    tracker = DialogueStateTracker("c", DOMAIN.slots)
    for event in (ActionExecuted("action_listen"), UserUttered("hoi", {"name": "greet"}),
                  ActionExecuted("utter_greet")):
        tracker.update(event)
    tracker_copy.copy_tracker(tracker)
    tracker.events.clear()
    for event in (ActionExecuted("action_listen"), UserUttered("doei", {"name": "goodbye"})):
        tracker.update(event)
    same(tracker_copy.copy_tracker(tracker), tracker_copy._ORIGINAL(tracker))
    assert tracker_copy.copy_tracker(tracker).latest_message.text == "doei"


def test_the_patch_is_what_rasa_calls():
    from bot.rasa_ext import patches as rasa_patches

    rasa_patches.apply()
    assert DialogueStateTracker.copy is tracker_copy.copy_tracker


def test_a_slot_copy_is_what_copy_copy_makes():
    import copy

    for slot in DOMAIN.slots:
        ours, theirs = tracker_copy.copy_slot(slot), copy.copy(slot)
        assert type(ours) is type(theirs) and vars(ours) == vars(theirs) and ours is not slot

    class Special:
        def __copy__(self):
            return "copied its own way"

    assert tracker_copy.copy_slot(Special()) == "copied its own way"
