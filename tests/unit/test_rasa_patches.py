"""Each Rasa patch gives what Rasa's own code gives (bot/rasa_ext/patches/)."""
from pathlib import Path

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

from bot.rasa_ext import patches as rasa_patches
from bot.rasa_ext.patches import (
    action_answers,
    debug_logs,
    event_types,
    graph_runner,
    kept_state,
    language_mapping,
    lock_polling,
    model_loading,
)

ROOT = Path(__file__).resolve().parents[2]

GOOD = [{"events": [], "responses": []},
        {"events": [{"event": "slot", "name": "language", "value": "nl"}], "responses": [{"response": "utter_greet"}]}]
BAD = [{"events": "not a list"}, {"events": [{"no_event_key": 1}]}, {"events": [{"event": "slot", "timestamp": "x"}]}]


@pytest.mark.parametrize("result", GOOD)
def test_accepts_valid_answers(result):
    validate(result, RemoteAction.action_response_format_spec())  # Rasa's check agrees
    assert action_answers.validate_action_result(None, result)


@pytest.mark.parametrize("result", BAD)
def test_rejects_invalid_answers_like_rasa(result):
    with pytest.raises(ValidationError) as original:
        validate(result, RemoteAction.action_response_format_spec())
    with pytest.raises(ValidationError) as ours:
        action_answers.validate_action_result(None, result)
    assert ours.value.message.startswith(original.value.message)
    assert "Failed to validate Action server response" in ours.value.message


def test_importing_our_rasa_modules_patches_nothing_and_the_launcher_applies_every_patch():
    """Rasa imports our channels (credentials.yml) and tracker store (endpoints.yml); only our launcher's
    explicit call at start-up patches Rasa."""
    import subprocess
    import sys

    check = ("import sys\n"
             "import bot.rasa_ext.channels.rest, bot.rasa_ext.channels.telegram, bot.rasa_ext.tracker_store\n"
             "from rasa.core.actions.action import RemoteAction\n"
             "from bot.rasa_ext.patches import action_answers\n"
             "print(RemoteAction._validate_action_result is action_answers.validate_action_result)\n"
             "from bot.rasa_ext import server\n"
             "try:\n    server.main(['--version'])\nexcept SystemExit:\n    pass\n"
             "print(RemoteAction._validate_action_result is action_answers.validate_action_result)\n")
    out = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.stdout.split()[0] == "False" and out.stdout.split()[-1] == "True", out.stdout + out.stderr


@pytest.mark.parametrize("name", ["user", "bot", "slot", "action", "active_loop", "session_started", "restart"])
def test_event_types_resolve_like_rasa(name):
    from rasa.shared.core.events import Event

    rasa_patches.apply()
    assert event_types.resolve_by_type(name) is event_types.ORIGINAL(name)
    assert Event.resolve_by_type(name).type_name == name


def test_unknown_event_types_still_fail_or_default():
    from rasa.shared.core.events import UserUttered

    assert event_types.resolve_by_type("topic") is None
    assert event_types.resolve_by_type("nope", UserUttered) is UserUttered
    with pytest.raises(ValueError):
        event_types.resolve_by_type("nope")


def _tracker(text, language=None, intent="greet", metadata=None):
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.load(str(ROOT / "domain"))
    events = [SlotSet("language", language)] if language else []
    events.append(UserUttered(text, intent={"name": intent, "confidence": 0.9}, metadata=metadata or {}))
    return DialogueStateTracker.from_events("t", events, slots=domain.slots), domain


@pytest.mark.parametrize("text, current, metadata, expected", [
    ("what jobs are there in tech?", None, None, "en"),
    ("ik wil graag weten wat een data analist doet", "en", None, "nl"),
    ("ok", "en", None, None),                          # short turns never flip
    ("hi", None, {"language_code": "en-GB"}, "en"),    # channel prior at the start
])
def test_language_is_decided_inside_the_rasa_server(text, current, metadata, expected):
    import asyncio

    from bot.core.language import decide_language
    from bot.rasa_ext.nlg import CatalogNaturalLanguageGenerator
    from bot.rasa_ext.patches.language_mapping import decide_language_events

    tracker, domain = _tracker(text, current, metadata=metadata)
    events = asyncio.run(decide_language_events(tracker, CatalogNaturalLanguageGenerator(domain=domain), "rest"))
    slot_values = [e.value for e in events if e.type_name == "slot" and e.key == "language"]
    # Same answer as the action server's action_decide_language (both call bot.core.language.decide_language).
    decision = decide_language(text, current, "greet", (metadata or {}).get("language_code"))
    assert slot_values == ([decision.language] if decision.changed else [])
    if expected:
        assert slot_values == [expected]


def test_first_contact_gets_the_privacy_line_in_its_language_and_the_profile_in_process():
    import asyncio

    from rasa.shared.core.events import UserUttered

    from bot.rasa_ext.nlg import CatalogNaturalLanguageGenerator
    from bot.rasa_ext.patches.language_mapping import decide_language_events

    tracker, domain = _tracker("hi, I'm 47 and on unemployment benefits, what jobs are there?", None,
                               intent="list_job_profiles")
    nlg = CatalogNaturalLanguageGenerator(domain=domain)
    events = asyncio.run(decide_language_events(tracker, nlg, "rest"))
    said = [e for e in events if e.type_name == "bot"]
    assert [e.metadata.get("utter_action") for e in said] == ["utter_privacy_line"]
    assert "About privacy" in said[0].text  # English, the language this first message is answered in
    slots = {e.key: e.value for e in events if e.type_name == "slot"}
    assert slots["language"] == "en" and slots["age"] == 47
    assert tracker.get_slot("language") is None  # the tracker itself is left as it was
    greeting, _domain = _tracker("hoi", None, intent="greet")
    assert not [e for e in asyncio.run(decide_language_events(greeting, nlg, "rest")) if e.type_name == "bot"]

    # once something was said, the line is not repeated
    for event in events:
        tracker.update(event)
    tracker.update(UserUttered("ik ben 42", intent={"name": "inform", "confidence": 0.9}))
    again = asyncio.run(decide_language_events(tracker, nlg, "rest"))
    assert not [e for e in again if e.type_name == "bot"]
    assert {e.key: e.value for e in again if e.type_name == "slot"}["profile_changes"] == [["age", 47, 42]]


def test_other_custom_mappings_still_go_to_the_action_server():
    import asyncio

    from rasa.core.actions.action import ActionExtractSlots

    rasa_patches.apply()
    calls = []

    async def original(self, name, *args):
        calls.append(name)
        return []

    saved = language_mapping.ORIGINAL_RUN_CUSTOM_MAPPING
    language_mapping.ORIGINAL_RUN_CUSTOM_MAPPING = original
    try:
        asyncio.run(ActionExtractSlots(None)._run_custom_action("action_other_mapping", None, None, None, None))
    finally:
        language_mapping.ORIGINAL_RUN_CUSTOM_MAPPING = saved
    assert calls == ["action_other_mapping"]


def test_the_privacy_line_survives_slot_extraction():
    # Rasa 3.6 keeps only SlotSet events from custom slot mappings; the first-contact privacy line must still be sent.
    import asyncio

    from rasa.core.actions.action import ActionExtractSlots
    from rasa.core.channels.channel import CollectingOutputChannel

    from bot.rasa_ext.nlg import CatalogNaturalLanguageGenerator

    rasa_patches.apply()
    tracker, domain = _tracker("wat doet een data analist", "nl", intent="ask_job_profile")
    nlg = CatalogNaturalLanguageGenerator(domain=domain)
    events = asyncio.run(ActionExtractSlots(None).run(CollectingOutputChannel(), nlg, tracker, domain))
    said = [e.text for e in events if e.type_name == "bot"]
    assert len(said) == 1 and "Over privacy" in said[0]
    # the next message: nothing more from the slot mappings
    for event in events:
        tracker.update(event)
    events = asyncio.run(ActionExtractSlots(None).run(CollectingOutputChannel(), nlg, tracker, domain))
    assert [e for e in events if e.type_name == "bot"] == []


def test_messages_of_any_custom_mapping_reach_the_user_once():
    import asyncio

    from rasa.core.actions.action import ActionExtractSlots
    from rasa.shared.core.events import BotUttered, SlotSet

    rasa_patches.apply()

    async def remote(self, name, *args):
        return [BotUttered("from the action server"), SlotSet("x", 1)]

    saved = language_mapping.ORIGINAL_RUN_CUSTOM_MAPPING
    language_mapping.ORIGINAL_RUN_CUSTOM_MAPPING = remote
    try:
        action = ActionExtractSlots(None)
        asyncio.run(action._run_custom_action("action_other_mapping", None, None, None, None))
        asyncio.run(action._run_custom_action("action_validate_slot_mappings", None, None, None, None))
    finally:
        language_mapping.ORIGINAL_RUN_CUSTOM_MAPPING = saved
    # the validation action's messages are kept by Rasa itself, so only the mapping's message is handed back
    said = kept_state.get(action, language_mapping.SAID_BY_MAPPINGS)
    assert [e.text for e in said] == ["from the action server"]


class _Step:
    """A graph component for the runner test: adds its ``add`` to the sum of its inputs and logs the call."""

    calls = []

    def __init__(self, config):
        self.add = config["add"]

    @classmethod
    def create(cls, config, model_storage, resource, execution_context):
        return cls(config)

    def run(self, **inputs):
        _Step.calls.append(self.add)
        return self.add + sum(inputs.values())


def _graph_runner(tmp_path):
    from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    step = type("Step", (_Step, GraphComponent), {})
    node = lambda add, **needs: SchemaNode(needs=needs, uses=step, fn="run", constructor_name="create",  # noqa
                                           config={"add": add}, eager=True)
    schema = GraphSchema({"a": node(1, x="__input__"), "b": node(10, x="a"), "c": node(100, x="a", y="b"),
                          "unused": node(1000, x="__input__"), "missing": node(5, x="not_there")})
    return DaskGraphRunner(schema, LocalModelStorage(tmp_path), ExecutionContext(schema, "test"))


@pytest.mark.parametrize("targets", [["c"], ["b", "a"], ["c", "unused"]])
def test_our_graph_run_gives_what_dask_gives_and_runs_each_node_once(tmp_path, targets):
    runner = _graph_runner(tmp_path)
    _Step.calls = []
    expected = graph_runner.ORIGINAL(runner, inputs={"__input__": 2}, targets=targets)
    dask_calls = sorted(_Step.calls)
    _Step.calls = []
    for _ in range(2):  # the second run uses the remembered sub-graph
        assert graph_runner.run_graph(runner, inputs={"__input__": 2}, targets=targets) == expected
    assert sorted(_Step.calls) == sorted(dask_calls * 2)  # only the nodes the targets need, each once per run
    values = {"a": 1 + 2, "b": 10 + 3, "c": 100 + 3 + 13, "unused": 1000 + 2}
    assert expected == {target: values[target] for target in targets}


def test_an_unresolved_input_fails_the_same_way(tmp_path):
    from rasa.engine.exceptions import GraphComponentException, GraphRunError

    runner = _graph_runner(tmp_path)
    with pytest.raises((GraphRunError, GraphComponentException)) as ours:
        graph_runner.run_graph(runner, inputs={"__input__": 2}, targets=["missing"])
    with pytest.raises((GraphRunError, GraphComponentException)) as theirs:
        graph_runner.ORIGINAL(runner, inputs={"__input__": 2}, targets=["missing"])
    assert type(ours.value) is type(theirs.value) and str(ours.value) == str(theirs.value)


async def test_a_turn_waiting_for_its_conversation_polls_the_lock_every_50_ms(monkeypatch):
    import asyncio

    import rasa.core.lock_store
    from rasa.core.lock_store import InMemoryLockStore

    rasa_patches.apply()
    real_sleep, waits = asyncio.sleep, []

    async def recording_sleep(seconds, *args, **kwargs):
        waits.append(seconds)
        await real_sleep(0)

    store = InMemoryLockStore()
    async with store.lock("busy"):  # the first turn of the conversation is running
        monkeypatch.setattr(rasa.core.lock_store.asyncio, "sleep", recording_sleep)
        second = asyncio.ensure_future(_enter_and_leave(store, "busy"))
        for _ in range(5):
            await real_sleep(0)
    await second
    monkeypatch.undo()
    assert waits and max(waits) <= lock_polling.LOCK_POLL_SECONDS  # Rasa's default was 1 s per poll
    assert second.result() == "done"


async def _enter_and_leave(store, conversation_id):
    async with store.lock(conversation_id):
        return "done"


def test_the_policies_use_copy_only_for_their_debug_log_arguments():
    """RulePolicy and MemoizationPolicy log what they got instead of a deep copy; that is only safe while every use
    of ``copy`` in those modules is an argument of a ``structlogger.debug`` call (checked in Rasa's source, so an
    upgrade that copies for real fails here). The message processor keeps Rasa's own ``copy``."""
    import ast
    import copy
    import inspect

    from rasa.core import processor
    from rasa.core.policies import memoization, rule_policy

    for module in (rule_policy, memoization):
        tree = ast.parse(inspect.getsource(module))
        logged = {id(node) for call in ast.walk(tree) if isinstance(call, ast.Call)
                  and ast.unparse(call.func) == "structlogger.debug" for node in ast.walk(call)}
        uses = [node for node in ast.walk(tree) if isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name) and node.value.id == "copy"]
        assert uses and all(id(node) in logged for node in uses), module.__name__
    rasa_patches.apply()
    states = [{"user": {"intent": "greet"}}]
    assert rule_policy.copy.deepcopy(states) is states and memoization.copy.deepcopy(states) is states
    assert processor.copy is copy


@pytest.mark.parametrize("actions, preloaded", [(["action_decide_language"], True), (["action_other"], False)])
def test_the_language_models_load_with_a_model_that_decides_the_language(monkeypatch, actions, preloaded):
    from rasa.core.agent import Agent
    from rasa.shared.core.domain import Domain

    from bot.core import language

    calls = []
    monkeypatch.setattr(language, "preload", lambda: calls.append("preload"))
    monkeypatch.setattr(model_loading, "ORIGINAL",
                        lambda agent, *a, **k: setattr(agent, "domain", Domain.from_dict({"actions": actions})))
    model_loading.load_model(Agent(), "model.tar.gz")
    assert calls == (["preload"] if preloaded else [])


def test_what_the_model_load_made_is_kept_out_of_full_collections(monkeypatch):
    import gc

    from rasa.core.agent import Agent
    from rasa.shared.core.domain import Domain

    loaded, frozen_while_loading = [], []

    def load(agent, *args, **kwargs):
        frozen_while_loading.append(gc.get_freeze_count())
        agent.domain = Domain.from_dict({})
        loaded.append([{"model": i} for i in range(1000)])

    monkeypatch.setattr(model_loading, "ORIGINAL", load)
    try:
        model_loading.load_model(Agent(), "model.tar.gz")
        assert gc.get_freeze_count() >= 1000  # the model's objects (and everything before them) are frozen
        model_loading.load_model(Agent(), "model.tar.gz")  # a reload: the old model can be collected again
        assert frozen_while_loading == [0, 0] and gc.get_freeze_count() >= 2000
    finally:
        gc.unfreeze()


def test_rule_policy_formats_its_states_only_for_a_debug_log_that_is_on():
    import logging

    from rasa.core.policies import rule_policy

    rasa_patches.apply()
    states = [{"user": {"intent": "greet"}, "prev_action": {"action_name": "action_listen"}}]
    logger = rule_policy.logger
    level = logger.level
    try:
        logger.setLevel(logging.INFO)
        assert rule_policy.RulePolicy.format_tracker_states(states) == ""
        logger.setLevel(logging.DEBUG)
        assert rule_policy.RulePolicy.format_tracker_states(states) == debug_logs.ORIGINAL_FORMAT_STATES(states)
        assert "greet" in rule_policy.RulePolicy.format_tracker_states(states)
    finally:
        logger.setLevel(level)


def _every_kind_of_event():
    from rasa.shared.core.events import (
        ActionExecuted,
        ActionExecutionRejected,
        ActionReverted,
        ActiveLoop,
        AllSlotsReset,
        BotUttered,
        ConversationPaused,
        ConversationResumed,
        EntitiesAdded,
        FollowupAction,
        LoopInterrupted,
        ReminderCancelled,
        ReminderScheduled,
        Restarted,
        SessionStarted,
        SlotSet,
        StoryExported,
        UserUtteranceReverted,
        UserUttered,
    )

    return [e.as_dict() for e in (
        UserUttered("hoi", {"name": "greet", "confidence": 0.9}, [{"entity": "location", "value": "Zaandam"}]),
        ActionExecuted("action_listen"), SlotSet("language", "nl"), EntitiesAdded([{"entity": "a", "value": 1}]),
        ActionExecutionRejected("eligibility_form"), LoopInterrupted(True), ActiveLoop("eligibility_form"),
        AllSlotsReset(), ConversationResumed(), ConversationPaused(), FollowupAction("utter_greet"),
        StoryExported(), Restarted(), UserUtteranceReverted(), ActionReverted(), SessionStarted(),
        BotUttered("Hoi!", {"buttons": [{"title": "Ja", "payload": "/affirm"}]}, {"utter_action": "utter_greet"}),
        ReminderScheduled("greet", __import__("datetime").datetime(2026, 1, 1)), ReminderCancelled(name="r"))]


def test_checking_by_event_type_accepts_only_what_rasas_check_accepts():
    events = _every_kind_of_event()
    results = [*GOOD, *BAD, {"events": events, "responses": [{"response": "utter_greet"}]}]
    for event in events:  # each event broken in every field: wrong types, missing or unknown names
        for key in event:
            for wrong in (None, 12, 1.5, True, "text", [1], {"a": 1}):
                results.append({"events": [{**event, key: wrong}]})
        results.append({"events": [{k: v for k, v in event.items() if k != "event"}]})
    results += [{"events": [{"event": "no_such_event"}]}, {"events": [{"event": ["user"]}]}, {"events": {}},
                {"responses": "x"}, {"responses": [{"text": 1}]}, [], "answer", {"events": [1, "x", None]}]
    accepted = 0
    for result in results:
        full = not list(action_answers.action_result_validator().iter_errors(result))
        fast = action_answers.valid_by_event_type(result)
        assert not fast or full, result  # never accepts what Rasa's check rejects
        assert fast or not full, result  # and accepts what it accepts (else it would not save anything)
        accepted += fast
    assert accepted > 50 and len(results) - accepted > 100


def test_an_empty_domain_is_still_told_apart_from_any_other():
    from rasa.shared.core.domain import Domain

    rasa_patches.apply()
    domains = [Domain.empty(), Domain.from_dict({}), Domain.load(str(ROOT / "domain")),
               Domain.from_dict({"intents": ["greet"]}),
               Domain.from_dict({"session_config": {"session_expiration_time": 5}})]
    rasa_check = [d.as_dict() == Domain.from_dict({}).as_dict() for d in domains]  # Rasa's own definition
    assert [d.is_empty() for d in domains] == rasa_check == [True, True, False, False, False]
