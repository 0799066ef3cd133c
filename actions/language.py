"""Keeps the conversation language: run after every user message through the `language` slot mapping."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.language import decide_language, prior_from_code


def _channel_prior(tracker: Tracker) -> Optional[str]:
    """A language hint a channel put in the message metadata (Telegram's language_code, the web toggle)."""
    for metadata in (tracker.latest_message.get("metadata") or {}, tracker.get_slot("session_started_metadata") or {}):
        if isinstance(metadata, dict):
            prior = prior_from_code(metadata.get("language") or metadata.get("language_code"))
            if prior:
                return prior
    return None


class ActionDecideLanguage(Action):
    def name(self) -> Text:
        return "action_decide_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        decision = decide_language(
            text=message.get("text") or "",
            current=tracker.get_slot("language"),
            intent=(message.get("intent") or {}).get("name"),
            prior=_channel_prior(tracker),
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
        if not carried.get("language") and isinstance(metadata, dict):
            prior = prior_from_code(metadata.get("language") or metadata.get("language_code"))
            if prior:
                events.append(SlotSet("language", prior))
        events.append(ActionExecuted("action_listen"))
        return events
