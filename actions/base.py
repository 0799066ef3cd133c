"""Shared helpers for the actions: the conversation language and a safe wrapper around catalog access."""
from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from bot.core.catalog import fit
from bot.core.language import normalise_language
from bot.core.people.referrals import record_progress
from bot.core.person.describe import change_texts

logger = logging.getLogger(__name__)
PROGRESS_SLOTS = ("job_profile", "education_level", "mbo_level", "location", "shown_courses")


def language_of(tracker: Tracker) -> str:
    return normalise_language(tracker.get_slot("language"))


def asked_level(tracker: Tracker) -> Any:
    """The education level an answer is about: the one the message asks about ("en met havo?"), else the
    person's own. Asking about a level never changes the person's own (bot/core/person/facts.py)."""
    own = tracker.get_slot("education_level")
    named = list(tracker.get_latest_entity_values("education_level"))
    return own if not named or own in named else named[0]


def person_for(tracker: Tracker, level: Optional[str]) -> fit.Person:
    """The person an answer about ``level`` is for, from the profile (bot/core/catalog/fit.py)."""
    return fit.person_from_facts(tracker.get_slot("age"), level, tracker.get_slot("mbo_level"),
                                 tracker.get_slot("work_situation"), tracker.get_slot("role"),
                                 own_level=level == tracker.get_slot("education_level"),
                                 languages=tracker.get_slot("languages_spoken") or ())


def utter_corrections(dispatcher: CollectingDispatcher, changes: List[Any], lang: str) -> None:
    """Say which facts a message changed ("Ik heb het aangepast: leeftijd: 47 → 48")."""
    texts = change_texts(changes, lang)
    if texts:  # a change the profile does not show (a fund check answer) is said by the new outcome itself
        dispatcher.utter_message(response="utter_profile_corrected", changes="; ".join(texts))


def previous_turn(tracker: Tracker) -> List[Dict[Text, Any]]:
    """The events of the bot's previous turn: between the user message before the latest one and the latest,
    newest first."""
    turn: List[Dict[Text, Any]] = []
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                break
            seen_user = True
        elif seen_user:
            turn.append(event)
    return turn


def remember_progress(tracker: Tracker, events: List[Dict[Text, Any]]) -> None:
    """For a referred student who agreed to share: keep what they chose for their counsellor (and only then)."""
    slots = {name: tracker.get_slot(name) for name in PROGRESS_SLOTS}
    for event in events:
        if event.get("event") == "slot" and event.get("name") in PROGRESS_SLOTS:
            slots[event["name"]] = event.get("value")
    if not any(slots.values()):
        return
    try:
        record_progress(tracker.sender_id, {"job_profile": slots["job_profile"],
                                            "education_level": slots["education_level"],
                                            "mbo_level": slots["mbo_level"],
                                            "location": slots["location"], "courses": slots["shown_courses"]},
                        said=lambda: [e.get("text") or "" for e in reversed(tracker.events)
                                      if e.get("event") == "user"])
    except SQLAlchemyError as exc:
        logger.warning("could not keep referral progress: %s", type(exc).__name__)


class CatalogAction(Action, ABC):
    """An action that reads the catalog; if the database is unavailable the user gets a short apology."""

    @abstractmethod
    def name(self) -> Text:
        """Every concrete action names itself."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        try:
            events = self.answer(dispatcher, tracker, language_of(tracker))
        except SQLAlchemyError as exc:
            logger.error("catalog unavailable in %s: %s", self.name(), type(exc).__name__)
            dispatcher.utter_message(response="utter_service_problem")
            return []
        remember_progress(tracker, events)
        return events

    @abstractmethod
    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        """Utter the answer in ``lang`` and return the events."""
