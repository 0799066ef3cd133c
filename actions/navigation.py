"""Start of a conversation (also Telegram /start deep links) and the two-stage fallback."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.base import language_of, previous_turn
from actions.eligibility import show_changed_verdict
from actions.people import referral_welcome
from bot.core.people.privacy import retention_days
from bot.core.understanding.clarify import clarify_buttons

logger = logging.getLogger(__name__)


def first_contact(tracker: Tracker) -> bool:
    """Nothing was said to this user yet (in any session)."""
    return not any(event.get("event") == "bot" for event in tracker.events)


class ActionGreet(Action):
    """The greeting; on first contact followed by a short privacy line."""

    def name(self) -> Text:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_greet")
        if first_contact(tracker):
            dispatcher.utter_message(response="utter_privacy_line", days=str(retention_days()))
        return []


class ActionStart(ActionGreet):
    """/start (Telegram, a deep link with a counsellor's code, the web page's first visit): welcome + greeting."""

    def name(self) -> Text:
        return "action_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        code = tracker.get_slot("referral_code")
        if code:
            try:
                events = referral_welcome(dispatcher, tracker, code, privacy_line=first_contact(tracker))
            except SQLAlchemyError as exc:
                logger.error("referral lookup failed: %s", type(exc).__name__)
                events = []
                dispatcher.utter_message(response="utter_welcome_referred")
            else:
                if events is None:
                    events = []
                    dispatcher.utter_message(response="utter_unknown_referral_code")
            # the code is used once: a later plain /start must not welcome (and ask consent) again
            events.append(SlotSet("referral_code", None))
            if len(events) > 1:  # consent question asked; the menu follows the answer
                return events
            return events + await super().run(dispatcher, tracker, domain)
        return await super().run(dispatcher, tracker, domain)


def _previous_bot_action(tracker: Tracker) -> str:
    """The last action before the current user turn (skipping listen and the language mapping)."""
    return next((e["name"] for e in previous_turn(tracker) if e.get("event") == "action"
                 and e.get("name") not in ("action_listen", "action_decide_language", None)), "")


class ActionClarifyIntent(Action):
    """Low NLU confidence: ask which of the two likeliest topics the user meant (buttons), never guess."""

    def name(self) -> Text:
        return "action_clarify_intent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        if show_changed_verdict(dispatcher, tracker):
            return []  # "oh wacht, mijn vriend werkt niet": the correction was understood, the outcome changes
        repeated = _previous_bot_action(tracker) == self.name()
        buttons = clarify_buttons(message.get("intent_ranking") or [], message.get("entities") or [],
                                  language_of(tracker), offer_human=repeated)
        if buttons is None:
            dispatcher.utter_message(response="utter_default")
        else:
            dispatcher.utter_message(response="utter_clarify", buttons=buttons)
        return []
