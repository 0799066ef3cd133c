"""The language slot's custom mapping (``action_decide_language``) runs inside the Rasa server: one action-server
round trip less after every user message (≈1 ms per turn), and the bot messages of a custom slot mapping reach
the user (Rasa 3.6 keeps only a mapping's SlotSet events, so the privacy line and "corrected" never arrived).

The decision is a pure function (bot.core.language) made with the same inputs and giving the same events as the
action: the slot, the person's profile facts in the message (bot/core/person/facts.py), on first contact the
privacy line, and "I changed ..." after a correction. Every other custom mapping still goes to the action server.
Without this patch (another Rasa version) the action server's ``action_decide_language`` decides the same way.
"""
from __future__ import annotations

from typing import Any, List, Optional, Text

from rasa.core.actions.action import ActionExtractSlots, create_bot_utterance
from rasa.shared.core.constants import ACTION_VALIDATE_SLOT_MAPPINGS
from rasa.shared.core.events import BotUttered, Event, SlotSet

from bot.rasa_ext.patches import kept_state

LANGUAGE_ACTION = "action_decide_language"
GREETINGS = ("greet", "start")
SAID_BY_MAPPINGS = "said_by_mappings"  # kept on ActionExtractSlots during one run (kept_state)
ORIGINAL_RUN_CUSTOM_MAPPING = ActionExtractSlots._run_custom_action
ORIGINAL_EXTRACT_SLOTS = ActionExtractSlots.run


async def decide_language_events(tracker: Any, nlg: Any, channel_name: Optional[Text]) -> List[Event]:
    """What `action_decide_language` returns, computed from Rasa's own tracker: the language, the person's
    profile facts in the message (bot/core/person/facts.py) and, on first contact, the privacy line."""
    from bot.core.language import channel_prior, decide_language
    from bot.core.people.privacy import retention_days
    from bot.core.person.describe import change_texts
    from bot.core.person.facts import CHECK_SLOTS, PROFILE_SLOTS, corrections, updates_for

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


async def run_custom_mapping(self: ActionExtractSlots, custom_action: Text, output_channel: Any, nlg: Any,
                             tracker: Any, domain: Any) -> List[Event]:
    if custom_action == LANGUAGE_ACTION:
        events = await decide_language_events(tracker, nlg, output_channel.name() if output_channel else None)
    else:
        events = await ORIGINAL_RUN_CUSTOM_MAPPING(self, custom_action, output_channel, nlg, tracker, domain)
    if custom_action != ACTION_VALIDATE_SLOT_MAPPINGS:  # Rasa keeps that action's messages itself
        # Rasa drops everything but SlotSet from a slot mapping's events; extract_slots hands the messages back.
        kept_state.setdefault(self, SAID_BY_MAPPINGS, list).extend(e for e in events if isinstance(e, BotUttered))
    return events


async def extract_slots(self: ActionExtractSlots, output_channel: Any, nlg: Any, tracker: Any,
                        domain: Any) -> List[Event]:
    events = await ORIGINAL_EXTRACT_SLOTS(self, output_channel, nlg, tracker, domain)
    return [*kept_state.pop(self, SAID_BY_MAPPINGS, []), *events]


def apply() -> None:
    ActionExtractSlots._run_custom_action = run_custom_mapping
    ActionExtractSlots.run = extract_slots
