"""Start (Telegram deep links) and the two-stage fallback, as actions."""
from rasa_sdk import Tracker

from actions.navigation import ActionClarifyIntent, ActionStart
from bot.core.people.referrals import create_referral

RANKING = [{"name": "nlu_fallback", "confidence": 0.7}, {"name": "ask_costs", "confidence": 0.31},
           {"name": "find_courses", "confidence": 0.29}, {"name": "greet", "confidence": 0.1}]


def fallback_tracker(lang, events=()):
    latest = {"text": "hoeveel kost cursus zaandam", "intent": {"name": "nlu_fallback", "confidence": 0.7},
              "intent_ranking": RANKING, "entities": [{"entity": "location", "value": "zaandam"}]}
    return Tracker("u", {"language": lang}, latest, list(events), False, None, {}, "action_listen")


async def test_start_with_a_code_welcomes_and_asks_consent_before_the_menu(use_db, dispatcher, tracker_factory):
    code = create_referral().code
    await ActionStart().run(dispatcher, tracker_factory(slots={"referral_code": code}), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_welcome_referred", "utter_privacy_line",
                                                            "utter_ask_share_consent"]


async def test_start_without_code_just_greets(dispatcher, tracker_factory):
    await ActionStart().run(dispatcher, tracker_factory(slots={}), {})
    assert [m["response"] for m in dispatcher.messages][:1] == ["utter_greet"]


async def test_unsure_nlu_offers_the_two_likeliest_topics(dispatcher):
    await ActionClarifyIntent().run(dispatcher, fallback_tracker("nl"), {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_clarify"
    assert [b["title"] for b in message["buttons"]] == ["Wat kost het?", "Een cursus zoeken", "Iets anders"]
    assert message["buttons"][1]["payload"] == '/find_courses{"location":"zaandam"}'


async def test_a_second_miss_in_a_row_also_offers_a_person(dispatcher):
    events = [{"event": "user", "text": "eerst"}, {"event": "action", "name": "action_clarify_intent"},
              {"event": "action", "name": "action_listen"}, {"event": "user", "text": "nu"}]
    await ActionClarifyIntent().run(dispatcher, fallback_tracker("en", events), {})
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert "Talk to a person" in titles


async def test_no_likely_topic_asks_to_rephrase(dispatcher):
    tracker = fallback_tracker("nl")
    tracker.latest_message["intent_ranking"] = [{"name": "nlu_fallback", "confidence": 0.9}]
    await ActionClarifyIntent().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["response"] == "utter_default"
