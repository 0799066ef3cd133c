"""Telegram channel end to end: real Rasa + action server, updates posted to the webhook over HTTP, answers
read from a local fake Bot API (tests/fakes.py)."""
import itertools
import json
import time

import pytest
import requests

from tests.e2e.conftest import TELEGRAM_SECRET
from tests.fakes import wait_for

pytestmark = pytest.mark.e2e
_ids = itertools.count(int(time.time()) % 100_000 * 1000)


def chat_id():
    return 7_000_000 + next(_ids)


def text_update(chat, text, language_code="nl", update_id=None):
    return {"update_id": update_id or next(_ids), "message": {
        "message_id": next(_ids), "date": int(time.time()), "text": text,
        "chat": {"id": chat, "type": "private"},
        "from": {"id": chat, "is_bot": False, "first_name": "Sam", "language_code": language_code}}}


def post(stack, update, secret=TELEGRAM_SECRET, raw=None):
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    data = raw if raw is not None else json.dumps(update)
    return requests.post(f"{stack.rasa_url}/webhooks/telegram/webhook", data=data, headers=headers, timeout=10)


def with_keyboard(messages):
    return next(m for m in messages if m.get("reply_markup"))


def replies(fake, chat, at_least=1, timeout=30):
    return wait_for(lambda: (lambda sent: sent if len(sent) >= at_least else None)(fake.sent_to(chat)), timeout)


def test_requests_without_the_secret_token_are_refused(stack):
    update = text_update(chat_id(), "hoi")
    assert post(stack, update, secret=None).status_code == 403
    assert post(stack, update, secret="wrong").status_code == 403
    assert post(stack, update, secret=TELEGRAM_SECRET[:-1]).status_code == 403


def test_broken_bodies_get_400_not_500(stack):
    assert post(stack, None, raw="{not json").status_code == 400
    assert post(stack, None, raw="[1, 2]").status_code == 400
    assert post(stack, None, raw=json.dumps({"message": {"text": "no update id"}})).status_code == 400


def test_a_text_message_is_answered_with_inline_buttons(stack, fake_telegram):
    chat = chat_id()
    assert post(stack, text_update(chat, "hoi")).status_code == 200
    sent = replies(fake_telegram, chat, at_least=2)
    assert "TechConnect Guide" in sent[0]["text"]
    assert "privacy" in sent[1]["text"].lower()  # first contact: the privacy line
    keyboard = with_keyboard(sent)["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in keyboard][0] == "Welke banen zijn er?"
    assert all(len(row[0]["callback_data"].encode()) <= 64 for row in keyboard)


def test_a_redelivered_update_is_answered_once(stack, fake_telegram):
    chat = chat_id()
    update = text_update(chat, "hallo")
    assert post(stack, update).status_code == 200
    replies(fake_telegram, chat)
    time.sleep(1.5)
    first = len(fake_telegram.sent_to(chat))
    assert post(stack, update).json()["status"] == "duplicate"
    time.sleep(2)
    assert len(fake_telegram.sent_to(chat)) == first


def test_a_button_tap_is_acknowledged_and_handled_as_its_payload(stack, fake_telegram):
    chat = chat_id()
    post(stack, text_update(chat, "hoi"))
    greeting = with_keyboard(replies(fake_telegram, chat, at_least=2))
    button = greeting["reply_markup"]["inline_keyboard"][0][0]  # "Welke banen zijn er?"
    before = len(fake_telegram.sent_to(chat))
    tap = {"update_id": next(_ids), "callback_query": {
        "id": "cbq-1", "chat_instance": "ci", "data": button["callback_data"],
        "from": {"id": chat, "is_bot": False, "first_name": "Sam", "language_code": "nl"},
        "message": {"message_id": 1, "date": int(time.time()), "chat": {"id": chat, "type": "private"},
                    "text": greeting["text"], "reply_markup": greeting["reply_markup"]}}}
    assert post(stack, tap).status_code == 200
    wait_for(lambda: fake_telegram.calls_to(lambda c: c["method"] == "answerCallbackQuery"
                                            and c.get("callback_query_id") == "cbq-1"))
    answer = replies(fake_telegram, chat, at_least=before + 1)
    assert "Data-analist" in "\n".join(m["text"] for m in answer[before:])


def test_a_forged_callback_cannot_inject_an_intent(stack, fake_telegram):
    chat = chat_id()
    post(stack, text_update(chat, "hoi"))
    replies(fake_telegram, chat)
    time.sleep(1)
    before = len(fake_telegram.sent_to(chat))
    tap = {"update_id": next(_ids), "callback_query": {
        "id": "cbq-forged", "chat_instance": "ci", "data": '/check_eligibility{"age":"3"}',
        "from": {"id": chat, "is_bot": False, "first_name": "Sam"}}}
    assert post(stack, tap).status_code == 200
    time.sleep(2.5)
    assert len(fake_telegram.sent_to(chat)) == before  # not ours: not run as an intent, nothing sent


def test_start_with_a_referral_code_reaches_the_dialogue(stack, fake_telegram):
    from bot.db.session import get_engine
    from bot.people.referrals import create_referral

    code = create_referral("Mevr. Jansen", engine=get_engine(stack.database_url)).code
    chat = chat_id()
    post(stack, text_update(chat, f"/start {code}"))
    sent = replies(fake_telegram, chat, at_least=3)
    assert "Mevr. Jansen heeft je naar mij gestuurd" in sent[0]["text"]
    assert "begeleider een korte samenvatting" in sent[2]["text"]  # consent is asked, with yes/no buttons
    titles = [b["text"] for row in sent[2]["reply_markup"]["inline_keyboard"] for b in row]
    assert titles == ["Ja, graag", "Nee, liever niet"]


def test_start_with_an_unknown_code_says_so_and_greets(stack, fake_telegram):
    chat = chat_id()
    post(stack, text_update(chat, "/start school-42_abc"))
    sent = replies(fake_telegram, chat, at_least=2)
    assert "Die code ken ik niet" in sent[0]["text"]
    assert "TechConnect Guide" in sent[1]["text"]


def test_start_with_a_malformed_code_is_a_plain_start(stack, fake_telegram):
    chat = chat_id()
    post(stack, text_update(chat, "/start " + "x" * 65))
    sent = replies(fake_telegram, chat)
    time.sleep(1)
    texts = "\n".join(m["text"] for m in fake_telegram.sent_to(chat))
    assert "TechConnect Guide" in sent[0]["text"] and "begeleider" not in texts


def test_telegram_language_code_is_a_prior_for_the_language(stack, fake_telegram):
    chat = chat_id()
    post(stack, text_update(chat, "/start", language_code="en-GB"))
    sent = replies(fake_telegram, chat)
    assert sent[0]["text"].startswith("Hi! I'm TechConnect Guide")


def test_stickers_and_photos_get_a_friendly_text_only_answer(stack, fake_telegram):
    chat = chat_id()
    update = text_update(chat, "")
    del update["message"]["text"]
    update["message"]["sticker"] = {"file_id": "s1", "file_unique_id": "u1", "width": 512, "height": 512,
                                    "is_animated": False, "is_video": False, "type": "regular"}
    assert post(stack, update).status_code == 200
    assert "alleen tekst" in replies(fake_telegram, chat)[0]["text"]


def test_edited_messages_are_ignored_without_error(stack, fake_telegram):
    chat = chat_id()
    update = text_update(chat, "hoi")
    update["edited_message"] = update.pop("message")
    update["edited_message"]["edit_date"] = int(time.time())
    assert post(stack, update).status_code == 200
    time.sleep(2)
    assert fake_telegram.sent_to(chat) == []
