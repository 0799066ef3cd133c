"""Which Telegram updates get an answer, in whose conversation, with which text and in which forum topic.

Payloads: tests/fixtures/telegram (python-telegram-bot's own test shapes, and group scenarios in the Bot API's
shape; see NOTICE there)."""
import json
from pathlib import Path

import pytest
from telegram import Bot, Update

from bot.rasa_ext.channels.telegram_updates import (
    HELP,
    IGNORE,
    TAP,
    TEXT_ONLY,
    TURN,
    Me,
    command_target,
    plan_update,
    text_for_dialogue,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "telegram"
ME = Me(123456, "techconnect_test_bot")
BOT = Bot("123456:test-token")
USER, GROUP, SMALL_GROUP, FORUM = 4242, -1001234567890, -4567890, -1009876543210


def load(name):
    return json.loads((FIXTURES / name).read_text())


def plan(data, me=ME):
    return plan_update(Update.de_json(data, BOT), me)


SCENARIOS = load("scenarios.json")
# name: (action, sender id, text, forum topic)
EXPECTED = {
    "private_text": (TURN, "4242", "wat doet een data analist?", None),
    "private_slash_alone": (TURN, "4242", HELP, None),
    "private_start": (TURN, "4242", "/start", None),
    "private_command_for_other_bot": (IGNORE, "", "", None),
    "private_photo_with_caption": (TURN, "4242", "wat kost een opleiding?", None),
    "private_sticker": (TEXT_ONLY, "4242", "", None),
    "private_pinned_message": (IGNORE, "", "", None),
    "private_edited_message": (IGNORE, "", "", None),
    "group_text_not_addressed": (IGNORE, "", "", None),
    "group_mention": (TURN, f"{GROUP}:{USER}", "wat doet een data analist?", None),
    "group_mention_only": (TURN, f"{GROUP}:{USER}", HELP, None),
    "group_text_mention": (TURN, f"{GROUP}:{USER}", "TechConnect wat verdient een tester?", None),
    "group_mention_of_someone_else": (IGNORE, "", "", None),
    "group_reply_to_bot": (TURN, f"{GROUP}:{USER}", "en wat verdien je dan?", None),
    "group_reply_to_member": (IGNORE, "", "", None),
    "group_command_for_us": (TURN, f"{GROUP}:{USER}", "/help", None),
    "group_command_without_name": (TURN, f"{SMALL_GROUP}:{USER}", "/start", None),
    "group_command_for_other_bot": (IGNORE, "", "", None),
    "group_start_fund_check": (TURN, f"{GROUP}:{USER}", "ik wil de fondscheck doen", None),
    "group_video_caption_mention": (TURN, f"{GROUP}:{USER}", "welke opleiding past bij mij?", None),
    "group_sticker_reply_to_bot": (TEXT_ONLY, f"{GROUP}:{USER}", "", None),
    "group_from_other_bot": (IGNORE, "", "", None),
    "group_anonymous_admin": (IGNORE, "", "", None),
    "group_new_members_with_us": (IGNORE, "", "", None),
    "group_left_member": (IGNORE, "", "", None),
    "group_pinned_message": (IGNORE, "", "", None),
    "group_created": (IGNORE, "", "", None),
    "group_title_changed": (IGNORE, "", "", None),
    "forum_topic_created": (IGNORE, "", "", None),
    "forum_topic_mention": (TURN, f"{FORUM}:{USER}", "welke cursussen zijn er in Almere?", 70),
    "forum_topic_not_addressed": (IGNORE, "", "", None),
    "forum_topic_reply_to_bot": (TURN, f"{FORUM}:{USER}", "en in Purmerend?", 70),
    "channel_post": (IGNORE, "", "", None),
    "my_chat_member_added_to_group": (IGNORE, "", "", None),
    "callback_query_private": (TAP, "4242", "/list_job_profiles", None),
    "callback_query_forum_topic": (TAP, f"{FORUM}:{USER}", "/list_job_profiles", 70),
    "callback_query_game": (IGNORE, "", "", None),
}


def test_every_scenario_has_an_expectation():
    assert set(SCENARIOS) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_scenarios(name):
    action, sender, text, thread = EXPECTED[name]
    got = plan(SCENARIOS[name])
    assert got.action == action
    if action != IGNORE:
        assert (got.sender_id, got.text, got.thread_id) == (sender, text, thread)
        assert got.chat_id == int(sender.split(":")[0])
        assert got.group == (":" in sender)


@pytest.mark.parametrize("name", ["group_mention", "group_reply_to_bot", "forum_topic_mention"])
def test_group_answers_reply_to_the_members_message(name):
    data = SCENARIOS[name]
    assert plan(data).reply_to == data["message"]["message_id"]
    assert plan(SCENARIOS["private_text"]).reply_to is None


def test_members_of_one_group_have_their_own_conversations():
    first = SCENARIOS["group_mention"]
    second = json.loads(json.dumps(first).replace('"id": 4242', '"id": 5151'))
    assert plan(first).sender_id != plan(second).sender_id
    assert plan(first).chat_id == plan(second).chat_id


def test_without_our_username_only_commands_without_a_name_are_for_us():
    me = Me(123456)  # getMe did not answer yet
    assert plan(SCENARIOS["group_mention"], me).action == IGNORE
    assert plan(SCENARIOS["group_command_without_name"], me).action == TURN
    assert plan(SCENARIOS["group_command_for_other_bot"], me).action == IGNORE
    assert plan(SCENARIOS["group_reply_to_bot"], me).action == TURN  # recognised by our id


# --- python-telegram-bot's own update and message shapes ---------------------------------------------------
UPDATE_TYPES = load("ptb_updates.json")
MESSAGES = load("ptb_messages.json")
ANSWERED_UPDATE_TYPES = {"message"}  # PTB's callback queries carry no data (a game): nothing to press
READ_AS_TEXT = {"text", "reply_markup", "caption_entities", "audio", "document", "animation", "photo",
                "photo_from_media_group", "video"}  # a text, or a caption
UNREADABLE = {"game", "sticker", "story", "voice", "video_note", "contact", "location", "venue", "invoice", "poll",
              "dice", "paid_media", "live_photo", "checklist"}


@pytest.mark.parametrize("name", sorted(UPDATE_TYPES))
def test_every_update_type_is_understood_and_only_new_messages_are_answered(name):
    got = plan(UPDATE_TYPES[name])
    assert got.action == (TURN if name in ANSWERED_UPDATE_TYPES else IGNORE)


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_every_message_content_gets_the_answer_a_person_expects(name):
    got = plan(MESSAGES[name])
    if name in READ_AS_TEXT:
        message = MESSAGES[name]["message"]
        assert (got.action, got.text) == (TURN, message.get("text") or message["caption"])
    elif name in UNREADABLE:
        assert got.action == TEXT_ONLY  # the person sent something: say kindly that we read text only
    else:
        assert got.action == IGNORE  # service messages and bare attributes: nothing was said to us


def test_captioned_media_in_ptb_shapes_are_read_in_groups_when_addressed():
    data = json.loads(json.dumps(MESSAGES["photo"]))
    data["message"]["chat"] = {"id": GROUP, "type": "supergroup", "title": "t"}
    assert plan(data).action == IGNORE
    data["message"]["caption"] = "/help@techconnect_test_bot"
    data["message"]["caption_entities"] = [{"type": "bot_command", "offset": 0, "length": 26}]
    assert (plan(data).action, plan(data).text) == (TURN, "/help")


@pytest.mark.parametrize("command, target", [("/help", ""), ("/help@OtherBot", "otherbot"),
                                             ("/start@techconnect_test_bot", "techconnect_test_bot")])
def test_command_target(command, target):
    assert command_target(command) == target


@pytest.mark.parametrize("text, dialogue", [
    ("@techconnect_test_bot hoi", "hoi"),
    ("hoi @TechConnect_Test_Bot!", "hoi !"),
    ("/help@techconnect_test_bot", "/help"),
    ("/start@techconnect_test_bot K7P2QX", "/start K7P2QX"),
    ("@techconnect_test_bot_fan hoi", "@techconnect_test_bot_fan hoi"),
    ("/", HELP),
    ("  @techconnect_test_bot ", HELP),
])
def test_text_for_dialogue_drops_our_name(text, dialogue):
    assert text_for_dialogue(text, ME) == dialogue
