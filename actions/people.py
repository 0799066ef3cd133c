"""Parents, counsellors and referrals, a human when needed, and "forget me": thin Rasa wrappers around
:mod:`bot.people`."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.base import CatalogAction, language_of, previous_turn
from bot import answers
from bot.people import handoff, privacy, referrals, summary
from bot.replies import payload
from bot.texts import t

logger = logging.getLogger(__name__)

# intent -> (answer for anyone, answer for a parent about their child)
AUDIENCE_ANSWERS = {
    "ask_prospects": ("utter_prospects", "utter_prospects_parent"),
    "ask_trust": ("utter_trust", "utter_trust_parent"),
    "ask_support_at_home": ("utter_support_at_home", "utter_support_at_home_parent"),
}


def yes_no_buttons(lang: str, yes: str = "yes_please", no: str = "no_thanks") -> List[Dict[str, str]]:
    return [{"title": t(yes, lang), "payload": "/affirm"}, {"title": t(no, lang), "payload": "/deny"}]


def question_just_asked(tracker: Tracker) -> Optional[str]:
    """The yes/no question the bot's previous turn asked (so "ja"/"nee" answers it; an older one is ignored)."""
    return next((e.get("value") for e in previous_turn(tracker)
                 if e.get("event") == "slot" and e.get("name") == "pending_question"), None)


# Roles that refer people and follow their progress: school counsellors and job coaches.
PROFESSIONALS = ("counsellor", "jobcoach")


class ActionRoleNoted(Action):
    """"Ik ben moeder / decaan": parents and counsellors get their own menu; the role changes nothing else."""

    def name(self) -> Text:
        return "action_role_noted"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        role = tracker.get_slot("role")
        dispatcher.utter_message(response={"parent": "utter_parent_intro",
                                           "counsellor": "utter_counsellor_intro",
                                           "jobcoach": "utter_counsellor_intro"}.get(role, "utter_role_noted"))
        return []


class ActionAudienceAnswer(Action):
    """Questions parents ask most (future, trust, what to do at home): a parent hears about "your child"."""

    def name(self) -> Text:
        return "action_audience_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        general, for_parent = AUDIENCE_ANSWERS.get(intent, AUDIENCE_ANSWERS["ask_prospects"])
        dispatcher.utter_message(response=for_parent if tracker.get_slot("role") == "parent" else general)
        return []


class ActionSummary(CatalogAction):
    """A short summary to forward; a counsellor gets the choices of students who agreed to share them."""

    def name(self) -> Text:
        return "action_summary"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        if tracker.get_slot("role") in PROFESSIONALS:
            codes = referrals.codes_of_counsellor(tracker.sender_id)
            students = [s for code in codes for s in referrals.summaries_for_code(code)]
            if not codes:
                dispatcher.utter_message(response="utter_counsellor_no_codes",
                                         buttons=[{"title": t("topic_refer_student", lang),
                                                   "payload": payload("refer_student")}])
            elif not students:
                dispatcher.utter_message(response="utter_counsellor_no_students", codes=", ".join(codes))
            else:
                dispatcher.utter_message(response="utter_counsellor_summary",
                                         students="\n".join(summary.student_lines(students, lang)))
            return []
        lines = summary.choice_lines(tracker.get_slot("job_profile"), tracker.get_slot("education_level"),
                                     tracker.get_slot("location"), tracker.get_slot("shown_courses") or [], lang)
        if not lines:
            dispatcher.utter_message(response="utter_summary_empty")
        else:
            parent = tracker.get_slot("role") == "parent"
            dispatcher.utter_message(response="utter_summary_parent" if parent else "utter_summary",
                                     lines="\n".join(lines))
        return []


class ActionReferStudent(CatalogAction):
    """A counsellor makes a referral code in the chat (the CLI does the same with a name)."""

    def name(self) -> Text:
        return "action_refer_student"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        info = referrals.create_referral(created_by_sender=tracker.sender_id)
        links = referrals.links_for(info.code)
        lines = [t("code_line", lang, code=info.code)]
        lines += [f"{t('link_' + channel, lang)}: {url}" for channel, url in links.items() if channel != "type"]
        dispatcher.utter_message(response="utter_referral_created", code=info.code, links="\n".join(lines))
        return [SlotSet("role", tracker.get_slot("role") if tracker.get_slot("role") in PROFESSIONALS
                        else "counsellor")]


class ActionRevokeConsent(CatalogAction):
    def name(self) -> Text:
        return "action_revoke_consent"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        changed = referrals.set_consent(tracker.sender_id, granted=False)
        dispatcher.utter_message(response="utter_consent_revoked" if changed else "utter_no_consent_to_revoke")
        return [SlotSet("pending_question", None)]


def place_named_now(tracker: Tracker) -> Optional[str]:
    """A place in this very message ("kan ik iemand spreken in Purmerend?"): it counts before older ones."""
    return next((e.get("value") for e in (tracker.latest_message or {}).get("entities") or []
                 if e.get("entity") == "location"), None)


class ActionHumanHandoff(CatalogAction):
    """"Can I talk to a person?": the nearest liaison, and the offer of a callback (asked with consent)."""

    def name(self) -> Text:
        return "action_human_handoff"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        place = place_named_now(tracker) or tracker.get_slot("location") or tracker.get_slot("search_place")
        liaison = handoff.nearest_liaison(place, lang)
        young = handoff.too_young_for_contact(tracker.get_slot("age"))
        if liaison is None:  # no checked liaison yet (production): say so, and still offer a call
            if young:
                dispatcher.utter_message(response="utter_human_info")
                dispatcher.utter_message(response="utter_callback_under_16")
                return []
            dispatcher.utter_message(response="utter_no_liaison_known", buttons=yes_no_buttons(lang))
            return [SlotSet("pending_question", "callback_consent")]
        if liaison.distance_km is not None and not liaison.covers_place:
            dispatcher.utter_message(response="utter_liaison_elsewhere", place=place, area=liaison.area,
                                     km=f"{liaison.distance_km:.0f}")
        if liaison.illustrative:  # an example: no made-up name, address, phone or hours
            dispatcher.utter_message(response="utter_liaison_example", area=liaison.area)
        else:
            dispatcher.utter_message(response="utter_liaison", name=liaison.name, area=liaison.area,
                                     contact=liaison.email or liaison.phone, hours=liaison.hours)
        if young:
            dispatcher.utter_message(response="utter_callback_under_16")
            return []
        dispatcher.utter_message(response="utter_offer_callback", buttons=yes_no_buttons(lang))
        return [SlotSet("pending_question", "callback_consent")]


def real_liaison_shown(tracker: Tracker) -> bool:
    """The user saw a real liaison's address (so "e-mail them yourself" makes sense)."""
    return any(e.get("event") == "bot" and (e.get("metadata") or {}).get("utter_action") == "utter_liaison"
               for e in previous_turn(tracker))


class ActionAnswerYesNo(Action):
    """"Ja" / "nee": the answer to the question the bot just asked (consent to share, callback, deleting);
    without such a question a friendly general reply."""

    def name(self) -> Text:
        return "action_answer_yes_no"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        yes = (tracker.latest_message.get("intent") or {}).get("name") == "affirm"
        question = question_just_asked(tracker)
        events: List[Dict[Text, Any]] = [SlotSet("pending_question", None)]
        if question == "share_consent":
            try:
                referrals.set_consent(tracker.sender_id, granted=yes)
            except SQLAlchemyError as exc:  # the database is down: apologise and ask again
                logger.error("could not record consent: %s", type(exc).__name__)
                dispatcher.utter_message(response="utter_service_problem")
                dispatcher.utter_message(response="utter_ask_share_consent",
                                         buttons=yes_no_buttons(language_of(tracker)))
                return [SlotSet("pending_question", "share_consent")]
            dispatcher.utter_message(response="utter_consent_given" if yes else "utter_consent_refused")
            dispatcher.utter_message(response="utter_greet")
        elif question == "callback_consent" and yes:
            events += [SlotSet("contact_name", None), SlotSet("contact_detail", None), SlotSet("form_retries", 0.0),
                       FollowupAction("callback_form")]
        elif question == "callback_consent":
            dispatcher.utter_message(response="utter_callback_declined" if real_liaison_shown(tracker)
                                     else "utter_callback_declined_no_contact")
        elif question == "forget_confirm" and yes:
            events.append(FollowupAction("action_forget_me"))
        elif question == "forget_confirm":
            dispatcher.utter_message(response="utter_forget_cancelled")
        else:
            dispatcher.utter_message(response="utter_affirm" if yes else "utter_deny")
        return events


class ValidateCallbackForm(FormValidationAction):
    """Asks age (under 16: no contact details), then a name and a phone number or e-mail."""

    def name(self) -> Text:
        return "validate_callback_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[Text]:
        if handoff.too_young_for_contact(tracker.get_slot("age")):
            return []
        return ["age", "contact_name", "contact_detail"]

    def _validate(self, slot: str, value: Any, parse, invalid_response: str, dispatcher: CollectingDispatcher,
                  tracker: Tracker) -> Dict[Text, Any]:
        if value is None:  # a reset before the form starts, not an answer
            return {slot: None}
        parsed = parse(value)
        if parsed is not None:
            return {slot: parsed, "form_retries": 0.0}
        retries = int(tracker.get_slot("form_retries") or 0) + 1
        dispatcher.utter_message(response=invalid_response)
        if retries >= 2:
            dispatcher.utter_message(response="utter_callback_way_out")
        return {slot: None, "form_retries": float(retries)}

    async def validate_age(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> Dict[Text, Any]:
        return self._validate("age", value, parse_callback_age, "utter_invalid_callback_age", dispatcher, tracker)

    async def validate_contact_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> Dict[Text, Any]:
        return self._validate("contact_name", value, lambda v: handoff.parse_name(str(v)),
                              "utter_invalid_contact_name", dispatcher, tracker)

    async def validate_contact_detail(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> Dict[Text, Any]:
        return self._validate("contact_detail", value, lambda v: handoff.parse_contact(str(v)),
                              "utter_invalid_contact_detail", dispatcher, tracker)


def parse_callback_age(value: Any) -> Optional[int]:
    parsed = value if isinstance(value, int) else answers.parse_age(str(value))
    return parsed if isinstance(parsed, int) and 10 <= parsed <= 100 else None


class ActionCallbackSubmit(CatalogAction):
    def name(self) -> Text:
        return "action_callback_submit"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        name, contact = tracker.get_slot("contact_name"), tracker.get_slot("contact_detail")
        if handoff.too_young_for_contact(tracker.get_slot("age")):
            dispatcher.utter_message(response="utter_callback_under_16")
            return [SlotSet("contact_name", None), SlotSet("contact_detail", None)]
        if not name or not contact:
            return []
        place = tracker.get_slot("location") or tracker.get_slot("search_place")
        liaison = handoff.nearest_liaison(place, lang)
        handoff.store_callback(tracker.sender_id, name, contact, lang, place, liaison.id if liaison else None)
        # an example liaison is no one to wait for: the request goes to TechConnect (it is stored either way)
        dispatcher.utter_message(response="utter_callback_stored", name=name,
                                 liaison=liaison.name if liaison and not liaison.illustrative else "TechConnect")
        # the details are in the request now; the conversation does not need to keep them
        return [SlotSet("contact_name", None), SlotSet("contact_detail", None)]


class ActionForgetMeAsk(Action):
    def name(self) -> Text:
        return "action_forget_me_ask"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        lang = language_of(tracker)
        dispatcher.utter_message(response="utter_forget_me_confirm",
                                 buttons=yes_no_buttons(lang, "yes_delete", "no_keep"))
        return [SlotSet("pending_question", "forget_confirm")]


class ActionForgetMe(CatalogAction):
    """Deletes every personal row of this user; the tracker store (bot/tracker_store.py) then deletes the
    conversation itself when it sees this action in the turn."""

    def name(self) -> Text:
        return "action_forget_me"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        privacy.forget_person(tracker.sender_id)
        dispatcher.utter_message(response="utter_forget_me_done")
        return []


def referral_welcome(dispatcher: CollectingDispatcher, tracker: Tracker, code: Optional[str],
                     privacy_line: bool) -> List[Dict]:
    """A student arriving with a code: greet them knowing who sent them, and ask consent to share a summary.
    Returns [] (and says nothing) when the code is unknown."""
    info = referrals.find_referral(code) if code else None
    if info is None:
        return []
    referrals.link_student(info.code, tracker.sender_id)
    who = info.counsellor_name or ""
    if who and info.organisation:
        who = f"{who} ({info.organisation})"
    elif info.organisation:
        who = info.organisation
    if who:
        dispatcher.utter_message(response="utter_welcome_referred_by", counsellor=who)
    else:
        dispatcher.utter_message(response="utter_welcome_referred")
    if privacy_line:
        dispatcher.utter_message(response="utter_privacy_line", days=str(privacy.retention_days()))
    dispatcher.utter_message(response="utter_ask_share_consent", buttons=yes_no_buttons(language_of(tracker)))
    return [SlotSet("pending_question", "share_consent")]
