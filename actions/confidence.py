"""The confidence questions: maths, English, "am I smart enough?"."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import CatalogAction
from bot.core import replies
from bot.core.catalog import queries


class ActionAnswerRequirements(CatalogAction):
    def name(self) -> Text:
        return "action_answer_requirements"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        topic = replies.requirement_topic((tracker.latest_message or {}).get("text", ""))
        dispatcher.utter_message(response=f"utter_requirements_{topic}")
        profile_id = tracker.get_slot("job_profile")
        profile = queries.get_profile(profile_id, lang) if profile_id else None
        if profile is not None and topic != "english":
            dispatcher.utter_message(response="utter_requirements_profile", name=profile.name,
                                     math_level=profile.math_level)
        return []
