"""Keeps the conversation language: run after every user message through the `language` slot mapping."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.core.language import channel_prior, decide_language
from bot.core.people.privacy import retention_days
from bot.core.person.facts import CHECK_SLOTS, PROFILE_SLOTS, updates_for


class ActionDecideLanguage(Action):
    """The language slot's mapping, also the profile facts and the privacy line on first contact. Inside our
    Rasa server the same decision runs in-process
    (bot/rasa_ext/patches/language_mapping.py); this action is only called where those patches are not applied."""

    def name(self) -> Text:
        return "action_decide_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        decision = decide_language(
            text=message.get("text") or "",
            current=tracker.get_slot("language"),
            intent=(message.get("intent") or {}).get("name"),
            prior=channel_prior(message.get("metadata"), tracker.get_slot("session_started_metadata")),
        )
        greeting = (message.get("intent") or {}).get("name") in ("greet", "start")  # action_greet says it
        if not greeting and not any(event.get("event") == "bot" for event in tracker.events):
            dispatcher.utter_message(response="utter_privacy_line", days=str(retention_days()))
        events = [SlotSet("language", decision.language)] if decision.changed else []
        slots = {name: tracker.get_slot(name) for name in (*PROFILE_SLOTS, *CHECK_SLOTS, "profile_changes")}
        events.extend(SlotSet(name, value) for name, value in updates_for(message.get("text") or "", slots).items())
        return events


class ActionSessionStart(Action):
    """Starts a session, keeps the slots of the previous one and takes a channel's language hint."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        events: List[EventType] = [SessionStarted()]
        carried = {
            key: value for key, value in tracker.current_slot_values().items()
            if value is not None and key != "session_started_metadata"
        }
        events.extend(SlotSet(key, value) for key, value in carried.items())
        metadata = tracker.get_slot("session_started_metadata") or {}
        prior = None if carried.get("language") else channel_prior(metadata)
        if prior:
            events.append(SlotSet("language", prior))
        events.append(ActionExecuted("action_listen"))
        return events
