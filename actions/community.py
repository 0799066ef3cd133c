"""The "what suits me?" quiz, events near you and stories of people in tech."""
from __future__ import annotations

from datetime import date
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import CatalogAction
from actions.people import yes_no_buttons
from bot.core import quiz, replies
from bot.core.catalog.community import nearby_events, stories_for
from bot.core.catalog.queries import list_profiles
from bot.core.people.handoff import too_young_for_contact
from bot.core.texts import t


class ActionQuiz(CatalogAction):
    """Every quiz button is /start_quiz{"quiz_choice": ...}: record it and ask the next question, or show the
    result. Without a choice: resume where the user stopped, or start."""

    def name(self) -> Text:
        return "action_quiz"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        answers = [a for a in (tracker.get_slot("quiz_answers") or []) if a in quiz.OPTIONS]
        choice = next(tracker.get_latest_entity_values("quiz_choice"), None)
        total = len(quiz.QUESTIONS)
        if choice == "restart" or (choice is None and (not answers or len(answers) >= total)):
            answers = []
            dispatcher.utter_message(response="utter_quiz_intro", total=str(total))
        elif choice is None:
            dispatcher.utter_message(response="utter_quiz_resume")
        elif quiz.fits_step(choice, len(answers)):
            answers = answers + [choice]
        if len(answers) < total:
            step = len(answers)
            dispatcher.utter_message(response="utter_quiz_question", step=str(step + 1), total=str(total),
                                     question=quiz.question_text(step, lang),
                                     buttons=replies.quiz_buttons(step, lang))
        else:
            recommendations = quiz.recommend(answers)
            names = {p.id: p.name for p in list_profiles(lang)}
            buttons = [{"title": names[r.profile], "payload": replies.payload("ask_job_profile", job_profile=r.profile)}
                       for r in recommendations]
            buttons.append({"title": t("quiz_restart", lang),
                            "payload": replies.payload("start_quiz", quiz_choice="restart")})
            dispatcher.utter_message(response="utter_quiz_result",
                                     results=replies.quiz_result_lines(recommendations, names, lang), buttons=buttons)
        return [SlotSet("quiz_answers", answers)]


class ActionRoleModels(CatalogAction):
    def name(self) -> Text:
        return "action_role_models"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        profile = next(tracker.get_latest_entity_values("job_profile"), None) or tracker.get_slot("job_profile")
        stories = stories_for(profile, lang)
        if not stories:
            dispatcher.utter_message(response="utter_no_role_model")
            return []
        story = stories[0]
        buttons = [{"title": t("how_to_become", lang),
                    "payload": replies.payload("inform_education_level", job_profile=story.profile_id)},
                   {"title": t("do_quiz", lang), "payload": replies.payload("start_quiz")}]
        intro = t("story_intro_example" if story.illustrative else "story_intro", lang, job=story.profile_name)
        dispatcher.utter_message(response="utter_role_model", intro=intro,
                                 story=f"{story.name}: {story.story}",
                                 note=t("story_illustrative", lang) if story.illustrative else "", buttons=buttons)
        return []


def utter_events(dispatcher: CollectingDispatcher, tracker: Tracker, lang: str,
                 today: date | None = None) -> List[Dict[Text, Any]]:
    """Events near the user's place (never far ones called near); with none known, say so and offer a call."""
    place = next(tracker.get_latest_entity_values("location"), None) or tracker.get_slot("location")
    nearby = nearby_events(today or date.today(), lang, place=place, profile=tracker.get_slot("job_profile"))
    if not nearby.events:
        if too_young_for_contact(tracker.get_slot("age")):
            dispatcher.utter_message(response="utter_no_events")
            return []
        dispatcher.utter_message(response="utter_no_events_known", buttons=yes_no_buttons(lang))
        return [SlotSet("pending_question", "callback_consent")]
    dispatcher.utter_message(response="utter_events_list", intro=replies.events_intro(nearby, lang),
                             events=replies.event_lines(nearby.events, lang),
                             buttons=replies.place_buttons(lang, intent="ask_events"))
    return []
