"""The TechEduFonds check as a Rasa form: it asks only what the active rules still need."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import CatalogAction, language_of, utter_corrections
from actions.conversation import answer_interruption
from actions.people import yes_no_buttons
from bot.core import replies
from bot.core.catalog.rules import load_active_rules
from bot.core.catalog.search import provider_fee as known_fee
from bot.core.eligibility import evaluate, needed_fields
from bot.core.people.handoff import too_young_for_contact
from bot.core.person.age import plausible_age
from bot.core.understanding import answers

FIELDS = ("age", "residence", "work_situation", "course_chosen", "course_paid", "course_short", "has_children",
          "children_in_childcare", "partner_situation", "has_laptop")
PARSERS = {
    "age": answers.parse_age,
    "residence": answers.parse_place,
    "work_situation": answers.parse_work_situation,
    "course_chosen": answers.parse_yes_no,
    "course_paid": answers.parse_yes_no,
    "course_short": answers.parse_yes_no,
    "has_children": answers.parse_yes_no,
    "children_in_childcare": answers.parse_yes_no,
    "partner_situation": answers.parse_partner,
    "has_laptop": answers.parse_yes_no,
}
MAX_RETRIES = 2
# Answers that are facts about the person (kept in the profile): a new check starts with them filled.
PROFILE_FIELDS = ("age", "residence", "work_situation", "has_children", "children_in_childcare", "partner_situation")


def checked_before(tracker: Tracker) -> bool:
    """The fund check gave its outcome earlier in this conversation."""
    return any(e.get("event") == "action" and e.get("name") == "action_eligibility_result" for e in tracker.events)


def show_changed_verdict(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """After the fund check: when this message changed a fact the outcome depends on, say what changed and show
    the outcome again. True when it did."""
    changed = [c for c in tracker.get_slot("profile_changes") or []
               if c[0] in FIELDS or c[0] in ("has_children", "location")]
    if not changed or not checked_before(tracker) or tracker.active_loop.get("name"):
        return False
    lang = language_of(tracker)
    said = any((e.get("metadata") or {}).get("utter_action") == "utter_profile_corrected"
               for e in tracker.events[-8:] if e.get("event") == "bot")
    if not said:  # the profile reading may have said it already in this turn
        utter_corrections(dispatcher, changed, lang)
    dispatcher.utter_message(response="utter_verdict_changed")
    given = current_answers(tracker)
    moved = next((c[2] for c in changed if c[0] == "location" and c[2]), None)
    if moved:  # "I moved to Almere": the check's place is where the person lives now
        given["residence"] = moved
    utter_eligibility_outcome(dispatcher, given, lang)
    return True


def current_answers(tracker: Tracker) -> Dict[str, Any]:
    return {f: tracker.get_slot(f) for f in FIELDS if tracker.get_slot(f) is not None}


class ValidateEligibilityForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_eligibility_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[Text]:
        rules = load_active_rules()
        if rules is None:
            return []
        # Answered fields stay in the list so that their new values are validated; the form asks the first
        # empty one, and fields that no undecided instrument needs are left out.
        given = current_answers(tracker)
        # this turn's answer is still the raw text ("i chose the cloud course at techgrounds"): read it as the
        # validator will, so that what it makes needed (whether the course has a fee) is extracted now
        read = {f: PARSERS[f](v) if isinstance(v, str) else v for f, v in given.items()}
        needed = set(needed_fields(rules, {f: v for f, v in read.items() if v is not None}))
        return [q for q in rules.questions if q in needed or q in given]

    async def extract_age(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> Dict[Text, Any]:
        """Corrections at any point of the check: "oh wacht, ik ben 24"."""
        if tracker.get_slot("requested_slot") == "age":
            return {}
        corrected = answers.age_correction(tracker.latest_message.get("text", ""))
        # the profile may already hold the new age (it is read from every message): then this turn's change says
        # whether it was a correction of an age given before
        changed = next((c for c in tracker.get_slot("profile_changes") or [] if c[0] == "age"), None)
        if corrected is not None and (corrected != tracker.get_slot("age") or (changed and changed[1] is not None)):
            dispatcher.utter_message(response="utter_age_corrected", age=str(corrected))
            return {"age": corrected}
        return {}

    async def extract_children_in_childcare(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                            domain: DomainDict) -> Dict[Text, Any]:
        """No children (said at any point): no childcare either, so the check doesn't ask about it."""
        if tracker.get_slot("has_children") == "no" and tracker.get_slot("children_in_childcare") != "no":
            return {"children_in_childcare": "no"}
        return {}

    async def extract_course_paid(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> Dict[Text, Any]:
        """A course named earlier whose fee the catalog knows: no need to ask whether it costs a fee."""
        if tracker.get_slot("course_paid") is not None or tracker.get_slot("requested_slot") == "course_paid":
            return {}
        paid = known_fee(tracker.get_slot("provider"))
        return {"course_paid": paid} if paid else {}

    def _validate(self, slot: str, value: Any, dispatcher: CollectingDispatcher,
                  tracker: Tracker) -> Dict[Text, Any]:
        if value is None:  # a reset (action_reset_eligibility), not an answer
            return {slot: None}
        if tracker.get_slot("requested_slot") != slot and slot == "age" and isinstance(value, int):
            return {"age": value}  # a correction, already parsed
        parsed = PARSERS[slot](str(value)) if not isinstance(value, int) else value
        if slot == "age" and isinstance(parsed, int) and not plausible_age(parsed):
            parsed = None
        if parsed is None and slot != "age" and answers.age_correction(str(value)) is not None:
            return {slot: None}  # the message was an age correction: just ask this question again
        if parsed is None:
            retries = int(tracker.get_slot("form_retries") or 0) + 1
            dispatcher.utter_message(response=f"utter_invalid_{slot}")
            if retries >= MAX_RETRIES:
                dispatcher.utter_message(response="utter_form_way_out")
            return {slot: None, "form_retries": float(retries)}
        return {slot: parsed, "form_retries": 0.0}


def no_answer_to(slot: str, value: Any, tracker: Tracker) -> bool:
    """The message was asked for ``slot`` and is no answer to it (nor an age correction)."""
    if value is None or isinstance(value, int) or tracker.get_slot("requested_slot") != slot:
        return False
    return PARSERS[slot](str(value)) is None and answers.age_correction(str(value)) is None


# "no partner", "geen kinderen": a no about another fact, not an answer to this yes/no question
OTHER_FACT_NO = re.compile(r"(?i)\b(no|geen|not any|zonder|without)\s+(partner|vriend\w*|kids?|children|child|"
                           r"kinderen|kind|laptop|computer|job|werk|work|diploma)\b")


STARTS_AS_ANSWER = re.compile(r"(?i)^\W*(ja|jawel|jazeker|jep|nee|neen|nope|yes|yeah|yep|no|nah|klopt|zeker|"
                              r"weet ik niet|geen idee|don'?t know|not sure|\d)\b")


def states_other_fact(slot: str, value: Any, tracker: Tracker) -> bool:
    """The answer to a yes/no question is a statement of another fact ("I live alone, no partner"): that fact is
    kept by the profile reading, and the question is asked again."""
    if PARSERS.get(slot) is not answers.parse_yes_no or not isinstance(value, str) or \
            tracker.get_slot("requested_slot") != slot:
        return False
    changes = tracker.get_slot("profile_changes") or []
    stated = [c for c in changes if c[0] != slot]
    if not stated or any(c[0] == slot for c in changes):
        return False  # nothing else said, or the message itself answers this question ("i picked the course")
    # with another fact in it, only an answer that starts as one counts ("nee, en ik woon nu in Almere")
    return not STARTS_AS_ANSWER.match(value) or PARSERS[slot](OTHER_FACT_NO.sub(" ", value)) is None


def _make_validator(slot: str):
    async def validate(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> Dict[Text, Any]:
        if states_other_fact(slot, value, tracker):
            return {slot: None}
        if no_answer_to(slot, value, tracker):
            # a correction of an earlier fact ("my WW ended, I'm on bijstand now"): said, then this question again
            changed = [c for c in tracker.get_slot("profile_changes") or [] if c[1] is not None]
            if changed:
                utter_corrections(dispatcher, changed, language_of(tracker))
                return {slot: None}
            # a question of its own ("am I too old at 41?"): answered, then this question again
            answered = await answer_interruption(dispatcher, tracker, domain, unanswered=slot)
            if answered is not None:
                return {**answered, slot: None}
        return self._validate(slot, value, dispatcher, tracker)

    validate.__name__ = f"validate_{slot}"
    return validate


for _field in FIELDS:
    setattr(ValidateEligibilityForm, f"validate_{_field}", _make_validator(_field))


def utter_eligibility_outcome(dispatcher: CollectingDispatcher, given: Dict[str, Any], lang: str,
                              age: Any = None) -> List[Dict[Text, Any]]:
    """The outcome per instrument for the answers ``given`` (also after a later correction). Without confirmed
    rules (production mode hides example rules) no verdict: say so and offer a person."""
    rules = load_active_rules()
    if rules is None:
        dispatcher.utter_message(response="utter_service_problem")
        return []
    if not rules.instruments:
        if too_young_for_contact(age):
            dispatcher.utter_message(response="utter_eligibility_unconfirmed_short")
            dispatcher.utter_message(response="utter_callback_under_16")
            return []
        dispatcher.utter_message(response="utter_eligibility_unconfirmed", buttons=yes_no_buttons(lang))
        return [SlotSet("pending_question", "callback_consent")]
    outcomes = evaluate(rules, given, lang)
    dispatcher.utter_message(response="utter_eligibility_result", results=replies.eligibility_lines(outcomes, lang))
    if rules.illustrative:
        dispatcher.utter_message(response="utter_eligibility_illustrative")
    return []


class ActionEligibilityResult(CatalogAction):
    def name(self) -> Text:
        return "action_eligibility_result"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        return utter_eligibility_outcome(dispatcher, current_answers(tracker), lang, tracker.get_slot("age"))


class ActionResetEligibility(Action):
    """Start the check afresh: forget the previous answers about the course and laptop, keep what the person
    told about themselves (age, place, work, children, partner), so the form skips it."""

    def name(self) -> Text:
        return "action_reset_eligibility"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        told = {c[0] for c in tracker.get_slot("profile_changes") or []}  # "...6 maanden, laptop heb ik"
        if not checked_before(tracker):
            told |= set(FIELDS)  # a first check keeps what was said earlier in the conversation
        events = [SlotSet(f, None) for f in FIELDS if f not in PROFILE_FIELDS and f not in told]
        events.append(SlotSet("residence", tracker.get_slot("residence") or tracker.get_slot("location")))
        events.append(SlotSet("form_retries", 0.0))
        return events
