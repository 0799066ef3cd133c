"""Shared helpers for the actions: the conversation language and a safe wrapper around catalog access."""
from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from bot.language import normalise_language

logger = logging.getLogger(__name__)


def language_of(tracker: Tracker) -> str:
    return normalise_language(tracker.get_slot("language"))


class CatalogAction(Action, ABC):
    """An action that reads the catalog; if the database is unavailable the user gets a short apology."""

    @abstractmethod
    def name(self) -> Text:
        """Every concrete action names itself."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        try:
            return self.answer(dispatcher, tracker, language_of(tracker))
        except SQLAlchemyError as exc:
            logger.error("catalog unavailable in %s: %s", self.name(), type(exc).__name__)
            dispatcher.utter_message(response="utter_service_problem")
            return []

    @abstractmethod
    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        """Utter the answer in ``lang`` and return the events."""
