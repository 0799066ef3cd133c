"""Quiz, events and stories: the pure logic, the queries on SQLite/PostgreSQL, and the actions."""
from datetime import date
from itertools import product

import pytest
from rasa_sdk import Tracker

from actions.community import ActionQuiz, ActionRoleModels, utter_events
from actions.navigation import ActionGreet, ActionStart
from bot.core import quiz
from bot.core.catalog.community import stories_for, upcoming_events

TODAY = date(2026, 11, 22)


# --- quiz logic ---------------------------------------------------------------------------------------------
def test_quiz_has_five_to_eight_questions_with_bilingual_options():
    assert 5 <= len(quiz.QUESTIONS) <= 8
    for q in quiz.QUESTIONS:
        assert q.nl and q.en and 3 <= len(q.options) <= 4
        for option in q.options:
            assert option.nl and option.en and len(option.nl) <= 30 and len(option.en) <= 30
            assert set(option.weights) <= set(quiz.PROFILE_ORDER)


def test_every_job_can_come_out_on_top():
    tops = set()
    for answers in product(*[[o.id for o in q.options] for q in quiz.QUESTIONS]):
        tops.add(quiz.recommend(answers, count=1)[0].profile)
    assert tops == set(quiz.PROFILE_ORDER)


def test_recommendations_follow_the_answers_with_reasons():
    security = ["q1_puzzle", "q2_bug", "q3_focus", "q4_safety", "q5_curious", "q6_inside"]
    recs = quiz.recommend(security)
    assert recs[0].profile == "cyber_security" and 2 <= len(recs) <= 3
    assert "q4_safety" in recs[0].because
    design = ["q1_design", "q2_new", "q3_team", "q4_apps", "q5_creative", "q6_behaviour"]
    assert quiz.recommend(design)[0].profile == "ux_designer"


def test_recommend_is_deterministic_and_ignores_unknown_answers():
    answers = ["q1_make", "q2_new", "q3_focus", "q4_apps", "q5_creative", "q6_code"]
    assert quiz.recommend(answers) == quiz.recommend(list(answers)) == quiz.recommend(answers + ["gender_female"])


def test_a_button_only_answers_its_own_question():
    assert quiz.fits_step("q1_make", 0) and not quiz.fits_step("q1_make", 1) and not quiz.fits_step(None, 0)


# --- quiz action ---------------------------------------------------------------------------------------------
def quiz_tracker(lang, answers, choice=None):
    entities = [{"entity": "quiz_choice", "value": choice}] if choice else []
    latest = {"text": "/start_quiz", "intent": {"name": "start_quiz"}, "entities": entities}
    return Tracker("q", {"language": lang, "quiz_answers": answers}, latest, [], False, None, {}, "action_listen")


async def test_quiz_starts_asks_and_records(use_db, dispatcher):
    events = await ActionQuiz().run(dispatcher, quiz_tracker("nl", None), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_quiz_intro", "utter_quiz_question"]
    assert dispatcher.messages[1]["step"] == "1" and len(dispatcher.messages[1]["buttons"]) == 4
    assert events[0]["value"] == []
    dispatcher.messages.clear()
    events = await ActionQuiz().run(dispatcher, quiz_tracker("en", [], "q1_make"), {})
    assert events[0]["value"] == ["q1_make"]
    assert dispatcher.messages[0]["question"] == "What makes you happy at work?"
    assert dispatcher.messages[0]["step"] == "2"


async def test_quiz_resumes_and_ignores_old_buttons(use_db, dispatcher):
    events = await ActionQuiz().run(dispatcher, quiz_tracker("nl", ["q1_make", "q2_new"]), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_quiz_resume", "utter_quiz_question"]
    assert dispatcher.messages[1]["step"] == "3" and events[0]["value"] == ["q1_make", "q2_new"]
    dispatcher.messages.clear()
    events = await ActionQuiz().run(dispatcher, quiz_tracker("nl", ["q1_make", "q2_new"], "q1_people"), {})
    assert events[0]["value"] == ["q1_make", "q2_new"] and dispatcher.messages[0]["step"] == "3"


async def test_quiz_result_names_jobs_with_reasons_and_buttons(use_db, dispatcher):
    answers = ["q1_puzzle", "q2_bug", "q3_focus", "q4_safety", "q5_curious"]
    await ActionQuiz().run(dispatcher, quiz_tracker("nl", answers, "q6_inside"), {})
    [result] = dispatcher.messages
    assert result["response"] == "utter_quiz_result"
    assert result["results"].startswith("1. Cybersecurity") or "Cyber" in result["results"].splitlines()[0]
    assert "omdat je koos" in result["results"]
    assert any("cyber_security" in b["payload"] for b in result["buttons"])


# --- events ----------------------------------------------------------------------------------------------------
def test_past_events_are_never_listed(db_url):
    from bot.core.db.session import get_engine

    events = upcoming_events(TODAY, "nl", limit=50, engine=get_engine(db_url))
    assert events and all(e.date >= TODAY for e in events)
    assert "open_day_past_example" not in {e.id for e in events}
    assert [e.date for e in events] == sorted(e.date for e in events)


def test_events_near_a_place_come_first(db_url):
    from bot.core.db.session import get_engine

    events = upcoming_events(TODAY, "en", place="Zaandam", limit=3, engine=get_engine(db_url))
    assert events[0].place == "Zaandam" and events[0].distance_km == 0.0
    assert events[0].title == "Meet Codam in Poelenburg"


async def test_events_action_shows_examples_without_their_dates(use_db, dispatcher, tracker_factory):
    utter_events(dispatcher, tracker_factory(slots={"language": "nl", "location": "Zaandam"}), "nl", today=TODAY)
    [message] = dispatcher.messages
    assert message["response"] == "utter_events_list"
    assert "Zaandam" in message["intro"]
    assert "Voorbeeld van een kennismaking in de wijk (nog geen echte datum)" in message["events"]
    assert "9 dec 2026" not in message["events"] and "19:00" not in message["events"]
    assert "Buurthuis" not in message["events"]
    assert all(b["payload"].startswith("/ask_events") for b in message["buttons"])


async def test_no_upcoming_events_is_said_plainly_with_a_call_offered(use_db, dispatcher, tracker_factory):
    events = utter_events(dispatcher, tracker_factory(slots={"language": "en"}), "en", today=date(2031, 1, 1))
    assert dispatcher.messages[0]["response"] == "utter_no_events_known"
    assert events == [{"event": "slot", "timestamp": None, "name": "pending_question", "value": "callback_consent"}]


# --- stories ----------------------------------------------------------------------------------------------------
def test_stories_need_consent_and_follow_the_job(db_url):
    from bot.core.db.session import get_engine

    engine = get_engine(db_url)
    assert stories_for("ux_designer", "nl", engine=engine) == []  # the only ux story has no consent
    [story] = stories_for("tester", "en", engine=engine)
    assert story.name == "Ingrid" and story.illustrative


async def test_role_model_action_marks_illustrative_stories(use_db, dispatcher, tracker_factory):
    await ActionRoleModels().run(dispatcher, tracker_factory(slots={"language": "nl", "job_profile": "tester"}), {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_role_model" and message["story"].startswith("Ingrid:")
    assert "voorbeeld" in message["note"]


async def test_role_model_without_story_offers_other_jobs(use_db, dispatcher, tracker_factory):
    await ActionRoleModels().run(dispatcher, tracker_factory(slots={"language": "nl", "job_profile": "ux_designer"}),
                                 {})
    assert dispatcher.messages[0]["response"] == "utter_no_role_model"


# --- greeting with the privacy line on first contact -------------------------------------------------------
def greet_tracker(events, slots=None):
    return Tracker("g", slots or {}, {"text": "hoi", "intent": {"name": "greet"}}, events, False, None, {},
                   "action_listen")


async def test_first_contact_gets_the_privacy_line_once(dispatcher):
    await ActionGreet().run(dispatcher, greet_tracker([{"event": "user", "text": "hoi"}]), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_greet", "utter_privacy_line"]
    dispatcher.messages.clear()
    await ActionGreet().run(dispatcher, greet_tracker([{"event": "bot", "text": "Hoi!"}]), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_greet"]


@pytest.mark.parametrize("code, expected", [
    ("ABC", ["utter_unknown_referral_code", "utter_greet", "utter_privacy_line"]),
    (None, ["utter_greet", "utter_privacy_line"])])
async def test_start_with_an_unknown_or_no_code_greets(use_db, dispatcher, code, expected):
    await ActionStart().run(dispatcher, greet_tracker([], {"referral_code": code}), {})
    assert [m["response"] for m in dispatcher.messages] == expected


def test_the_quiz_data_names_every_job_of_the_catalog_once():
    import yaml

    from bot.core.paths import CATALOG_DIR

    jobs = yaml.safe_load((CATALOG_DIR / "job_profiles.yml").read_text(encoding="utf-8"))["job_profiles"]
    assert sorted(quiz.PROFILE_ORDER) == sorted(job["id"] for job in jobs)
    assert len(set(quiz.OPTIONS)) == sum(len(q.options) for q in quiz.QUESTIONS)
