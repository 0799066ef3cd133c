"""Actions read slots, call bot.* and utter responses by name; tests read like the conversation."""
import json

import pytest

from actions.confidence import ActionAnswerRequirements
from actions.education import ActionShowRoutes
from actions.language import ActionDecideLanguage, ActionSessionStart
from actions.profiles import ActionExplainProfile, ActionListProfiles, ActionShowSalary


def payload_entities(button):
    raw = button["payload"]
    return json.loads(raw[raw.index("{"):]) if "{" in raw else {}


@pytest.mark.parametrize("lang, word", [("nl", "Data-analist"), ("en", "Data analyst")])
async def test_list_profiles_offers_buttons_in_the_language(use_db, dispatcher, tracker_factory, lang, word):
    await ActionListProfiles().run(dispatcher, tracker_factory(slots={"language": lang}), {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_profile_list"
    assert len(message["buttons"]) >= 10
    assert word in [b["title"] for b in message["buttons"]]
    assert payload_entities(message["buttons"][0])["job_profile"]
    assert word in message["profiles"]


async def test_explain_profile_in_dutch(use_db, dispatcher, tracker_factory):
    tracker = tracker_factory(slots={"language": "nl", "job_profile": "data_analyst"})
    await ActionExplainProfile().run(dispatcher, tracker, {})
    first, second = dispatcher.messages
    assert first["response"] == "utter_job_profile"
    assert first["name"] == "Data-analist"
    assert first["day"] and first["skills"] and first["sectors"]
    assert second["response"] == "utter_profile_next_step"
    assert [payload_entities(b).get("job_profile") for b in second["buttons"][:2]] == ["data_analyst"] * 2


async def test_explain_profile_with_known_level_shows_the_route(use_db, dispatcher, tracker_factory):
    tracker = tracker_factory(slots={"language": "en", "job_profile": "tester", "education_level": "vmbo"})
    await ActionExplainProfile().run(dispatcher, tracker, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_job_profile", "utter_routes"]
    assert dispatcher.messages[1]["options"].startswith("1. ")


async def test_explain_profile_without_profile_asks_which(use_db, dispatcher, tracker_factory):
    await ActionExplainProfile().run(dispatcher, tracker_factory(slots={"language": "en"}), {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_ask_which_profile"
    assert len(message["buttons"]) >= 10


async def test_salary_comes_with_its_source(use_db, dispatcher, tracker_factory):
    tracker = tracker_factory(slots={"language": "en", "job_profile": "software_developer"})
    await ActionShowSalary().run(dispatcher, tracker, {})
    salary, source = dispatcher.messages
    assert salary["response"] == "utter_salary"
    assert int(salary["salary_min"].replace(".", "")) < int(salary["salary_max"].replace(".", ""))
    assert salary["period"] == "month"
    assert source["response"] in {"utter_salary_source_illustrative", "utter_salary_source"}
    assert source["source"]


async def test_routes_from_vmbo_to_data_analyst(use_db, dispatcher, tracker_factory):
    tracker = tracker_factory(slots={"language": "nl", "job_profile": "data_analyst", "education_level": "vmbo"},
                              text="ik heb alleen vmbo, kan ik dat worden?", intent="inform_education_level")
    await ActionShowRoutes().run(dispatcher, tracker, {})
    routes = dispatcher.messages[0]
    assert routes["response"] == "utter_routes"
    assert routes["level"].lower() == "vmbo" and routes["profile"] == "Data-analist"
    assert "Duur:" in routes["options"]
    assert "Wat je nodig hebt: Voor niveau 2 heb je een vmbo-diploma nodig (ook basis)" in routes["options"]


async def test_level_without_profile_gives_an_overview(use_db, dispatcher, tracker_factory):
    tracker = tracker_factory(slots={"language": "en", "education_level": "havo"})
    await ActionShowRoutes().run(dispatcher, tracker, {})
    [overview] = dispatcher.messages
    assert overview["response"] == "utter_level_overview"
    assert overview["lines"].count("\n") >= 9
    assert len(overview["buttons"]) >= 10


async def test_no_diploma_gets_encouragement_first(use_db, dispatcher, tracker_factory):
    tracker = tracker_factory(slots={"language": "nl", "education_level": "none"})
    await ActionShowRoutes().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["response"] == "utter_no_diploma_encourage"


async def test_unknown_level_asks_for_it_with_buttons(use_db, dispatcher, tracker_factory):
    await ActionShowRoutes().run(dispatcher, tracker_factory(slots={"language": "nl"}), {})
    [ask] = dispatcher.messages
    assert ask["response"] == "utter_ask_education_level"
    assert [payload_entities(b)["education_level"] for b in ask["buttons"]] == \
        ["none", "vmbo", "mbo", "havo", "vwo", "hbo", "wo"]


@pytest.mark.parametrize("text, response", [
    ("moet ik goed zijn in wiskunde?", "utter_requirements_maths"),
    ("my english is bad", "utter_requirements_english"),
    ("ben ik wel slim genoeg", "utter_requirements_general"),
])
async def test_requirements_topic(use_db, dispatcher, tracker_factory, text, response):
    await ActionAnswerRequirements().run(dispatcher, tracker_factory(slots={"language": "nl"}, text=text), {})
    assert dispatcher.messages[0]["response"] == response


async def test_requirements_add_the_profile_maths_line(use_db, dispatcher, tracker_factory):
    tracker = tracker_factory(slots={"language": "nl", "job_profile": "data_scientist"},
                              text="moet ik goed kunnen rekenen")
    await ActionAnswerRequirements().run(dispatcher, tracker, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_requirements_maths", "utter_requirements_profile"]


async def test_database_down_gives_an_apology(dispatcher, tracker_factory, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/missing-dir/nothing/db.sqlite3")
    await ActionListProfiles().run(dispatcher, tracker_factory(slots={"language": "en"}), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_service_problem"]


@pytest.mark.parametrize("slots, text, intent, expected", [
    ({}, "what jobs are there in tech?", "list_job_profiles", [{"event": "slot", "name": "language", "value": "en"}]),
    ({"language": "en"}, "ok", "affirm", []),
    ({"language": "nl"}, "can we talk in english?", "switch_language",
     [{"event": "slot", "name": "language", "value": "en"}]),
])
async def test_decide_language_action(dispatcher, tracker_factory, slots, text, intent, expected):
    events = await ActionDecideLanguage().run(dispatcher, tracker_factory(slots=slots, text=text, intent=intent), {})
    assert [{k: e[k] for k in ("event", "name", "value")} for e in events] == expected


async def test_session_start_takes_the_channel_language_hint(dispatcher, tracker_factory):
    tracker = tracker_factory(slots={"session_started_metadata": {"language_code": "en-GB"}})
    events = await ActionSessionStart().run(dispatcher, tracker, {})
    assert events[0]["event"] == "session_started"
    assert {"event": "slot", "name": "language", "value": "en"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]
    assert events[-1]["event"] == "action" and events[-1]["name"] == "action_listen"


# --- course finder ------------------------------------------------------------------------------------------

from actions.courses import ActionCourseCosts, ActionFindCourses, ActionMoreCourses  # noqa: E402
from actions.eligibility import ActionEligibilityResult, ValidateEligibilityForm  # noqa: E402


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


async def test_find_courses_asks_for_a_job_first(use_db, dispatcher, tracker_factory):
    events = await ActionFindCourses().run(dispatcher, tracker_factory(slots={"language": "nl"}), {})
    assert dispatcher.messages[0]["response"] == "utter_ask_course_profile"
    assert payload_entities(dispatcher.messages[0]["buttons"][0])["job_profile"]
    assert slot_events(events)["awaiting"] == "course_profile"


async def test_find_courses_asks_for_a_place_when_missing(use_db, dispatcher, tracker_factory):
    tracker = tracker_factory(slots={"language": "en", "job_profile": "tester"})
    events = await ActionFindCourses().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["response"] == "utter_ask_course_location"
    assert slot_events(events)["awaiting"] == "course_location"


async def test_find_courses_lists_three_with_more_button(use_db, dispatcher, tracker_factory):
    tracker = tracker_factory(slots={"language": "nl", "location": "Amsterdam"})
    events = await ActionFindCourses().run(dispatcher, tracker, {})
    result = dispatcher.messages[0]
    assert result["response"] == "utter_course_results"
    assert result["courses"].count("\n1. ") + result["courses"].startswith("1. ") == 1
    assert "3. " in result["courses"] and "4. " not in result["courses"]
    assert result["buttons"][0]["payload"] == "/show_more"
    assert len(slot_events(events)["shown_courses"]) == 3

    more = dispatcher.__class__()
    tracker = tracker_factory(slots={"language": "nl", "location": "Amsterdam", "course_offset": 0.0,
                                     "shown_courses": slot_events(events)["shown_courses"]})
    events2 = await ActionMoreCourses().run(more, tracker, {})
    assert more.messages[0]["response"] == "utter_course_results_more"
    assert more.messages[0]["courses"].startswith("4. ")
    assert slot_events(events2)["course_offset"] == 3.0


async def test_cost_follow_up_about_a_provider(use_db, dispatcher, tracker_factory):
    tracker = tracker_factory(slots={"language": "nl"}, text="wat kost die van Codam?", intent="ask_costs",
                              entities=[{"entity": "provider", "value": "codam"}])
    await ActionCourseCosts().run(dispatcher, tracker, {})
    message = dispatcher.messages[0]
    assert message["response"] == "utter_course_costs"
    assert "Codam" in message["costs"] and "Gratis" in message["costs"]


async def test_cost_question_without_context_gives_general_answer(use_db, dispatcher, tracker_factory):
    await ActionCourseCosts().run(dispatcher, tracker_factory(slots={"language": "en"}), {})
    assert dispatcher.messages[0]["response"] == "utter_costs_info"


# --- eligibility --------------------------------------------------------------------------------------------

async def test_form_asks_only_needed_questions(use_db, dispatcher, tracker_factory):
    tracker = tracker_factory(slots={"language": "nl", "age": 30, "residence": "Haarlem",
                                     "work_situation": "employed", "children_in_childcare": "no"})
    needed = await ValidateEligibilityForm().required_slots([], dispatcher, tracker, {})
    # no child in childcare: whether there are children no longer matters
    assert needed == ["age", "residence", "work_situation", "course_chosen", "course_paid", "children_in_childcare",
                      "has_laptop"]
    empty = [s for s in needed if tracker.get_slot(s) is None]
    assert empty == ["course_chosen", "course_paid", "has_laptop"]


async def test_form_validation_re_asks_kindly(use_db, dispatcher, tracker_factory):
    form = ValidateEligibilityForm()
    tracker = tracker_factory(slots={"language": "nl", "requested_slot": "age"}, text="banaan")
    result = await form.validate_age("banaan", dispatcher, tracker, {})
    assert result["age"] is None
    assert dispatcher.messages[0]["response"] == "utter_invalid_age"
    tracker = tracker_factory(slots={"language": "nl", "requested_slot": "age", "form_retries": 1.0}, text="??")
    await form.validate_age("??", dispatcher, tracker, {})
    assert dispatcher.messages[-1]["response"] == "utter_form_way_out"
    assert (await form.validate_age("weet ik niet", dispatcher, tracker, {}))["age"] == "unknown"


@pytest.mark.parametrize("answer, age", [("10", 10), ("11", 11), ("85", 85), ("9", None), ("90", None), (90, None)])
async def test_the_fund_check_keeps_the_ages_every_reader_keeps(use_db, dispatcher, tracker_factory, answer, age):
    tracker = tracker_factory(slots={"language": "nl", "requested_slot": "age"}, text=str(answer))
    assert (await ValidateEligibilityForm().validate_age(answer, dispatcher, tracker, {}))["age"] == age


async def test_form_takes_a_correction_at_any_question(use_db, dispatcher, tracker_factory):
    form = ValidateEligibilityForm()
    tracker = tracker_factory(slots={"language": "en", "requested_slot": "work_situation", "age": 42},
                              text="oh wait, I'm 24")
    assert await form.extract_age(dispatcher, tracker, {}) == {"age": 24}
    assert dispatcher.messages[0]["response"] == "utter_age_corrected"


async def test_eligibility_result_lists_every_instrument(use_db, dispatcher, tracker_factory):
    tracker = tracker_factory(slots={"language": "en", "age": 30, "residence": "Zaandam",
                                     "work_situation": "unemployed_ww", "course_chosen": "yes", "course_paid": "yes",
                                     "course_short": "unknown", "children_in_childcare": "no", "has_laptop": "no"})
    await ActionEligibilityResult().run(dispatcher, tracker, {})
    results = dispatcher.messages[0]["results"]
    assert results.count("✅") >= 2 and "❓" in results and "❌" in results
    assert "Next step:" in results
    assert dispatcher.messages[1]["response"] == "utter_eligibility_illustrative"


async def test_reset_values_are_not_validated_as_answers(use_db, dispatcher, tracker_factory):
    form = ValidateEligibilityForm()
    tracker = tracker_factory(slots={"language": "nl", "requested_slot": "age"})
    assert await form.validate_residence(None, dispatcher, tracker, {}) == {"residence": None}
    assert dispatcher.messages == []


async def test_inform_without_anything_usable_offers_topics(use_db, dispatcher, tracker_factory):
    from actions.courses import ActionRouteInform

    await ActionRouteInform().run(dispatcher, tracker_factory(slots={"language": "en"}, text="asdkjh qwpoe"), {})
    assert dispatcher.messages[0]["response"] == "utter_default"
    noted = dispatcher.__class__()
    await ActionRouteInform().run(noted, tracker_factory(slots={"language": "en"}, text="i'm 31"), {})
    assert noted.messages[0]["response"] == "utter_inform_noted"


async def test_a_correction_is_not_scolded_as_a_wrong_answer(use_db, dispatcher, tracker_factory):
    form = ValidateEligibilityForm()
    tracker = tracker_factory(slots={"language": "nl", "requested_slot": "work_situation", "age": 17},
                              text="oh wacht, ik ben 24")
    assert await form.validate_work_situation("oh wacht, ik ben 24", dispatcher, tracker, {}) == \
        {"work_situation": None}
    assert dispatcher.messages == []


@pytest.mark.parametrize("mbo_level, expected", [("2", "mbo 3 of 4 ICT"), ("4", "door naar het hbo"), ("3", None)])
async def test_mbo_level_adds_a_tip(use_db, dispatcher, tracker_factory, mbo_level, expected):
    tracker = tracker_factory(slots={"language": "nl", "job_profile": "it_support", "education_level": "mbo",
                                     "mbo_level": mbo_level})
    await ActionShowRoutes().run(dispatcher, tracker, {})
    notes = [m["note"] for m in dispatcher.messages if m["response"] == "utter_routes_note"]
    if expected:
        assert any(expected in n for n in notes)
    else:
        assert not any("hbo" in n and "mbo 4" in n for n in notes)


def test_a_free_course_says_free_once():
    """The course line starts with the cost ("Gratis"); a free course's note says what comes on top of it."""
    import yaml

    from bot.core.paths import CATALOG_DIR

    courses = yaml.safe_load((CATALOG_DIR / "courses.yml").read_text(encoding="utf-8"))["courses"]
    free = [c for c in courses if c.get("cost_eur") == 0 and c.get("cost_note")]
    assert free
    for course in free:
        assert not course["cost_note"]["nl"].lower().startswith("gratis"), course["id"]
        assert not course["cost_note"]["en"].lower().startswith("free"), course["id"]
