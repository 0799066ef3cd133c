"""Telegram channel end to end: real Rasa + action server, updates posted to the webhook over HTTP, answers
read from a local fake Bot API (tests/fakes.py)."""
import itertools
import json
import re
import time
from pathlib import Path

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
    from bot.core.db.session import get_engine
    from bot.core.people.referrals import create_referral

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


# --- real update shapes (tests/fixtures/telegram): who gets an answer, where, and who gets none ---------------
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "telegram"
SCENARIOS = json.loads((FIXTURES / "scenarios.json").read_text())
UPDATE_TYPES = json.loads((FIXTURES / "ptb_updates.json").read_text())
MESSAGES = json.loads((FIXTURES / "ptb_messages.json").read_text())
USER = 4242
GROUPS = (-1001234567890, -1009876543210, -4567890)  # supergroup, forum, small group in scenarios.json
SILENT = ["private_command_for_other_bot", "private_pinned_message", "private_edited_message",
          "group_text_not_addressed", "group_mention_of_someone_else", "group_reply_to_member",
          "group_command_for_other_bot", "group_from_other_bot", "group_anonymous_admin",
          "group_new_members_with_us", "group_left_member", "group_pinned_message", "group_created",
          "group_title_changed", "forum_topic_created", "forum_topic_not_addressed", "channel_post",
          "my_chat_member_added_to_group", "callback_query_game"]
SERVICE_MESSAGES = ["new_members", "left_member", "new_title", "new_photo", "delete_photo", "group_created",
                    "supergroup_created", "pinned", "migrated_to", "video_chat_started", "users_shared",
                    "chat_background_set", "giveaway_created", "boost_added", "sender_chat", "via_bot"]


def fresh(data, user=None, chats=None):
    """The fixture with new ids: a new update id, and the member and chats renamed so that every test has
    its own conversations. Returns (update, user id, {old chat id: new chat id})."""
    user = user or chat_id()
    chats = chats or {old: -(10**12) - next(_ids) for old in GROUPS}
    text = re.sub(r"(?<![\d-])4242(?!\d)", str(user), json.dumps(data))
    for old, new in chats.items():
        text = re.sub(rf"(?<!\d){old}(?!\d)", str(new), text)
    update = json.loads(text)
    update["update_id"] = next(_ids)
    return update, user, chats


def sent_after(fake, chat, before=0, at_least=1, timeout=30):
    return wait_for(lambda: (lambda sent: sent[before:] if len(sent) >= before + at_least else None)(
        fake.sent_to(chat)), timeout)


@pytest.fixture(scope="module")
def silent_updates(stack, fake_telegram):
    """Every update that deserves no answer, posted at once; then a private message that does, so we know
    the server worked through them. Returns {name: (HTTP status, chats the update could be answered in)}."""
    results = {}
    posts = [(f"scenario:{n}", SCENARIOS[n]) for n in SILENT]
    posts += [(f"update_type:{n}", UPDATE_TYPES[n]) for n in UPDATE_TYPES if n != "message"]
    posts += [(f"service_message:{n}", MESSAGES[n]) for n in SERVICE_MESSAGES]
    for name, data in posts:
        update, user, chats = fresh(data)
        # PTB's own shapes use chat and user ids 1 to 3, which no other test talks in
        where = [1, 2, 3] if name.startswith(("update_type", "service_message")) else [user, *chats.values()]
        results[name] = (post(stack, update).status_code, where)
    control, user, _ = fresh(SCENARIOS["private_text"])
    post(stack, control)
    sent_after(fake_telegram, user)
    time.sleep(2)
    return results


@pytest.mark.parametrize("name", [f"scenario:{n}" for n in SILENT] + [f"update_type:{n}" for n in UPDATE_TYPES
                                                                       if n != "message"]
                         + [f"service_message:{n}" for n in SERVICE_MESSAGES])
def test_updates_that_need_no_answer_get_200_and_silence(silent_updates, fake_telegram, name):
    status, chats = silent_updates[name]
    assert status == 200
    assert [m for chat in chats for m in fake_telegram.sent_to(chat)] == []


@pytest.mark.parametrize("name, expected", [
    ("private_text", "Data-analist"),
    ("private_photo_with_caption", ""),
    ("private_slash_alone", "Ik kan je helpen met"),
    ("private_sticker", "alleen tekst"),
])
def test_private_messages_are_answered_in_the_chat(stack, fake_telegram, name, expected):
    update, user, _ = fresh(SCENARIOS[name])
    assert post(stack, update).status_code == 200
    sent = sent_after(fake_telegram, user)
    assert expected in "\n".join(m["text"] for m in sent)
    assert all("message_thread_id" not in m and "reply_parameters" not in m for m in sent)


@pytest.mark.parametrize("name, expected, thread", [
    ("group_mention", "Data-analist", None),
    ("group_reply_to_bot", "", None),
    ("group_command_for_us", "Ik kan je helpen met", None),
    ("group_mention_only", "Ik kan je helpen met", None),
    ("group_command_without_name", "TechConnect Guide", None),
    ("group_video_caption_mention", "", None),
    ("group_sticker_reply_to_bot", "alleen tekst", None),
    ("forum_topic_mention", "", 70),
    ("forum_topic_reply_to_bot", "", 70),
])
def test_group_messages_for_us_are_answered_to_the_member_in_the_same_topic(stack, fake_telegram, name, expected,
                                                                            thread):
    update, user, chats = fresh(SCENARIOS[name])
    group = update["message"]["chat"]["id"]
    assert post(stack, update).status_code == 200
    sent = sent_after(fake_telegram, group)
    assert expected in "\n".join(m["text"] for m in sent)
    for message in sent:
        assert message.get("message_thread_id") == thread
        assert message["reply_parameters"]["message_id"] == update["message"]["message_id"]
    assert fake_telegram.sent_to(user) == []  # nothing private without being asked


def test_a_button_in_a_forum_topic_is_answered_in_that_topic(stack, fake_telegram):
    ask, user, chats = fresh(SCENARIOS["forum_topic_mention"])
    ask["message"]["text"] = "@techconnect_test_bot"  # the help menu, with its buttons, for this member
    forum = ask["message"]["chat"]["id"]
    post(stack, ask)
    menu = sent_after(fake_telegram, forum)
    assert any(m.get("reply_markup") for m in menu)
    time.sleep(1)
    before = len(fake_telegram.sent_to(forum))
    tap, _, _ = fresh(SCENARIOS["callback_query_forum_topic"], user=user, chats=chats)  # "Welke banen zijn er?"
    assert post(stack, tap).status_code == 200
    wait_for(lambda: fake_telegram.calls_to(lambda c: c["method"] == "answerCallbackQuery"
                                            and c.get("callback_query_id") == "cbq-2"))
    sent = sent_after(fake_telegram, forum, before=before)
    assert "Data-analist" in "\n".join(m["text"] for m in sent)
    assert all(m.get("message_thread_id") == 70 for m in sent)


def test_a_button_nobody_was_offered_is_not_run(stack, fake_telegram):
    tap, user, chats = fresh(SCENARIOS["callback_query_forum_topic"])
    assert post(stack, tap).status_code == 200
    wait_for(lambda: fake_telegram.calls_to(lambda c: c["method"] == "answerCallbackQuery"
                                            and c.get("callback_query_id") == "cbq-2"))
    time.sleep(2)
    assert fake_telegram.sent_to(tap["callback_query"]["message"]["chat"]["id"]) == []


def test_members_of_a_group_keep_their_own_conversations(stack, fake_telegram):
    first, user_a, chats = fresh(SCENARIOS["group_mention"])
    group = first["message"]["chat"]["id"]
    post(stack, first)
    sent_after(fake_telegram, group)
    time.sleep(1)
    second, user_b, _ = fresh(SCENARIOS["group_mention"], chats=chats)
    second["message"]["message_id"] += 1
    post(stack, second)
    wait_for(lambda: [m for m in fake_telegram.sent_to(group)
                      if m["reply_parameters"]["message_id"] == second["message"]["message_id"]])
    tracker_ids = [f"{group}:{user_a}", f"{group}:{user_b}"]
    for sender in tracker_ids:
        events = requests.get(f"{stack.rasa_url}/conversations/{sender}/tracker", timeout=10).json()["events"]
        assert [e["text"] for e in events if e["event"] == "user"] == ["wat doet een data analist?"]


def test_a_group_never_gets_questions_about_the_member_only_a_private_chat_link(stack, fake_telegram):
    update, user, chats = fresh(SCENARIOS["group_start_fund_check"])
    group = update["message"]["chat"]["id"]
    assert post(stack, update).status_code == 200
    sent = sent_after(fake_telegram, group)
    time.sleep(1.5)
    sent = fake_telegram.sent_to(group)
    assert len(sent) == 1
    assert "privébericht" in sent[0]["text"] and "https://t.me/techconnect_test_bot" in sent[0]["text"]
    assert "oud" not in sent[0]["text"]  # the fund check's first question (age) is not asked here
    tracker = requests.get(f"{stack.rasa_url}/conversations/{group}:{user}/tracker", timeout=10).json()
    assert not (tracker.get("active_loop") or {}).get("name")  # the form is closed in the group conversation
