"""The policies' states, continued per turn (bot/rasa_ext/patches/dialogue_states.py), equal the states Rasa
builds from scratch."""
import pytest
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    FollowupAction,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_ext.patches import dialogue_states, kept_state
from tests.unit.stories import DOMAIN, story_trackers

RULE_ONLY = {"rule_only_slots": ["language"], "rule_only_loops": ["eligibility_form"]}
# (omit_unset_slots, ignore_rule_only_turns, rule_only_data): RulePolicy's, MemoizationPolicy's, and more
OPTIONS = [(False, False, RULE_ONLY), (False, True, RULE_ONLY), (True, True, None), (False, True, None)]


def ours(tracker, options):
    return dialogue_states.states_for_tracker_history(DOMAIN, tracker, *options)


def rasas(tracker, options):
    return dialogue_states._ORIGINAL(DOMAIN, tracker, *options)


def replay_and_compare(events, sender="s"):
    """Feed the events one by one into one tracker, as a conversation grows, asking both after every event."""
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    for event in events:
        tracker.update(event)
        applied = dialogue_states.applied_events(tracker)
        assert list(map(id, applied)) == list(map(id, dialogue_states._ORIGINAL_APPLIED(tracker)))
        applied.clear()  # callers get their own list
        assert len(dialogue_states.applied_events(tracker)) == len(dialogue_states._ORIGINAL_APPLIED(tracker))
        for options in OPTIONS:
            got = ours(tracker, options)
            assert got == rasas(tracker, options), (options, event)
            for state in got:  # the featurizer edits the states it gets; that must not reach the next answer
                for sub_state in state.values():
                    sub_state.clear()
                state.clear()
            got.clear()
    return tracker


def user(intent, **entities):
    return UserUttered(intent, {"name": intent, "confidence": 1.0},
                       [{"entity": k, "value": v} for k, v in entities.items()])


def test_a_conversation_with_forms_rewinds_restarts_and_followups():
    said = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
            user("greet"), SlotSet("language", "nl"), ActionExecuted("utter_greet"), ActionExecuted("action_listen"),
            user("ask_job_profile", job_profile="data_analyst"), ActionExecuted("action_explain_profile"),
            ActionExecuted("action_listen"), user("nlu_fallback"), ActionExecuted("action_clarify_intent"),
            ActionExecuted("action_listen"), user("affirm"), UserUtteranceReverted(), UserUtteranceReverted(),
            ActionExecuted("action_listen"), user("check_eligibility"), ActionExecuted("eligibility_form"),
            ActiveLoop("eligibility_form"), ActionExecuted("action_listen"), user("inform", education_level="mbo"),
            ActionExecuted("eligibility_form"), ActionExecuted("action_listen"), user("inform"),
            ActionExecuted("eligibility_form"), ActiveLoop(None), FollowupAction("action_explain_profile"),
            ActionExecuted("action_explain_profile", hide_rule_turn=True), ActionExecuted("action_listen"),
            user("thank"), ActionExecuted("utter_thank", hide_rule_turn=True), ActionReverted(),
            ActionExecuted("action_listen"), user("restart"), Restarted(), ActionExecuted("action_listen"),
            user("greet"), ActionExecuted("utter_greet")]
    tracker = replay_and_compare(said)
    assert kept_state.get(tracker, dialogue_states.SCANS)


def test_every_story_and_rule_of_the_assistant():
    for number, story in enumerate(story_trackers()):
        replay_and_compare(list(story.events), sender=f"story{number}")


def test_another_tracker_or_a_changed_history_starts_over():
    first = replay_and_compare([ActionExecuted("action_listen"), user("greet"), ActionExecuted("utter_greet")])
    copy = first.copy()  # same events, new tracker: nothing is shared
    assert kept_state.get(copy, dialogue_states.SCANS) is None
    for options in OPTIONS:
        assert ours(copy, options) == rasas(copy, options)
    # events replaced behind the tracker's back (not appended): the remembered pass must not be reused
    first.events.clear()
    for event in (ActionExecuted("action_listen"), user("goodbye"), ActionExecuted("utter_goodbye")):
        first.update(event)
    for options in OPTIONS:
        assert ours(first, options) == rasas(first, options)


@pytest.mark.parametrize("options", OPTIONS)
def test_the_patch_is_what_the_policies_call(options):
    from bot.rasa_ext import patches as rasa_patches

    rasa_patches.apply()
    tracker = DialogueStateTracker("p", DOMAIN.slots)
    for event in (ActionExecuted("action_listen"), user("greet")):
        tracker.update(event)
    assert tracker.past_states(DOMAIN, *options) == rasas(tracker, options)
    assert kept_state.get(tracker, dialogue_states.SCANS)


def test_applied_events_continued_from_the_last_turn_equal_rasas():
    """Events appended since the last call are run through Rasa's loop from where it stopped; a loop named for
    the first time (which can change how earlier executions of that action count) starts over."""
    form = "eligibility_form"
    turns = [
        [ActionExecuted("action_listen"), user("check_eligibility")],
        [ActionExecuted(form), ActionExecuted("action_listen"), user("inform")],  # the form runs before it is named
        [ActionExecuted(form), ActiveLoop(form)],  # now named: its earlier executions are looked at again
        [ActionExecuted("action_listen"), user("inform", education_level="mbo"), ActionExecuted(form)],
        [ActionExecuted("action_listen"), user("ask_job_profile"), ActionExecuted("action_explain_profile"),
         ActionExecuted(form)],  # unhappy path, then back in the form
        [ActiveLoop(None), ActionExecuted("action_listen"), user("affirm"), UserUtteranceReverted()],
        [ActionExecuted("action_listen"), user("thank"), ActionExecuted("utter_thank"), ActionReverted()],
        [SessionStarted(), ActionExecuted("action_listen"), user("greet")],
        [ActiveLoop("other_form"), ActionExecuted("other_form"), Restarted(), ActionExecuted("action_listen")],
    ]
    tracker = DialogueStateTracker("continued", DOMAIN.slots)
    continued = 0
    original_continued = dialogue_states._continued

    def counting(*args):
        nonlocal continued
        continued += 1
        return original_continued(*args)

    dialogue_states._continued = counting
    try:
        for turn in turns:
            tracker.update_with_events(turn, DOMAIN)
            for _ in range(2):  # asked again without a change: the remembered list
                got = dialogue_states.applied_events(tracker)
                assert list(map(id, got)) == list(map(id, dialogue_states._ORIGINAL_APPLIED(tracker))), turn
    finally:
        dialogue_states._continued = original_continued
    assert continued == len(turns) - 3  # the first turn, the loop named first, the other form: from the start
