"""Whole conversations: several questions in one message, the person's profile, topics others decide, coming
back after a break, messages in languages we don't speak yet, insults."""
from __future__ import annotations

import functools
import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import language_of, person_for
from bot.core.catalog import admission
from bot.core.catalog.places import municipality_of
from bot.core.person.describe import profile_lines
from bot.core.person.facts import PROFILE_SLOTS, profile_of
from bot.core.replies import payload
from bot.core.texts import t
from bot.core.understanding import fit
from bot.core.understanding.outside import OutsideTopicFinder, default_topics, keyword_table, topic_by_key
from bot.core.understanding.routes import DIALOGUE_INTENTS, NOT_A_PART, answer_actions

logger = logging.getLogger(__name__)
# Entities that fill a slot for the part they are in (each part about its own job, school, schedule...).
PART_SLOTS = ("job_profile", "provider", "schedule", "cost", "target_group", "course_language")


@functools.lru_cache(maxsize=None)
def all_actions() -> Dict[str, Action]:
    """Every action of this package by name (the modules are imported as the action server does). Built once:
    importing and instantiating every action took 0.26 ms per answered part."""
    import importlib
    import pkgutil

    import actions

    for module in pkgutil.iter_modules(actions.__path__):
        importlib.import_module(f"actions.{module.name}")
    found: Dict[str, Action] = {}
    pending = list(Action.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        try:
            instance = cls()
            found.setdefault(instance.name(), instance)
        except (TypeError, NotImplementedError):
            continue  # abstract
    return found


# Student finance is applied for before 30 (outside_topics.yml student_finance): from 30 the person's DUO loan is
# the levenlanglerenkrediet, so a 55-year-old asking "kan ik bij DUO lenen?" hears about that one too.
STUDENT_FINANCE_BEFORE = 30


def utter_outside_topic(dispatcher: CollectingDispatcher, key: str, lang: str, place: Optional[str] = None,
                        age: Optional[int] = None) -> bool:
    """The pointer to who decides; for some topics the one for the place where the person lives or for their
    age."""
    topic = topic_by_key(key or "")
    if topic is None:
        return False
    more = t("more_info_at", lang, url=topic.url) if topic.url else ""
    body, answer = topic.for_municipality(municipality_of(place), lang)
    dispatcher.utter_message(response="utter_outside_topic", answer=answer, body=body,
                             more=more, source=topic.source, checked=topic.checked)
    if key == "student_finance" and age is not None and age >= STUDENT_FINANCE_BEFORE:
        utter_outside_topic(dispatcher, "levenlanglerenkrediet", lang, place)
    return True


class ActionOutsideTopic(Action):
    """Something the guide does not decide: a short pointer to who does, with its source."""

    def name(self) -> Text:
        return "action_outside_topic"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        key = message.get("outside_topic") or OutsideTopicFinder(keyword_table(default_topics())).find(
            message.get("text") or "")
        if not utter_outside_topic(dispatcher, key, language_of(tracker), tracker.get_slot("location"),
                                   person_for(tracker, None).age):
            dispatcher.utter_message(response="utter_part_unknown")
        return []


async def run_answer(intent: str, dispatcher: CollectingDispatcher, state: Tracker,
                     domain: Dict[Text, Any]) -> Optional[List[Dict[Text, Any]]]:
    """Answer ``intent`` with the action the rules name for it (on ``state``), as the same question on its own
    would be answered. None when no rule answers it."""
    target = answer_actions().get(intent)
    if target is None:
        return None
    if target.startswith("utter_"):
        dispatcher.utter_message(response=target)
        return []
    action = all_actions().get(target)
    if action is None:
        return None
    return list(await action.run(dispatcher, state, domain) or [])


class ActionAnswerParts(Action):
    """Several questions in one message: each part answered in order by the action that answers it alone;
    a part that starts a dialogue is offered as a button; a part we can't answer is named."""

    def name(self) -> Text:
        return "action_answer_parts"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        parts = message.get("parts") or []
        lang = language_of(tracker)
        events: List[Dict[Text, Any]] = []
        state = tracker.copy()
        dispatcher.utter_message(response="utter_parts_intro", count=str(len(parts)))
        for number, part in enumerate(parts, start=1):
            intent = part.get("intent")
            dispatcher.utter_message(response="utter_part_heading", number=str(number), question=part.get("text"))
            if intent == "ask_outside_topic" and utter_outside_topic(dispatcher, part.get("outside_topic"), lang,
                                                                     state.get_slot("location"),
                                                                     person_for(state, None).age):
                continue
            if intent in DIALOGUE_INTENTS:
                dispatcher.utter_message(response="utter_part_offer",
                                         buttons=[{"title": t(f"topic_{intent}", lang), "payload": payload(intent)}])
                continue
            if intent in NOT_A_PART or intent == "nlu_fallback":
                dispatcher.utter_message(response="utter_part_unknown")
                continue
            start, end = part.get("start", 0), part.get("end", 0)
            state.latest_message = {
                **message, "text": part.get("text"), "intent": {"name": intent, "confidence": part.get("confidence")},
                "entities": [e for e in message.get("entities") or [] if start <= e.get("start", -1) < end],
                "intent_ranking": [{"name": intent, "confidence": part.get("confidence")}]}
            for entity in state.latest_message["entities"]:
                if entity.get("entity") in PART_SLOTS:  # "wat is een tester en wat is een cloud engineer"
                    state.slots[entity["entity"]] = entity.get("value")
            new_events = await run_answer(intent, dispatcher, state, domain)
            if new_events is None:
                dispatcher.utter_message(response="utter_part_unknown")
                continue
            for event in new_events:
                if event.get("event") == "slot":
                    state.slots[event["name"]] = event.get("value")
            events.extend(new_events)
        return events


# Inside a form, a message that is no answer to its question but clearly asks something else is answered as
# on its own, and the form asks its question again. These intents are answers or steer the form itself.
NOT_AN_INTERRUPTION = {"inform", "affirm", "deny", "nlu_fallback", "greet", "thank", "stop", "start", "goodbye",
                       "check_eligibility", "inform_role", "inform_education_level", "switch_language", "show_more",
                       *DIALOGUE_INTENTS}
INTERRUPTION_CONFIDENCE = 0.5


async def answer_interruption(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any],
                              unanswered: Optional[str] = None) -> Optional[Dict[Text, Any]]:
    """The slots to set when the latest message was a question of its own and has been answered; None when
    it was not (then it is an answer to the form's question, right or wrong). ``unanswered``: the form's slot,
    which holds the message's text until validation empties it."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    name, confidence = intent.get("name"), float(intent.get("confidence") or 0.0)
    if name in NOT_AN_INTERRUPTION or confidence < INTERRUPTION_CONFIDENCE:
        return None
    state = tracker.copy()
    if unanswered:
        state.slots[unanswered] = None
    events = await run_answer(name, dispatcher, state, domain)
    if events is None:
        return None
    return {e["name"]: e.get("value") for e in events if e.get("event") == "slot"}


class ActionShowProfile(Action):
    """'Wat weet je van mij?': the profile as the guide keeps it, and how to correct or delete it."""

    def name(self) -> Text:
        return "action_show_profile"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        lang = language_of(tracker)
        lines = profile_lines(profile_of(tracker.current_slot_values()), lang)
        if tracker.get_slot("job_profile"):
            lines.append(f"{t('sum_job', lang).lower()}: {tracker.get_slot('job_profile').replace('_', ' ')}")
        if lines:
            dispatcher.utter_message(response="utter_profile_summary", facts="\n".join(f"- {x}" for x in lines))
        else:
            dispatcher.utter_message(response="utter_profile_empty")
        return []


class ActionWelcomeBack(ActionShowProfile):
    """'Ben er weer', 'sorry was ff weg', 'weet je nog wat ik zei?': not a goodbye. Welcome back, what the
    guide remembers, and the topic we were on."""

    def name(self) -> Text:
        return "action_welcome_back"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_welcome_back")
        lang = language_of(tracker)
        if any(tracker.get_slot(s) not in (None, []) for s in PROFILE_SLOTS) or tracker.get_slot("job_profile"):
            await super().run(dispatcher, tracker, domain)
        topic = last_topic(tracker)
        if topic:
            dispatcher.utter_message(response="utter_welcome_back_topic", topic=t(f"topic_{topic}", lang),
                                     buttons=[{"title": t(f"topic_{topic}", lang), "payload": payload(topic)}])
        return []


def last_topic(tracker: Tracker) -> str:
    from bot.core.texts import TEXTS

    for event in reversed(tracker.events[:-1]):
        if event.get("event") == "user":
            name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if name and f"topic_{name}" in TEXTS and name not in ("help", "bot_challenge"):
                return name
    return ""


class ActionForeignLanguage(Action):
    """A message in a language we don't speak yet: a short reply in that language, then simple Dutch."""

    def name(self) -> Text:
        return "action_foreign_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        from bot.core.understanding.foreign import reply_in

        code = (tracker.latest_message or {}).get("foreign_language") or ""
        dispatcher.utter_message(response="utter_unsupported_language", reply=reply_in(code))
        spoken = list(dict.fromkeys([*(tracker.get_slot("languages_spoken") or []), code])) if code else None
        # then simple Dutch, unless the person wrote English before
        events = [] if language_of(tracker) == "en" else [SlotSet("language", "nl")]
        if spoken:
            events.append(SlotSet("languages_spoken", spoken))
        return events


class ActionFundingInfo(Action):
    """How to pay for a course; a question about keeping a benefit gets who decides for the person's benefit."""

    def name(self) -> Text:
        return "action_funding_info"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        lang = language_of(tracker)
        if fit.KEEP_BENEFIT.search(text):
            work = tracker.get_slot("work_situation")
            says_ww = re.search(r"(?i)\b(ww|uwv|unemployment benefit)\b", text)
            if re.search(r"(?i)\b(bijstand|welfare|social assistance|gemeente|municipality)\b", text) or \
                    (work == "bijstand" and not says_ww):
                if utter_outside_topic(dispatcher, "bijstand_study", lang, tracker.get_slot("location")):
                    return []
            if says_ww or work == "unemployed_ww":
                if utter_outside_topic(dispatcher, "ww_study", lang):
                    return []
            if work not in ("bijstand", "unemployed_ww"):  # benefit unknown: who decides for each
                said = [utter_outside_topic(dispatcher, key, lang, tracker.get_slot("location"))
                        for key in ("ww_study", "bijstand_study")]
                if any(said):
                    return []
        dispatcher.utter_message(response="utter_funding_info")
        return []


class ActionAnswerAge(Action):
    """'Ben ik te oud?': "not too old" for someone older or whose age we don't know; a young person hears
    that they are not too young either, and what they can do now."""

    def name(self) -> Text:
        return "action_answer_age"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        age = tracker.get_slot("age")
        provider = admission.provider_asked((tracker.latest_message or {}).get("text") or "")
        if not provider and tracker.get_slot("provider") in admission.age_rules():
            provider = tracker.get_slot("provider")  # "ben ik te jong dan?" right after asking about Codam
        other = admission.their_age((tracker.latest_message or {}).get("text") or "")
        if other is not None:  # "is mijn klant van 52 te oud?", "can a 45 year old client do codam?": the client
            dispatcher.utter_message(text=admission.age_answer_for_someone_else(other, language_of(tracker)))
            return []
        if provider and admission.age_fits(provider, age):
            provider = None  # old or young enough: the usual answer, which names Codam's rule too
        if provider:  # "mag ik met 15 naar codam?": that school's age limit, for this age
            dispatcher.utter_message(text=admission.admission_answer(provider, age, language_of(tracker)))
            return []
        if isinstance(age, (int, float)) and age < YOUNG_BELOW:
            dispatcher.utter_message(response="utter_age_young", age=str(int(age)))
        else:
            dispatcher.utter_message(response="utter_too_old")
        return []


YOUNG_BELOW = 25  # "Veel mensen stappen na hun 40ste over" means nothing to a 15-year-old
