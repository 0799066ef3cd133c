"""Keeps the conversation language: run after every user message through the `language` slot mapping."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.language import channel_prior, decide_language


class ActionDecideLanguage(Action):
    """The language slot's mapping. Inside our Rasa server the same decision runs in-process
    (bot/rasa_patches.py) and this action is only called where those patches are not loaded."""

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
        if decision.unsupported:
            # Turkish, Arabic, Polish...: say (in both languages) which languages we speak.
            dispatcher.utter_message(response="utter_unsupported_language")
        if decision.changed:
            return [SlotSet("language", decision.language)]
        return []


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
