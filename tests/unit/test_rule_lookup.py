"""RulePolicy's rule search (bot/rasa_ext/patches/rule_lookup.py) finds exactly the rules Rasa's own search finds."""
import json
import os
import tarfile
from pathlib import Path

import pytest
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.shared.core.trackers import DialogueStateTracker

from bot.cli import modelcache
from bot.rasa_ext.patches import rule_lookup
from tests.unit.stories import DOMAIN, story_trackers


@pytest.fixture(scope="module")
def trained():
    """The RulePolicy of the current model: its rules and its rule-only data (read from the model file)."""
    model = modelcache.model_path()
    if not model.exists():
        if os.environ.get("CI"):
            pytest.fail("no trained model (make test trains it first)")
        pytest.skip("no trained model: make model")
    with tarfile.open(model) as archive:
        files = {Path(m.name).name: archive.extractfile(m).read() for m in archive.getmembers()
                 if "RulePolicy" in m.name and m.isfile()}
    policy = RulePolicy.__new__(RulePolicy)  # only the rule matching is used: no model storage needed
    policy.lookup = json.loads(files["rule_policy.json"])["lookup"]
    return policy, json.loads(files["rule_only_data.json"])


def conversation_states(rule_only_data):
    """The states RulePolicy sees at every step of every story, rule and test story of the assistant."""
    for story in story_trackers():
        tracker = DialogueStateTracker(story.sender_id, DOMAIN.slots)
        for event in story.events:
            tracker.update(event)
            yield DOMAIN.states_for_tracker_history(tracker, rule_only_data=rule_only_data)


def test_the_same_rules_fit_every_state_of_every_story(trained):
    policy, rule_only_data = trained
    checked = fitting = 0
    for states in conversation_states(rule_only_data):
        with_text = [*states[:-1], {**states[-1], "user": {"text": "hoi"}}] if states else states
        for variant in (states, with_text):
            for table in (RULES, RULES_FOR_LOOP_UNHAPPY_PATH):
                lookup = policy.lookup[table]
                expected = rule_lookup._ORIGINAL(policy, lookup, variant)
                assert rule_lookup.get_possible_keys(policy, lookup, variant) == expected
                checked += 1
                fitting += bool(expected)
    assert checked > 1000 and fitting > 100  # many states, and many of them with rules that fit


def test_states_are_remembered_by_value():
    state = {"user": {"intent": "greet", "entities": ("job_profile",)}, "prev_action": {"action_name": "a"}}
    same = {"prev_action": {"action_name": "a"}, "user": {"entities": ("job_profile",), "intent": "greet"}}
    assert rule_lookup.frozen_state(state) == rule_lookup.frozen_state(same)
    assert rule_lookup.frozen_state(state) != rule_lookup.frozen_state({**state, "user": {"intent": "greet"}})
    assert rule_lookup.frozen_state({"slots": {"cv": ([1, 2],)}}) is None  # unhashable: Rasa's own search
    assert rule_lookup.frozen_state({"slots": ("not", "a dict")}) is None


def test_the_patch_is_what_rule_policy_calls():
    from bot.rasa_ext import patches as rasa_patches

    rasa_patches.apply()
    assert RulePolicy._get_possible_keys is rule_lookup.get_possible_keys
