"""Course finder: search with the filters in the slots, page through results, answer follow-ups on costs."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import CatalogAction, asked_level, person_for, utter_corrections
from actions.community import utter_events
from actions.eligibility import checked_before, current_answers, show_changed_verdict, utter_eligibility_outcome
from actions.people import question_just_asked
from bot.core import replies
from bot.core.catalog import queries
from bot.core.catalog.money import money_notes
from bot.core.catalog.search import CourseQuery, course_details, provider_courses, search
from bot.core.people import callback
from bot.core.person.facts import corrections
from bot.core.understanding import answers, fit
from bot.core.understanding.entities import fold


def query_from_slots(tracker: Tracker) -> CourseQuery:
    level = replies.valid_level(asked_level(tracker))
    declined = fit.declined_group(text_of(tracker))
    return CourseQuery(
        profile=tracker.get_slot("job_profile"),
        level=level,
        # the place this message names, else the one searched last, else where the person lives
        location=next(tracker.get_latest_entity_values("location"), None) or tracker.get_slot("search_place")
        or tracker.get_slot("location"),
        free=tracker.get_slot("cost") == "free",
        schedule=tracker.get_slot("schedule"),
        target_group=None if declined else tracker.get_slot("target_group"),
        declined_group=declined or tracker.get_slot("declined_group"),
        language=course_language(tracker),
        person=person_for(tracker, level),
    )


def course_language(tracker: Tracker) -> Optional[str]:
    """The language of instruction asked for; "mijn Engels is niet goed" asks for the other one, even though
    the message names English."""
    weak = fit.weak_language(text_of(tracker))
    if weak is not None:
        return "nl" if weak == "en" else "en"
    return tracker.get_slot("course_language")


def text_of(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def run_search(dispatcher: CollectingDispatcher, tracker: Tracker, lang: str, offset: int = 0) -> List[Dict]:
    events = _run_search(dispatcher, tracker, lang, offset)
    declined = fit.declined_group(text_of(tracker))
    if declined:  # and it stays off for later searches
        events += [SlotSet("target_group", None), SlotSet("declined_group", declined)]
    return events


def _run_search(dispatcher: CollectingDispatcher, tracker: Tracker, lang: str, offset: int = 0) -> List[Dict]:
    query = query_from_slots(tracker)
    if not query.profile and not query.location and not query.active_filters():
        dispatcher.utter_message(response="utter_ask_course_profile",
                                 buttons=replies.course_profile_buttons(queries.list_profiles(lang)))
        return [SlotSet("awaiting", "course_profile")]
    if not query.location and query.schedule != "online":
        dispatcher.utter_message(response="utter_ask_course_location", buttons=replies.place_buttons(lang))
        return [SlotSet("awaiting", "course_location")]
    result = search(query, lang, offset=offset)
    if result.relaxed:
        dispatcher.utter_message(response="utter_courses_relaxed", dropped=replies.relaxed_text(result.relaxed, lang))
    if not result.hits:
        dispatcher.utter_message(response="utter_no_more_courses" if offset else "utter_no_courses")
        return [SlotSet("awaiting", None)]
    response = "utter_course_results" if offset == 0 else "utter_course_results_more"
    dispatcher.utter_message(response=response, total=str(result.total),
                             courses=replies.course_lines(result.hits, lang, offset),
                             buttons=replies.course_buttons(result.has_more, lang))
    if any(h.illustrative for h in result.hits):
        dispatcher.utter_message(response="utter_courses_illustrative_note")
    return [SlotSet("course_offset", float(offset)), SlotSet("shown_courses", [h.id for h in result.hits]),
            SlotSet("awaiting", None), SlotSet("search_place", query.location),
            SlotSet("course_language", query.language)]


class ActionFindCourses(CatalogAction):
    def name(self) -> Text:
        return "action_find_courses"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        return run_search(dispatcher, tracker, lang, offset=0)


class ActionMoreCourses(CatalogAction):
    def name(self) -> Text:
        return "action_more_courses"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        if not tracker.get_slot("shown_courses"):
            dispatcher.utter_message(response="utter_nothing_to_continue")
            return []
        offset = int(tracker.get_slot("course_offset") or 0) + 3
        return run_search(dispatcher, tracker, lang, offset=offset)


def _course_for_followup(tracker: Tracker, lang: str) -> Optional[List[str]]:
    """Which courses a follow-up ("wat kost die van Codam?") is about."""
    shown = tracker.get_slot("shown_courses") or []
    provider = next(tracker.get_latest_entity_values("provider"), None)
    if provider:
        shown_of_provider = [h.id for h in course_details(shown, lang) if h.provider_id == provider]
        return shown_of_provider or provider_courses(provider)[:3]
    return shown or None


class ActionCourseCosts(CatalogAction):
    def name(self) -> Text:
        return "action_course_costs"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        ids = _course_for_followup(tracker, lang)
        if not ids:
            dispatcher.utter_message(response="utter_costs_info")
            return []
        hits = course_details(ids, lang)
        lines = "\n".join(f"- {h.name} ({h.provider}): {replies.course_cost_text(h, lang)}" for h in hits)
        # who can pay, for this person's age (a parent's or counsellor's own age is not used: fit.Person)
        age = person_for(tracker, None).age
        notes = dict.fromkeys(note for h in hits for note in money_notes(h.awards, age, lang))
        if notes:
            lines += "\n\n" + "\n".join(notes)
        dispatcher.utter_message(response="utter_course_costs", costs=lines,
                                 buttons=[{"title": replies.t("check_funding", lang),
                                           "payload": replies.payload("check_eligibility")}])
        return []


REFINING_ENTITIES = {"schedule", "cost", "target_group", "course_language", "location"}


# A question that names events is about events, also right after a course list (a new topic, not a filter).
EVENT_WORDS = re.compile(r"(?i)\b(event\w*|evenement\w*|open ?dag\w*|open ?day\w*|meetup\w*|meet-up\w*|"
                         r"activiteit\w*|bijeenkomst\w*|workshop\w*|info ?avond\w*|hackathon\w*|beurs|fair)\b")


def is_course_refinement(tracker: Tracker) -> bool:
    """A short follow-up on a course list ("is er ook iets in de avond?", "any free ones?")."""
    if not tracker.get_slot("shown_courses") and tracker.get_slot("awaiting") is None:
        return False
    entities = {e.get("entity") for e in (tracker.latest_message or {}).get("entities", [])}
    return bool(entities & REFINING_ENTITIES)


class ActionEvents(CatalogAction):
    """Events; a course filter right after a course list ("iets in de avond?") refines the course search."""

    def name(self) -> Text:
        return "action_events"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        if is_course_refinement(tracker) and not EVENT_WORDS.search(text):
            return run_search(dispatcher, tracker, lang)
        return utter_events(dispatcher, tracker, lang)


class ActionRouteInform(CatalogAction):
    """A short answer ("zaandam", "data") after the bot asked for a place or a job for the course search."""

    def name(self) -> Text:
        return "action_route_inform"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        if question_just_asked(tracker) == "callback_consent" and callback.find_contact(text_of(tracker)):
            return [FollowupAction("action_answer_yes_no")]  # "Fatma, 0687654321": yes, with the details
        if tracker.get_slot("awaiting") in ("course_location", "course_profile") or is_course_refinement(tracker):
            return run_search(dispatcher, tracker, lang)
        declined = fit.declined_group(text_of(tracker))
        if declined:  # "women-only isn't for me": no such filter, and no such courses, from now on
            dispatcher.utter_message(response="utter_inform_noted")
            return [SlotSet("target_group", None), SlotSet("declined_group", declined)]
        if show_changed_verdict(dispatcher, tracker):
            return []
        if checked_before(tracker) and fit.OUTCOME_AGAIN.search(fold(tracker.latest_message.get("text", ""))):
            return utter_eligibility_outcome(dispatcher, current_answers(tracker), lang, tracker.get_slot("age"))
        corrected = answers.age_correction(tracker.latest_message.get("text", ""))
        if corrected is not None and tracker.get_slot("age") is not None and corrected != tracker.get_slot("age"):
            dispatcher.utter_message(response="utter_age_corrected", age=str(corrected))
            offer = utter_eligibility_outcome(dispatcher, {**current_answers(tracker), "age": corrected}, lang,
                                              corrected)
            return [SlotSet("age", corrected), *offer]
        changes = tracker.get_slot("profile_changes") or []
        if corrections(changes):  # "wacht, ik ben 48 niet 47": say what changed
            utter_corrections(dispatcher, corrections(changes), lang)
            return []
        if changes:
            dispatcher.utter_message(response="utter_inform_noted")
            return []
        text = (tracker.latest_message or {}).get("text", "")
        if not tracker.latest_message.get("entities") and not any(ch.isdigit() for ch in text):
            # Nothing we can use ("asdkjh qwpoe"): offer topics instead of pretending to have noted something.
            dispatcher.utter_message(response="utter_default")
            return []
        dispatcher.utter_message(response="utter_inform_noted")
        return []
