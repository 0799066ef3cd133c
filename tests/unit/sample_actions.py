"""A tiny actions package for tests/unit/test_actions_in_process.py: rasa_sdk actions with known behaviour."""
import threading
import time
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import ActionExecutionRejection

RAN_ON: List[str] = []


class ActionGreetAndRemember(Action):
    def name(self) -> Text:
        return "action_sample_greet"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        RAN_ON.append(threading.current_thread().name)
        dispatcher.utter_message(response="utter_greet")
        dispatcher.utter_message(text=f"forms in the domain: {len(domain.get('forms', {}))}")
        return [SlotSet("language", "en")]


class ActionSlow(Action):
    """Blocks like a slow database query would."""

    def name(self) -> Text:
        return "action_sample_slow"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        time.sleep(0.5)
        dispatcher.utter_message(text="done")
        return []


class ActionReject(Action):
    def name(self) -> Text:
        return "action_sample_reject"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        raise ActionExecutionRejection(self.name(), "not now")
