"""The quiz, events and stories over REST against the real servers.

Fairness: the same quiz answers, given after different names, genders, ages and backgrounds were mentioned,
give identical recommendations."""
import json

import pytest

from tests.e2e.helpers import buttons, new_user, texts

pytestmark = pytest.mark.e2e
ANSWERS = ["q1_puzzle", "q2_numbers", "q3_focus", "q4_apps", "q5_precise", "q6_data"]
PERSONAS = {
    "fatima": ["hoi, ik ben Fatima", "ik ben een moeder van 45", "ik kom uit Marokko"],
    "jan": ["hallo, ik heet Jan", "ik ben een jongen van 17", "ik woon in Zaandam"],
    "ahmed": ["hey ik ben Ahmed", "ik ben 52 en werkloos", "ik ben gevlucht uit Syrië"],
    "lisa": ["hoi ik ben Lisa", "ik ben een meisje van 15"],
}


def payload_with(replies, option):
    for button in buttons(replies):
        if '"quiz_choice"' in button["payload"] and json.loads(button["payload"][len("/start_quiz"):]).get(
                "quiz_choice") == option:
            return button["payload"]
    raise AssertionError(f"no button for {option} in {replies}")


def take_quiz(stack, sender, answers):
    replies = stack.send(sender, "/start_quiz")
    assert "Vraag 1 van 6" in texts(replies)
    for option in answers:
        replies = stack.send(sender, payload_with(replies, option))
    return replies


def test_same_answers_same_advice_whoever_you_are(stack):
    results = {}
    for name, intro in PERSONAS.items():
        sender = new_user()
        for message in intro:
            stack.send(sender, message)
        replies = take_quiz(stack, sender, ANSWERS)
        results[name] = (texts(replies), [b["payload"] for b in buttons(replies)])
    first = next(iter(results.values()))
    assert "Data-analist" in first[0] and "omdat je koos" in first[0]
    for name, result in results.items():
        assert result == first, name


def test_quiz_can_be_stopped_and_resumed(stack):
    sender = new_user()
    replies = stack.send(sender, "/start_quiz")
    replies = stack.send(sender, payload_with(replies, "q1_make"))
    replies = stack.send(sender, payload_with(replies, "q2_new"))
    assert "Vraag 3 van 6" in texts(replies)
    stack.send(sender, "stop")
    stack.send(sender, "wat doet een tester?")
    resumed = texts(stack.send(sender, "/start_quiz"))
    assert "verder" in resumed and "Vraag 3 van 6" in resumed


def test_events_near_a_place(stack):
    answer = texts(stack.send(new_user(), "zijn er binnenkort activiteiten in zaandam?"))
    assert "bij Zaandam in de buurt" in answer or "Er zijn nog geen open dagen" in answer  # none left: said plainly


def test_a_story_about_the_job_of_interest(stack):
    sender = new_user()
    stack.send(sender, "wat doet een tester?")
    answer = texts(stack.send(sender, "/ask_role_models"))
    assert "Ingrid" in answer and "voorbeeld" in answer


def test_the_quiz_in_english_gives_the_same_advice_as_in_dutch(stack):
    sender = new_user()
    replies = stack.send(sender, "which job in tech would suit me? can you quiz me", metadata={"language": "en"})
    assert "Question 1 of 6" in texts(replies)
    for option in ANSWERS:
        replies = stack.send(sender, payload_with(replies, option))
    english = texts(replies)
    assert "This might suit you well" in english and "Data analyst" in english
    dutch = [b["payload"] for b in buttons(take_quiz(stack, new_user(), ANSWERS))]
    assert [b["payload"] for b in buttons(replies)] == dutch  # the same jobs, in the same order


def test_events_near_a_place_in_english(stack):
    answer = texts(stack.send(new_user(), "are there any events coming up near Zaandam?"))
    assert "near Zaandam" in answer or "No open days or other events are known yet" in answer


def test_a_story_about_the_job_of_interest_in_english(stack):
    sender = new_user()
    stack.send(sender, "what does a software tester do all day?")
    answer = texts(stack.send(sender, "/ask_role_models"))
    assert "Ingrid" in answer and "example" in answer and "never too old" in answer
