"""Several questions in one message, the age and benefit answers, topics others decide, the profile view."""
from actions.conversation import (
    ActionAnswerAge,
    ActionAnswerParts,
    ActionFundingInfo,
    ActionOutsideTopic,
    ActionShowProfile,
    ActionWelcomeBack,
)


def parts_tracker(make, text, parts, slots=None):
    tracker = make(slots={"language": "nl", **(slots or {})}, text=text, intent="multi_question")
    tracker.latest_message["parts"] = parts
    return tracker


async def test_each_part_is_answered_in_order_and_an_unknown_part_is_named(use_db, dispatcher, tracker_factory):
    text = "wat doet een data analist? en moet ik goed zijn in wiskunde? en hoe zit het met mijn hypotheek?"
    parts = [{"text": "wat doet een data analist?", "start": 0, "end": 26, "intent": "ask_job_profile",
              "confidence": 0.9},
             {"text": "moet ik goed zijn in wiskunde?", "start": 30, "end": 60, "intent": "ask_requirements",
              "confidence": 0.8},
             {"text": "hoe zit het met mijn hypotheek?", "start": 64, "end": 95, "intent": "nlu_fallback",
              "confidence": 0.2}]
    tracker = parts_tracker(tracker_factory, text, parts)
    tracker.latest_message["entities"] = [{"entity": "job_profile", "value": "data_analyst", "start": 13, "end": 25}]
    await ActionAnswerParts().run(dispatcher, tracker, {})
    said = [m["response"] for m in dispatcher.messages]
    assert said[0] == "utter_parts_intro" and dispatcher.messages[0]["count"] == "3"
    headings = [i for i, r in enumerate(said) if r == "utter_part_heading"]
    assert len(headings) == 3
    assert "utter_job_profile" in said[headings[0]:headings[1]]
    assert any(r.startswith("utter_requirements") for r in said[headings[1]:headings[2]])
    assert said[headings[2] + 1:] == ["utter_part_unknown"]


async def test_a_part_that_starts_a_dialogue_is_offered_not_started(dispatcher, tracker_factory):
    parts = [{"text": "kom ik in aanmerking voor het fonds", "start": 0, "end": 35, "intent": "check_eligibility",
              "confidence": 0.9},
             {"text": "welke banen zijn er", "start": 40, "end": 59, "intent": "list_job_profiles",
              "confidence": 0.9}]
    await ActionAnswerParts().run(dispatcher, parts_tracker(tracker_factory, "x", parts), {})
    offer = next(m for m in dispatcher.messages if m["response"] == "utter_part_offer")
    assert offer["buttons"][0]["payload"] == "/check_eligibility"


async def test_a_young_person_is_not_told_about_switching_after_40(dispatcher, tracker_factory):
    await ActionAnswerAge().run(dispatcher, tracker_factory(slots={"language": "nl", "age": 15}), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_age_young"]
    assert dispatcher.messages[0]["age"] == "15"
    dispatcher.messages.clear()
    await ActionAnswerAge().run(dispatcher, tracker_factory(slots={"language": "nl", "age": 47}), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_too_old"]


async def test_keeping_a_benefit_points_to_who_decides_for_that_benefit(dispatcher, tracker_factory):
    tracker = tracker_factory(slots={"language": "nl", "work_situation": "bijstand"},
                              text="mag ik mijn uitkering houden als ik een cursus doe?")
    await ActionFundingInfo().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_outside_topic" and "gemeente" in message["answer"]
    dispatcher.messages.clear()
    tracker = tracker_factory(slots={"language": "en", "work_situation": "unemployed_ww"},
                              text="can i keep my benefit while i study?")
    await ActionFundingInfo().run(dispatcher, tracker, {})
    assert "UWV" in dispatcher.messages[0]["answer"]
    dispatcher.messages.clear()
    await ActionFundingInfo().run(dispatcher, tracker_factory(slots={"language": "nl"}, text="hoe betaal ik dat"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_funding_info"]


async def test_a_topic_others_decide_gets_the_body_and_its_source(dispatcher, tracker_factory):
    tracker = tracker_factory(slots={"language": "en"}, text="who recognises my syrian diploma?",
                              intent="ask_outside_topic")
    await ActionOutsideTopic().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert "IDW" in message["body"] and message["source"].startswith("https://") and message["checked"]


async def test_the_profile_is_shown_and_welcome_back_is_no_goodbye(dispatcher, tracker_factory):
    slots = {"language": "nl", "age": 34, "work_situation": "bijstand", "has_children": "yes"}
    await ActionShowProfile().run(dispatcher, tracker_factory(slots=slots), {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_profile_summary"
    assert "leeftijd: 34" in message["facts"] and "bijstand" in message["facts"]
    dispatcher.messages.clear()
    await ActionShowProfile().run(dispatcher, tracker_factory(slots={"language": "en"}), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_profile_empty"]
    dispatcher.messages.clear()
    await ActionWelcomeBack().run(dispatcher, tracker_factory(slots=slots), {})
    assert [m["response"] for m in dispatcher.messages][:2] == ["utter_welcome_back", "utter_profile_summary"]


async def test_a_duo_loan_question_from_someone_over_30_also_names_the_levenlanglerenkrediet():
    from rasa_sdk.executor import CollectingDispatcher

    from actions.conversation import utter_outside_topic

    for age, expected in ((55, 2), (22, 1), (None, 1)):
        dispatcher = CollectingDispatcher()
        assert utter_outside_topic(dispatcher, "student_finance", "nl", "Purmerend", age)
        assert len(dispatcher.messages) == expected
        if expected == 2:
            assert "levenlanglerenkrediet" in dispatcher.messages[1]["answer"]
