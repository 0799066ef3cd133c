"""Parents, counsellors and referrals, a human when needed, and "forget me": thin Rasa wrappers around
:mod:`bot.core.people`."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.base import CatalogAction, language_of, previous_turn
from bot.core.people import callback, handoff, privacy, referrals, summary
from bot.core.people.code_replies import JOBCOACH, code_list, link_lines, made, revoke, say, words
from bot.core.people.code_requests import EXPLAIN, HOW_REVOKE, REVOKE, STOP_MAKING, CodeRequest
from bot.core.people.code_requests import read as read_code_request
from bot.core.person.age import plausible_age
from bot.core.replies import payload
from bot.core.texts import t
from bot.core.understanding import answers

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
        if role == JOBCOACH:  # the counsellor's menu speaks of pupils; a job coach has clients
            lang = language_of(tracker)
            dispatcher.utter_message(text=t("jobcoach_intro", lang), buttons=[
                {"title": t("topic_routes_per_level", lang), "payload": payload("inform_education_level")},
                {"title": t("topic_courses_nearby", lang), "payload": payload("find_courses")},
                {"title": say("topic_refer_who", role, lang), "payload": payload("refer_student")},
                {"title": say("topic_chosen_who", role, lang), "payload": payload("request_summary")}])
            return []
        dispatcher.utter_message(response={"parent": "utter_parent_intro",
                                           "counsellor": "utter_counsellor_intro"}.get(role, "utter_role_noted"))
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
        role = tracker.get_slot("role")
        codes = referrals.code_list(tracker.sender_id)
        if read_code_request(text_of(tracker)).kind == EXPLAIN:  # "wat zien de leerlingen?"
            if role in PROFESSIONALS or codes:
                explain_codes(dispatcher, role, lang)
            else:
                dispatcher.utter_message(text=t("codes_explained_pupil", lang))
            return []
        if role in PROFESSIONALS:
            self.professional_overview(dispatcher, role, codes, lang)
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


    @staticmethod
    def professional_overview(dispatcher: CollectingDispatcher, role: str, codes: List[referrals.CodeInfo],
                              lang: str) -> None:
        """The codes (who each is for, how often used, active or revoked), then what consenting students chose."""
        if not codes:
            button = [{"title": say("topic_refer_who", role, lang), "payload": payload("refer_student")}]
            if role == JOBCOACH:
                dispatcher.utter_message(text=say("codes_none", role, lang), buttons=button)
            else:
                dispatcher.utter_message(response="utter_counsellor_no_codes", buttons=button)
            return
        dispatcher.utter_message(text=code_list(codes, role, lang))
        active = [c.code for c in codes if c.active]
        students = [s for code in active for s in referrals.summaries_for_code(code)]
        lines = "\n".join(summary.student_lines(students, lang, words(role, lang)["One"]))
        if role == JOBCOACH:
            dispatcher.utter_message(text=say("codes_chosen", role, lang) + "\n" + lines if students
                                     else say("codes_no_consent_yet", role, lang))
        elif not students:
            dispatcher.utter_message(response="utter_counsellor_no_students", codes=", ".join(active) or "-")
        else:
            dispatcher.utter_message(response="utter_counsellor_summary", students=lines)


def text_of(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


class ActionReferStudent(CatalogAction):
    """A counsellor or job coach makes referral codes in the chat (the CLI does the same with a name): one for
    one person, one for a whole class, or one each. A question about codes never makes one."""

    def name(self) -> Text:
        return "action_refer_student"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        role = tracker.get_slot("role") if tracker.get_slot("role") in PROFESSIONALS else "counsellor"
        events = [SlotSet("role", role)]
        request = read_code_request(text_of(tracker))
        if request.kind != "make":  # "wat zien de leerlingen?", "welke codes heb ik?", "trek code X in"
            if request.kind == EXPLAIN:
                explain_codes(dispatcher, role, lang)
            elif request.kind in (REVOKE, HOW_REVOKE, STOP_MAKING):
                answer_about_revoking(dispatcher, tracker.sender_id, request, role, lang)
            else:
                ActionSummary.professional_overview(dispatcher, role, referrals.code_list(tracker.sender_id), lang)
            return events
        if request.each and not request.count:
            dispatcher.utter_message(text=say("codes_how_many", role, lang))
            return events
        label = request.label if request.group or request.count > 1 else None
        infos = referrals.create_referrals(max(request.count, 1), created_by_sender=tracker.sender_id, label=label,
                                           kind=referrals.GROUP if request.group else referrals.SINGLE)
        if len(infos) == 1 and not request.group and role != JOBCOACH:
            lines = "\n".join(link_lines(infos[0].code, role, lang, referrals.links_for))
            dispatcher.utter_message(response="utter_referral_created", code=infos[0].code, links=lines)
        else:
            dispatcher.utter_message(text=made(infos, request, role, lang))
        return events


def explain_codes(dispatcher: CollectingDispatcher, role: Optional[str], lang: str) -> None:
    """What a student sees with a code and what the counsellor sees (only with consent), and how to revoke."""
    dispatcher.utter_message(text=say("codes_explained", role, lang),
                             buttons=[{"title": t("code_make_button", lang), "payload": payload("refer_student")}])


def answer_about_revoking(dispatcher: CollectingDispatcher, sender_id: str, request: CodeRequest,
                          role: Optional[str], lang: str) -> None:
    """Revoke a code of this conversation, say how, or (after "stop making codes") promise no new ones."""
    if request.kind == STOP_MAKING:
        dispatcher.utter_message(text=t("codes_stop_making", lang))
        request = CodeRequest(HOW_REVOKE)
    reply = revoke(sender_id, request, role, lang)
    dispatcher.utter_message(text=reply.text, buttons=reply.buttons)


class ActionRevokeConsent(CatalogAction):
    def name(self) -> Text:
        return "action_revoke_consent"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        role = tracker.get_slot("role")
        request = read_code_request(text_of(tracker))
        # a counsellor's "trek code X in" revokes a code; a student's "stop met delen" withdraws consent
        if request.kind in (REVOKE, HOW_REVOKE, STOP_MAKING) and \
                (role in PROFESSIONALS or referrals.codes_of_counsellor(tracker.sender_id)):
            answer_about_revoking(dispatcher, tracker.sender_id, request, role, lang)
            return [SlotSet("pending_question", None)]
        changed = referrals.set_consent(tracker.sender_id, granted=False)
        dispatcher.utter_message(response="utter_consent_revoked" if changed else "utter_no_consent_to_revoke")
        return [SlotSet("pending_question", None)]


class ActionHumanHandoff(CatalogAction):
    """"Can I talk to a person?": the nearest liaison, and the offer of a callback (asked with consent)."""

    def name(self) -> Text:
        return "action_human_handoff"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        # a place in this very message ("kan ik iemand spreken in Purmerend?") counts before older ones
        named = next(tracker.get_latest_entity_values("location"), None)
        place = named or tracker.get_slot("location") or tracker.get_slot("search_place")
        liaison = handoff.nearest_liaison(place, lang)
        young = handoff.too_young_for_contact(tracker.get_slot("age")) and \
            not callback.skips_age_question(tracker.get_slot("role"))
        asked = callback.languages_asked((tracker.latest_message or {}).get("text") or "")
        stored = handoff.open_callback(tracker.sender_id) if not (named or asked) else None
        if stored is not None:  # asked again after the request was stored: it is on its way
            dispatcher.utter_message(text=callback.already_requested(stored, lang))
            return [SlotSet("pending_question", None)]
        if question_just_asked(tracker) == "callback_consent" and not asked and not named \
                and not young and handoff_said(tracker):
            return [FollowupAction("action_answer_yes_no")]  # "yes, call me please": the answer to the offer
        if liaison is not None and (asked or not (liaison.covers_place or liaison.distance_km is not None)):
            return self._languages_or_no_place(dispatcher, tracker, lang, place, liaison, asked, young)
        if liaison is None:  # no checked liaison yet (production): say so, and still offer a call
            if asked:
                dispatcher.utter_message(text=t("cb_lang_nobody", lang, langs=callback.language_names(asked, lang)))
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

    @staticmethod
    def _languages_or_no_place(dispatcher: CollectingDispatcher, tracker: Tracker, lang: str, place: Optional[str],
                               liaison: handoff.LiaisonInfo, asked: List[str], young: bool) -> List[Dict[Text, Any]]:
        """A question about the liaison's languages, or a request without a known place: no area is named that
        the user did not give (the nearest to Amsterdam is nobody's area)."""
        known = liaison.covers_place or liaison.distance_km is not None
        if not known:
            dispatcher.utter_message(text=t("cb_no_place_example" if liaison.illustrative else "cb_no_place", lang))
            if asked:
                dispatcher.utter_message(text=callback.language_answer(asked, None, lang, in_request=False))
        else:
            if not liaison.covers_place:
                dispatcher.utter_message(response="utter_liaison_elsewhere", place=place, area=liaison.area,
                                         km=f"{liaison.distance_km:.0f}")
            if not liaison.illustrative:
                dispatcher.utter_message(response="utter_liaison", name=liaison.name, area=liaison.area,
                                         contact=liaison.email or liaison.phone, hours=liaison.hours)
            dispatcher.utter_message(text=callback.language_answer(asked, liaison, lang, in_request=False))
        if young:
            dispatcher.utter_message(response="utter_callback_under_16")
            return []
        dispatcher.utter_message(response="utter_offer_callback", buttons=yes_no_buttons(lang))
        return [SlotSet("pending_question", "callback_consent")]


def user_texts(tracker: Tracker) -> List[str]:
    return [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]


HANDOFF_UTTERS = ("utter_no_liaison_known", "utter_liaison", "utter_liaison_example", "utter_offer_callback",
                  "utter_liaison_elsewhere")


def handoff_said(tracker: Tracker) -> bool:
    """The offer of a call came with who the contact person is (or that none is known yet): then "yes, call me
    please" answers it. After an offer made elsewhere (no open days known), the person hears that first."""
    return any(e.get("event") == "bot" and (e.get("metadata") or {}).get("utter_action") in HANDOFF_UTTERS
               for e in previous_turn(tracker))


def start_callback_form(tracker: Tracker) -> List[Dict[Text, Any]]:
    # a number or address given earlier in the conversation is not asked again (the confirmation shows it)
    earlier = next(filter(None, map(callback.find_contact, reversed(user_texts(tracker)))), None)
    latest = (tracker.latest_message or {}).get("text") or ""
    # a name given with the number in the same answer ("Fatma, 0687654321") is not asked again either
    name = callback.name_among_remarks(latest) if callback.find_contact(latest) else None
    return [SlotSet("contact_name", name), SlotSet("contact_detail", earlier), SlotSet("form_retries", 0.0),
            FollowupAction("callback_form")]


def callback_flow_texts(tracker: Tracker) -> List[str]:
    """The user's messages of this callback request: the one that asked for a person, and every one since."""
    events = list(tracker.events)
    offers = [i for i, e in enumerate(events) if e.get("event") == "slot" and e.get("name") == "pending_question"
              and e.get("value") == "callback_consent"]
    start = offers[-1] if offers else 0
    asked = [i for i, e in enumerate(events[:start]) if e.get("event") == "user"]
    start = asked[-1] if asked else start
    return [e.get("text") or "" for e in events[start:] if e.get("event") == "user"]


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
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        question = question_just_asked(tracker)
        text = (tracker.latest_message or {}).get("text") or ""
        # "Fatma, 0687654321, liefst ochtend" to "shall someone call you?" is a yes with the details
        yes = intent == "affirm" or (question == "callback_consent" and (
            intent == "request_human" or callback.find_contact(text) is not None))
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
            events += start_callback_form(tracker)
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
        if callback.skips_age_question(tracker.get_slot("role")):
            return ["contact_name", "contact_detail"]
        if handoff.too_young_for_contact(tracker.get_slot("age")):
            return []
        return ["age", "contact_name", "contact_detail"]

    @staticmethod
    def _side_remarks(slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
        """Answers what the user said besides the answer ("Ayse. spreekt die persoon turks?", "ik spreek turks",
        "na 3 uur graag"); True when there was something. Only for the question just asked, not for a value the
        form found filled in already."""
        if tracker.get_slot("requested_slot") != slot:
            return False
        text = (tracker.latest_message or {}).get("text") or ""
        lang = language_of(tracker)
        asked = callback.languages_asked(text)
        if asked:
            place = tracker.get_slot("location") or tracker.get_slot("search_place")
            liaison = handoff.liaison_for_request(place, lang)
            if liaison is None and handoff.nearest_liaison(place, lang) is None:
                dispatcher.utter_message(text=t("cb_lang_nobody", lang, langs=callback.language_names(asked, lang)))
            else:
                dispatcher.utter_message(text=callback.language_answer(asked, liaison, lang, in_request=True))
            return True
        spoken = callback.languages_spoken(text)
        if spoken:
            dispatcher.utter_message(text=t("cb_languages_noted", lang, langs=callback.language_names(spoken, lang)))
            return True
        when = callback.preferred_time(text)
        if when and slot != "contact_detail":  # the confirmation names it; here only when nothing else was said
            dispatcher.utter_message(text=t("cb_time_noted", lang, time=when))
            return True
        return bool(when)

    def _validate(self, slot: str, value: Any, parse, invalid_response: str, dispatcher: CollectingDispatcher,
                  tracker: Tracker) -> Dict[Text, Any]:
        if value is None:  # a reset before the form starts, not an answer
            return {slot: None}
        remarks = self._side_remarks(slot, dispatcher, tracker)
        parsed = parse(value)
        if parsed is not None:
            return {slot: parsed, "form_retries": 0.0}
        if remarks:  # answered what they said; the form asks its question again, no mistake counted
            return {slot: None}
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
        result = self._validate("contact_name", value, lambda v: callback.name_among_remarks(str(v)),
                                "utter_invalid_contact_name", dispatcher, tracker)
        contact = callback.find_contact(str(value)) if result.get("contact_name") else None
        if contact and not tracker.get_slot("contact_detail"):  # "Samira, 0612345678": the number counts too
            result["contact_detail"] = contact
        return result

    async def validate_contact_detail(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> Dict[Text, Any]:
        return self._validate("contact_detail", value, lambda v: callback.find_contact(str(v)),
                              "utter_invalid_contact_detail", dispatcher, tracker)


def parse_callback_age(value: Any) -> Optional[int]:
    parsed = value if isinstance(value, int) else answers.parse_age(str(value))
    return parsed if plausible_age(parsed) else None


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
        liaison = handoff.liaison_for_request(place, lang)
        texts = callback_flow_texts(tracker)
        # the message that gave the contact may be older than this request; its time note counts too
        texts = [m for m in user_texts(tracker) if m not in texts and callback.find_contact(m) == contact][-1:] + texts
        when = ", ".join(dict.fromkeys(filter(None, map(callback.preferred_time, texts)))) or None
        languages = list(dict.fromkeys([*(tracker.get_slot("languages_spoken") or []),
                                        *[c for m in texts for c in callback.languages_asked(m)]]))
        handoff.store_callback(tracker.sender_id, name, contact, lang, place, liaison.id if liaison else None,
                               preferred_time=when, languages=languages)
        # an example liaison is no one to wait for: the request goes to TechConnect (it is stored either way)
        dispatcher.utter_message(text=callback.confirmation(name, contact, liaison, when, languages, lang))
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
    """Deletes every personal row of this user; the tracker store (bot/rasa_ext/tracker_store.py) then deletes the
    conversation itself when it sees this action in the turn."""

    def name(self) -> Text:
        return "action_forget_me"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        privacy.forget_person(tracker.sender_id)
        dispatcher.utter_message(response="utter_forget_me_done")
        return []


def referral_welcome(dispatcher: CollectingDispatcher, tracker: Tracker, code: Optional[str],
                     privacy_line: bool) -> Optional[List[Dict]]:
    """A student arriving with a code: greet them knowing who sent them, and ask consent to share a summary.
    Returns None (and says nothing) when the code is unknown; a revoked code is said to work no longer ([])."""
    info = referrals.find_referral(code) if code else None
    if info is None:
        return None
    if info.revoked:
        dispatcher.utter_message(text=t("code_no_longer_valid", language_of(tracker)))
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
