"""Job profiles: the list, one profile explained, and its salary."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import CatalogAction, asked_level, person_for
from bot.core import replies
from bot.core.catalog import queries


class ActionListProfiles(CatalogAction):
    def name(self) -> Text:
        return "action_list_profiles"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        profiles = queries.list_profiles(lang)
        dispatcher.utter_message(response="utter_profile_list", profiles=replies.profile_lines(profiles),
                                 buttons=replies.profile_buttons(profiles))
        return []


def profile_or_ask(dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> Optional[queries.Profile]:
    """The profile in the `job_profile` slot; without one, ask which (with a button per profile)."""
    profile_id = tracker.get_slot("job_profile")
    profile = queries.get_profile(profile_id, lang) if profile_id else None
    if profile is None:
        dispatcher.utter_message(response="utter_ask_which_profile",
                                 buttons=replies.profile_buttons(queries.list_profiles(lang)))
    return profile


class ActionExplainProfile(CatalogAction):
    def name(self) -> Text:
        return "action_explain_profile"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        profile = profile_or_ask(dispatcher, tracker, lang)
        if profile is None:
            return []
        dispatcher.utter_message(response="utter_job_profile", **replies.profile_vars(profile, lang))
        level = replies.valid_level(asked_level(tracker))
        advice = queries.routes_for(profile.id, level, lang, person=person_for(tracker, level)) if level else None
        if advice and advice.options:
            dispatcher.utter_message(response="utter_routes", **replies.route_vars(advice, lang))
        else:
            dispatcher.utter_message(response="utter_profile_next_step", name=profile.name,
                                     buttons=replies.profile_next_buttons(profile.id, lang))
        return []


class ActionShowSalary(CatalogAction):
    def name(self) -> Text:
        return "action_show_salary"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        profile = profile_or_ask(dispatcher, tracker, lang)
        if profile is None:
            return []
        values = replies.salary_vars(profile, lang)
        dispatcher.utter_message(response="utter_salary", **values)
        source_response = "utter_salary_source_illustrative" if profile.salary_illustrative else "utter_salary_source"
        dispatcher.utter_message(response=source_response, source=values["source"],
                                 buttons=replies.profile_next_buttons(profile.id, lang)[:1])
        return []
