"""Education levels: which jobs are reachable from a level, and the route from a level into one job."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import CatalogAction, asked_level, person_for
from bot.core import replies
from bot.core.catalog import queries


class ActionShowRoutes(CatalogAction):
    def name(self) -> Text:
        return "action_show_routes"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        level = replies.valid_level(asked_level(tracker))
        if level is None:
            dispatcher.utter_message(response="utter_ask_education_level",
                                     buttons=replies.level_buttons(queries.list_levels(lang)))
            return []
        if level == "none":
            dispatcher.utter_message(response="utter_no_diploma_encourage")
        profile_id = tracker.get_slot("job_profile")
        person = person_for(tracker, level)
        advice = queries.routes_for(profile_id, level, lang, person=person) if profile_id else None
        if advice and advice.options:
            values = replies.route_vars(advice, lang)
            dispatcher.utter_message(response="utter_routes", **values)
            if values["note"]:
                dispatcher.utter_message(response="utter_routes_note", note=values["note"])
            mbo_note = replies.mbo_level_note(level, tracker.get_slot("mbo_level"), lang)
            if mbo_note:
                dispatcher.utter_message(response="utter_routes_note", note=mbo_note)
            return []
        pairs = queries.first_routes_for_level(level, lang)
        level_name = queries.get_level(level, lang).name
        dispatcher.utter_message(response="utter_level_overview", level=level_name,
                                 lines=replies.level_overview_lines(pairs),
                                 buttons=replies.profile_buttons([p for p, _o in pairs]))
        return []
