"""Measured fixes for Rasa 3.6.21, applied inside the Rasa server when our channels are loaded.

Checking the action server's answer: Rasa calls ``jsonschema.validate(result, schema)`` for every custom action.
With jsonschema 4.17 that re-validates the (constant) schema against the meta-schema each time, which took
77 % of the Rasa server's CPU time in our load benchmark (py-spy, bench/load.py). We build the validator once
and check answers exactly as before (same errors, same message). Each event is checked against the one of the
schema's 23 event alternatives that has its name instead of all 23 (``valid_by_event_type``); an answer that
does not pass goes through the full check, which gives Rasa's error.

Behaviour, not speed (docs/conversations.md): the language slot's mapping also reads the person's profile
facts from every message and says the privacy line on first contact (``decide_language_events``), and a typed
button title or number is read as a tap on that button (``_parse_message``).

Reading events: ``Event.resolve_by_type`` walks every subclass of ``Event`` (with ``inspect.isabstract`` on
each) for every event of every stored conversation it loads, about 5 % of the server's time. We remember the
answer per type name (same first match as Rasa; unknown names still fall back as before).

Deciding the language in-process: the `language` slot's custom mapping (`action_decide_language`) ran on the
action server after every user message, one extra HTTP round trip that serialises the whole conversation both
ways. The decision itself is a pure function (bot.language), so the Rasa server now makes it itself with the same
inputs and the same events (the slot, and the bilingual "which languages we speak" answer). Every other custom
mapping still goes to the action server. Rasa 3.6 keeps only the SlotSet events of a custom slot mapping (its
validation step filters the rest), so that answer never reached the user when the action server said it; the
bot messages of every custom slot mapping are now returned with the extracted slots, and Rasa sends them.

Running the model's graph: for every message (NLU) and every predicted action (policies) Rasa's DaskGraphRunner
rebuilds the minimal sub-graph for the targets (deep-copying schema nodes) and hands it to dask's scheduler,
about a quarter of the policy prediction time at 20 users (py-spy). The graph is small and fixed once loaded, so
we remember the minimal sub-graph per target list and call the nodes depth-first ourselves: the same nodes with
the same inputs, a node that is not in the graph gets its name as dask gives it, and errors map as before.

Waiting for a conversation's lock: Rasa handles one turn per conversation at a time, and a turn that finds
the conversation busy (the user sent two messages quickly) polls the lock once a second, so its answer came up
to a second late for nothing. It now polls every 50 ms (a dict lookup in memory; two Redis commands with the
Redis lock store, only while waiting).

Log snapshots nobody reads: RulePolicy and MemoizationPolicy pass ``copy.deepcopy(states)`` to their debug log
calls on every prediction, and the argument is built even when debug logging is off (11 % of a single user's
turn, py-spy). structlog renders an event during the call, before the states can change, so those modules now
get the states themselves; nothing else in them uses ``copy``. Rasa's MessageProcessor does the same with the
events of every action and slot extraction and with the parsed message (about 0.1 ms per turn): it gets them as
they are too. RulePolicy also formats all the states as text for one of those calls; it does so only when debug
logging is on. ``Domain.is_empty``, asked for every message, built a new empty domain each time to compare with
(about 0.2 ms); the empty domain is now built once.

Choosing a response variation: Rasa picks among the variations that fit the slots with ``numpy.random.choice``,
which first turns the list of variations into a numpy array, and formats their conditions for a debug log that
is off (about 0.1 ms per message the bot sends). Every response of ours has one variation per language, so one
fits: it is taken as it is. With several fitting variations, or debug logging on, Rasa's own choice runs.

Language models at start: lingua loads its models lazily, so a fresh server spent about a second of its first
conversations loading them (holding the GIL). The Rasa server now loads them with the model (``Agent.load_model``)
when the domain decides the language with ``action_decide_language``, and then moves everything loaded out of the
garbage collector's sight (``gc.freeze``), so a full collection no longer walks the whole model.

The policies' view of the conversation: computed once per turn and extended, not rebuilt for every policy and
prediction (bot/dialogue_states.py); RulePolicy's search for fitting rules remembers its first step per state
and stops when every remaining rule is shorter than the history it reached (bot/rule_lookup.py); the copy of
the tracker Rasa makes before every action is brought up to date instead of replayed from the first event
(bot/tracker_copy.py).

Featurizing a message: Rasa's CountVectorsFeaturizer builds each message's matrices through scikit-learn's
``transform`` and three scipy conversions; the same matrices are now built directly (bot/count_vectors.py).

Running the custom actions in-process when the endpoints file asks for it (``actions_module``):
bot/actions_in_process.py. Calls to an action server over kept-alive connections: bot/endpoint_sessions.py.
"""
from __future__ import annotations

import functools
import gc
import logging
from types import SimpleNamespace
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.core import processor
from rasa.core.actions.action import ActionExtractSlots, RemoteAction, create_bot_utterance
from rasa.core.agent import Agent
from rasa.core.lock_store import LockStore
from rasa.core.nlg import response as nlg_response
from rasa.core.nlg.generator import ResponseVariationFilter
from rasa.core.policies import memoization, rule_policy
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.constants import ACTION_VALIDATE_SLOT_MAPPINGS
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses

_ORIGINAL_RESOLVE = Event.resolve_by_type
_ORIGINAL_RUN_CUSTOM_MAPPING = ActionExtractSlots._run_custom_action
_ORIGINAL_EXTRACT_SLOTS = ActionExtractSlots.run
LANGUAGE_ACTION = "action_decide_language"
GREETINGS = ("greet", "start")
_EVENT_TYPES: Dict[str, type] = {}
_ORIGINAL_GRAPH_RUN = DaskGraphRunner.run
_ORIGINAL_ACQUIRE_LOCK = LockStore._acquire_lock
LOCK_POLL_SECONDS = 0.05
_ORIGINAL_LOAD_MODEL = Agent.load_model
_ORIGINAL_FORMAT_STATES = rule_policy.RulePolicy.format_tracker_states
_ORIGINAL_RANDOM_RESPONSE = nlg_response.TemplatedNaturalLanguageGenerator._random_response_for
# What the policies' modules see as ``copy``: their only use of it is snapshotting states for a debug log call.
LOG_ARGUMENTS_AS_IS = SimpleNamespace(deepcopy=lambda value, memo=None: value)


@functools.lru_cache(maxsize=1)
def _action_result_validator():
    from jsonschema.validators import validator_for

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _fast_check(schema: Dict[Text, Any]) -> Any:
    """``schema`` compiled to Python code by fastjsonschema (about 20x faster than jsonschema's interpreter):
    a function that tells whether a value is valid."""
    import fastjsonschema

    validate = fastjsonschema.compile(schema)

    def is_valid(value: Any) -> bool:
        try:
            validate(value)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return is_valid


@functools.lru_cache(maxsize=1)
def _event_validators() -> Optional[Tuple[Any, Dict[Text, Any]]]:
    """The same schema split by event type: a check for the answer without its events' ``oneOf``, and one per
    event type for (the event's common part and its own alternative). None if the schema is not like that."""
    schema = RemoteAction.action_response_format_spec()
    events = schema.get("properties", {}).get("events", {})
    items = events.get("items", {})
    alternatives = items.get("oneOf") or []
    names = [alternative.get("properties", {}).get("event", {}).get("const") for alternative in alternatives]
    if (set(events) != {"type", "items"} or items.get("required") != ["event"] or not names or None in names
            or len(set(names)) != len(names)):
        return None
    common = {key: value for key, value in items.items() if key != "oneOf"}
    answer = _fast_check({**schema, "properties": {**schema["properties"], "events": {"type": events["type"]}}})
    by_name = {name: _fast_check({"allOf": [common, alternative]}) for name, alternative in zip(names, alternatives)}
    return answer, by_name


def valid_by_event_type(result: Any) -> bool:
    """True only if the full check accepts ``result``. Each event must match exactly one of 23 alternatives, and
    the alternatives differ in the required ``event`` name (a constant), so an event fits exactly one when it fits
    the one with its name: checking just that one spares the other 22 (most of the check's time). The checks are
    compiled by fastjsonschema; whatever they reject still gets Rasa's own check (and its error message)."""
    checks = _event_validators()
    if checks is None or not isinstance(result, dict):
        return False
    answer, by_name = checks
    if not answer(result):
        return False
    for event in result.get("events") or []:
        name = event.get("event") if isinstance(event, dict) else None
        check = by_name.get(name) if isinstance(name, str) else None
        if check is None or not check(event):
            return False
    return True


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    from jsonschema.exceptions import best_match

    if valid_by_event_type(result):
        return True
    error = best_match(_action_result_validator().iter_errors(result))  # Rasa's own check, for its error
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def _resolve_by_type(type_name: Text, default: Optional[type] = None) -> Optional[type]:
    cls = _EVENT_TYPES.get(type_name)
    if cls is None:
        for subclass in all_subclasses(Event):  # (re)built on a miss: classes imported later are found too
            _EVENT_TYPES.setdefault(subclass.type_name, subclass)
        cls = _EVENT_TYPES.get(type_name)
    return cls if cls is not None else _ORIGINAL_RESOLVE(type_name, default)


async def decide_language_events(tracker: Any, nlg: Any, channel_name: Optional[Text]) -> List[Event]:
    """What `action_decide_language` returns, computed from Rasa's own tracker: the language, the person's
    profile facts in the message (bot/person/facts.py) and, on first contact, the privacy line."""
    from bot.language import channel_prior, decide_language
    from bot.people.privacy import retention_days
    from bot.person.describe import change_texts
    from bot.person.facts import CHECK_SLOTS, PROFILE_SLOTS, corrections, updates_for

    message = tracker.latest_message
    text = (message.text if message else "") or ""
    decision = decide_language(
        text=text,
        current=tracker.get_slot("language"),
        intent=((message.intent or {}).get("name") if message else None),
        prior=channel_prior(message.metadata if message else None, tracker.get_slot("session_started_metadata")),
    )
    events: List[Event] = []
    intent = (message.intent or {}).get("name") if message else None
    # a greeting or /start says the privacy line after the welcome itself (action_greet)
    if intent not in GREETINGS and not any(isinstance(e, BotUttered) for e in tracker.events):
        events += await _say(tracker, nlg, channel_name, decision.language, "utter_privacy_line",
                             days=str(retention_days()))
    if decision.changed:
        events.append(SlotSet("language", decision.language))
    slots = {name: tracker.get_slot(name) for name in (*PROFILE_SLOTS, *CHECK_SLOTS, "profile_changes")}
    updates = updates_for(text, slots)
    events.extend(SlotSet(name, value) for name, value in updates.items())
    corrected = change_texts(corrections(updates.get("profile_changes") or []), decision.language)
    # inform answers and the forms' own corrections say it themselves
    if corrected and intent != "inform" and not tracker.active_loop_name:
        events += await _say(tracker, nlg, channel_name, decision.language, "utter_profile_corrected",
                             changes="; ".join(corrected))
    return events


async def _say(tracker: Any, nlg: Any, channel_name: Optional[Text], language: str, response: Text,
               **values: Any) -> List[Event]:
    """A response as a bot message, in ``language`` (the language this message is answered in, which the
    tracker's slot may not hold yet)."""
    slot = tracker.slots.get("language")
    before = slot.value if slot is not None else None
    if slot is not None:
        slot.value = language
    try:
        draft = await nlg.generate(response, tracker, channel_name, **values)
    finally:
        if slot is not None:
            slot.value = before
    if not draft:
        return []
    draft["utter_action"] = response  # as Rasa marks a response an action asked for
    return [create_bot_utterance(draft)]


async def _run_custom_mapping(self: ActionExtractSlots, custom_action: Text, output_channel: Any, nlg: Any,
                              tracker: Any, domain: Any) -> List[Event]:
    if custom_action == LANGUAGE_ACTION:
        events = await decide_language_events(tracker, nlg, output_channel.name() if output_channel else None)
    else:
        events = await _ORIGINAL_RUN_CUSTOM_MAPPING(self, custom_action, output_channel, nlg, tracker, domain)
    if custom_action != ACTION_VALIDATE_SLOT_MAPPINGS:  # Rasa keeps that action's messages itself
        # Rasa drops everything but SlotSet from a slot mapping's events; _extract_slots hands the messages back.
        self.__dict__.setdefault("_said_by_mappings", []).extend(e for e in events if isinstance(e, BotUttered))
    return events


async def _extract_slots(self: ActionExtractSlots, output_channel: Any, nlg: Any, tracker: Any,
                         domain: Any) -> List[Event]:
    events = await _ORIGINAL_EXTRACT_SLOTS(self, output_channel, nlg, tracker, domain)
    return [*self.__dict__.pop("_said_by_mappings", []), *events]


def _run_graph(self: DaskGraphRunner, inputs: Optional[Dict[Text, Any]] = None,
               targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
    run_targets = tuple(targets if targets else self._graph_schema.target_names)
    schemas = self.__dict__.setdefault("_minimal_schemas", {})
    if run_targets not in schemas:
        schemas[run_targets] = self._graph_schema.minimal_graph_schema(list(run_targets)).nodes
    nodes = schemas[run_targets]
    results: Dict[Text, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and value in nodes:
            raise GraphRunError(f"Input value '{value}' clashes with a node name.")
        results[name] = (name, value)

    def output(name: Text) -> Any:
        if name not in results:
            if name not in nodes:
                return name  # as dask: an unresolved input is passed as its key, and the node reports it
            results[name] = self._instantiated_nodes[name](*[output(need) for need in nodes[name].needs.values()])
        return results[name]

    try:
        return dict(output(target) for target in run_targets)
    except RuntimeError as exc:
        raise GraphRunError("Error running runner.") from exc


async def _acquire_lock(self: LockStore, conversation_id: Text, ticket: int, wait_time_in_seconds: float) -> Any:
    return await _ORIGINAL_ACQUIRE_LOCK(self, conversation_id, ticket, min(wait_time_in_seconds, LOCK_POLL_SECONDS))


@functools.lru_cache(maxsize=1)
def _empty_domain_data() -> Dict[Text, Any]:
    return Domain.empty().as_dict()


def _domain_is_empty(self: Domain) -> bool:
    """Rasa's ``Domain.is_empty`` (asked on every message) with the empty domain built once, not per call."""
    return self.as_dict() == _empty_domain_data()


def _format_states_for_debug_log(states: List[Any]) -> Text:
    """RulePolicy formats the states for every prediction, only to pass them to a debug log call."""
    if not rule_policy.logger.isEnabledFor(logging.DEBUG):
        return ""
    return _ORIGINAL_FORMAT_STATES(states)


def _random_response_for(self: nlg_response.TemplatedNaturalLanguageGenerator, utter_action: Text,
                         output_channel: Text, filled_slots: Dict[Text, Any]) -> Optional[Dict[Text, Any]]:
    """Rasa's choice of a variation, without numpy and the debug text when exactly one variation fits."""
    if utter_action not in self.responses or nlg_response.logger.isEnabledFor(logging.DEBUG):
        return _ORIGINAL_RANDOM_RESPONSE(self, utter_action, output_channel, filled_slots)
    suitable = ResponseVariationFilter(self.responses).responses_for_utter_action(
        utter_action, output_channel, filled_slots)
    if len(suitable) == 1:
        return suitable[0]
    return _ORIGINAL_RANDOM_RESPONSE(self, utter_action, output_channel, filled_slots)


def _load_model(self: Agent, *args: Any, **kwargs: Any) -> None:
    gc.unfreeze()  # a model loaded before this one (a reload) may be collected again
    _ORIGINAL_LOAD_MODEL(self, *args, **kwargs)
    domain = self.domain
    if domain is not None and LANGUAGE_ACTION in domain.user_actions:
        from bot import language

        language.preload()
    # Everything loaded so far (Rasa, TensorFlow, the model, lingua: millions of objects) lives as long as the
    # model: moved out of the garbage collector's sight, a full collection no longer walks it (in-process, 3,000
    # turns: a pause of about 350 ms every ~1,500 turns before, about 95 ms now).
    gc.collect()
    gc.freeze()


_ORIGINAL_PARSE_MESSAGE = processor.MessageProcessor.parse_message


def last_buttons(tracker: Any) -> List[Dict[Text, Any]]:
    """The buttons of the bot's last turn (the newest message that had any), or []."""
    for event in reversed(tracker.events if tracker is not None else []):
        if isinstance(event, UserUttered):
            return []
        if isinstance(event, BotUttered) and (event.data or {}).get("buttons"):
            return event.data["buttons"]
    return []


async def _parse_message(self: processor.MessageProcessor, message: Any, tracker: Any = None,
                         only_output_properties: bool = True) -> Dict[Text, Any]:
    """A typed button title, something close to it, or its number is read as a tap on that button
    (bot/understanding/buttons.py); the user's own text is kept in the conversation."""
    from bot.understanding.buttons import pick_button

    typed = message.text
    picked = pick_button(typed or "", last_buttons(tracker)) if tracker is not None else None
    if not picked:
        return await _ORIGINAL_PARSE_MESSAGE(self, message, tracker, only_output_properties)
    # A payload that is an intent ("/affirm") keeps the user's own text; a payload that is an answer in words
    # ("nee", "bijstand": the fund check's buttons) is what the forms read, as if the button had been tapped.
    keeps_typed = picked.startswith("/")
    message.text = picked
    try:
        parse_data = await _ORIGINAL_PARSE_MESSAGE(self, message, tracker, only_output_properties)
    finally:
        if keeps_typed:
            message.text = typed
    if keeps_typed:
        parse_data["text"] = typed
    return parse_data


# The only Rasa version these patches were checked on (tests compare them with this version's own functions).
VERIFIED_RASA = "3.6.21"
_applied = False


def apply() -> bool:
    """Apply every patch once; True when they are in place. On another Rasa version nothing is patched: Rasa's
    own behaviour is kept and the log says why (the language decision then runs as action_decide_language)."""
    global _applied
    import rasa

    if _applied:
        return True
    if rasa.__version__ != VERIFIED_RASA:
        logging.getLogger(__name__).warning(
            "Rasa %s: our Rasa patches were verified on %s only and are not applied; Rasa's own behaviour is kept",
            rasa.__version__, VERIFIED_RASA)
        return False
    from bot import actions_in_process, count_vectors, dialogue_states, endpoint_sessions, rule_lookup, tracker_copy

    actions_in_process.apply()
    count_vectors.apply()
    endpoint_sessions.apply()
    dialogue_states.apply()
    rule_lookup.apply()
    tracker_copy.apply()
    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_by_type)
    ActionExtractSlots._run_custom_action = _run_custom_mapping
    ActionExtractSlots.run = _extract_slots
    DaskGraphRunner.run = _run_graph
    LockStore._acquire_lock = _acquire_lock
    rule_policy.copy = memoization.copy = processor.copy = LOG_ARGUMENTS_AS_IS
    rule_policy.RulePolicy.format_tracker_states = staticmethod(_format_states_for_debug_log)
    Agent.load_model = _load_model
    Domain.is_empty = _domain_is_empty
    processor.MessageProcessor.parse_message = _parse_message
    nlg_response.TemplatedNaturalLanguageGenerator._random_response_for = _random_response_for
    _applied = True
    return True
