"""Channel building blocks without a running server: limits, dedup, button mapping, retries, parsing."""
import asyncio
import hashlib
import hmac
import json
import os

import pytest
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.core.understanding.clarify import clarify_buttons, likely_topics
from bot.rasa_ext.channels.base import (
    RetryingSender,
    button_key,
    numbered_choice,
    offered_buttons,
    resolve_button,
    split_text,
)
from bot.rasa_ext.channels.guard import MessageGuard, RateLimiter, SeenIds, clean_user_text
from bot.rasa_ext.channels.telegram import TelegramOutput, keyboard, start_message
from bot.rasa_ext.channels.web import history_entries
from bot.rasa_ext.channels.whatsapp import interactive_for, shorten, signature_ok

LONG = '/inform_education_level{"job_profile":"it_system_administrator","location":"zaandam"}'


def tracker_with(*events):
    return DialogueStateTracker.from_events("t", list(events))


def bot(text, *buttons):
    return BotUttered(text, {"buttons": [{"title": title, "payload": payload} for title, payload in buttons]})


# --- guard -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw, clean", [
    ("  hoi  ", "hoi"),
    ('/check_eligibility{"age": 3}', 'check_eligibility{"age": 3}'),
    ("//start", "start"),
    ("he\u200bllo\u202e", "hello"),
    ("a\x00b\x07c", "abc"),
    ("regel 1\nregel 2", "regel 1\nregel 2"),
    ("\u200b\u200b", ""),
])
def test_clean_user_text(raw, clean):
    assert clean_user_text(raw) == clean


def test_rate_limiter_is_per_sender_and_sliding():
    limiter = RateLimiter(limit=3, window=60)
    assert [limiter.allow("a", now=t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert limiter.allow("b", now=3)
    assert limiter.allow("a", now=60.5)  # the first hit left the window
    assert not limiter.allow("a", now=60.6)


async def test_guard_refuses_floods_once_then_silently_and_long_messages_kindly():
    guard = MessageGuard(max_chars=20, per_minute=2, redis_url="")
    assert (await guard.check("s", "hoi")).text == "hoi"
    assert (await guard.check("s", "x" * 21)).refusal == "too_long"
    assert (await guard.check("s", "nog een")).refusal == "slow_down"
    assert (await guard.check("s", "en nog een")).refusal == ""  # warned already: no reply per flood message
    assert (await guard.check("other", "hoi")).text == "hoi"


@pytest.fixture
def redis_url():
    """A real redis-server on a free loopback port (make test-deps installs it)."""
    import shutil
    import subprocess
    import time

    from bot.cli.servers import free_port

    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.path.exists(binary):
        pytest.fail("redis-server is missing: `make test-deps` installs it")
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                                "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


async def test_two_servers_share_one_rate_limit_and_one_warning_through_redis(redis_url):
    first, second = (MessageGuard(per_minute=3, redis_url=redis_url) for _ in range(2))
    verdicts = [await guard.check("flood", f"hoi {i}") for i, guard in enumerate([first, second] * 3)]
    assert [v.text for v in verdicts[:3]] == ["hoi 0", "hoi 1", "hoi 2"]  # 3 in total, not 3 per server
    assert [v.refusal for v in verdicts[3:]] == ["slow_down", "", ""]  # one warning between the two servers
    assert (await second.check("someone else", "hoi")).text == "hoi"


async def test_the_rate_limit_holds_per_process_when_redis_is_down():
    from bot.cli.servers import free_port

    guard = MessageGuard(per_minute=2, redis_url=f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    verdicts = [await guard.check("s", "hoi") for _ in range(4)]
    assert [v.refusal for v in verdicts] == [None, None, "slow_down", ""]


async def test_seen_ids_forget_oldest():
    seen = SeenIds("test", size=2, redis_url="")
    assert await seen.first_time(1) and await seen.first_time(2)
    assert not await seen.first_time(1)
    assert await seen.first_time(3)
    assert await seen.first_time(2)  # pushed out by 1 (refreshed) and 3


async def test_seen_ids_keep_working_when_redis_is_down():
    from bot.cli.servers import free_port

    seen = SeenIds("test", redis_url=f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    assert await seen.first_time("a")
    assert not await seen.first_time("a")


# --- buttons -----------------------------------------------------------------------------------------------
def test_button_key_fits_telegram_and_is_stable():
    assert button_key("/help") == "/help"
    key = button_key(LONG)
    assert key.startswith("#") and len(key.encode()) <= 64 and key == button_key(LONG)


def test_only_offered_buttons_resolve():
    tracker = tracker_with(UserUttered("hoi"), bot("Kies", ("Banen", "/list_job_profiles"), ("Lang", LONG)))
    assert resolve_button(tracker, "/list_job_profiles")["title"] == "Banen"
    assert resolve_button(tracker, button_key(LONG))["payload"] == LONG
    assert resolve_button(tracker, '/check_eligibility{"age":"3"}') is None
    assert resolve_button(None, "/help") is None


def test_numbers_answer_only_the_latest_turn():
    tracker = tracker_with(bot("Oud", ("A", "/a")), UserUttered("x"),
                           bot("Kies", ("Eén", "/one"), ("Twee", "/two")), bot("nog", ("Drie", "/three")))
    assert numbered_choice(tracker, "2")["payload"] == "/two"
    assert numbered_choice(tracker, "3.")["payload"] == "/three"
    assert numbered_choice(tracker, "4") is None
    assert numbered_choice(tracker, "0") is None
    assert numbered_choice(tracker, "twee") is None
    assert [b["payload"] for b in offered_buttons(tracker, latest_turn_only=True)] == ["/one", "/two", "/three"]


def test_split_text_prefers_line_ends():
    text = "\n".join(f"regel {i} " + "x" * 30 for i in range(10))
    parts = split_text(text, 100)
    assert all(len(p) <= 100 for p in parts) and all(p.endswith("x") for p in parts)
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")
    assert split_text("kort", 100) == ["kort"]


def test_telegram_keyboard_uses_short_callback_data():
    markup = keyboard([{"title": "Lang", "payload": LONG}, {"title": "Hulp", "payload": "/help"}]).to_dict()
    data = [row[0]["callback_data"] for row in markup["inline_keyboard"]]
    assert data[1] == "/help" and len(data[0].encode()) <= 64


class RecordingBot:
    def __init__(self):
        self.calls = []

    async def send_message(self, **kwargs):
        self.calls.append(kwargs)


async def test_telegram_group_answers_go_to_the_topic_as_a_reply_and_wait_for_the_turn():
    bot = RecordingBot()
    output = TelegramOutput(bot, RetryingSender("t", lambda exc: False), chat_id=-100, thread_id=70, reply_to=9,
                            hold=True)
    await output.send_text_message("-100:42", "hoi")
    assert bot.calls == [] and output.sent == 1  # held until the turn is over
    await output.release()
    [call] = bot.calls
    assert (call["chat_id"], call["message_thread_id"], call["text"]) == ("-100", 70, "hoi")
    assert call["reply_parameters"].message_id == 9
    await output.send_text_message("-100:42", "daarna")  # after the turn: sent at once
    assert len(bot.calls) == 2


async def test_telegram_held_answers_can_be_dropped_and_private_answers_go_straight_out():
    bot = RecordingBot()
    group = TelegramOutput(bot, RetryingSender("t", lambda exc: False), chat_id=-100, hold=True)
    await group.send_text_message("-100:42", "Hoe oud ben je?")
    group.drop_held()
    private = TelegramOutput(bot, RetryingSender("t", lambda exc: False))
    await private.send_text_message("42", "hoi")
    assert [(c["chat_id"], c["text"]) for c in bot.calls] == [("42", "hoi")]
    assert "message_thread_id" not in bot.calls[0] and "reply_parameters" not in bot.calls[0]


@pytest.mark.parametrize("text, expected", [
    ("/start", {"text": "/start", "referral_code": None}),
    ("/start abc-DEF_1", {"text": '/start{"referral_code": "abc-DEF_1"}', "referral_code": "abc-DEF_1"}),
    ("/start@techconnect_bot x1", {"text": '/start{"referral_code": "x1"}', "referral_code": "x1"}),
    ("/start bad!code", {"text": "/start", "referral_code": None}),
    ("/start " + "a" * 65, {"text": "/start", "referral_code": None}),
    ("/startx", None),
    ("start", None),
])
def test_start_deep_links(text, expected):
    assert start_message(text) == expected


# --- whatsapp ----------------------------------------------------------------------------------------------
def test_whatsapp_reply_buttons_list_and_numbered_fallback():
    _, msg = interactive_for("Kies", [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}])
    assert msg["interactive"]["type"] == "button"
    assert [b["reply"]["id"] for b in msg["interactive"]["action"]["buttons"]] == ["/affirm", "/deny"]

    four = [{"title": f"Optie {i}", "payload": f"/o{i}"} for i in range(4)]
    _, msg = interactive_for("Kies", four)
    assert msg["interactive"]["type"] == "list" and len(msg["interactive"]["action"]["sections"][0]["rows"]) == 4

    long_title = [{"title": "Wat kan ik met mijn opleiding?", "payload": "/x"}]
    _, msg = interactive_for("Kies", long_title)
    row = msg["interactive"]["action"]["sections"][0]["rows"][0]
    assert len(row["title"]) <= 24 and row["description"] == "Wat kan ik met mijn opleiding?"

    eleven = [{"title": f"Optie {i}", "payload": f"/o{i}"} for i in range(11)]
    _, msg = interactive_for("Kies", eleven)
    assert msg["type"] == "text" and "\n11. Optie 10" in msg["text"]["body"]


def test_whatsapp_long_body_goes_first_as_text():
    lead, msg = interactive_for("x" * 1500, [{"title": "Ja", "payload": "/affirm"}])
    assert lead == "x" * 1500 and len(msg["interactive"]["body"]["text"]) <= 1024


def test_shorten_cuts_at_a_word():
    assert shorten("Wat kan ik met mijn opleiding?", 24) == "Wat kan ik met mijn…"
    assert shorten("kort", 24) == "kort"


def test_signature_check():
    body = b'{"a":1}'
    good = "sha256=" + hmac.new(b"secret", body, hashlib.sha256).hexdigest()
    assert signature_ok("secret", body, good)
    assert not signature_ok("secret", body + b" ", good)
    assert not signature_ok("secret", body, "")
    assert not signature_ok("other", body, good)


# --- delivery ----------------------------------------------------------------------------------------------
async def test_retrying_sender_keeps_order_and_delivers_after_an_outage():
    delivered, down = [], {"on": True}

    def call(text):
        async def send():
            if down["on"]:
                raise ConnectionRefusedError("api down")
            delivered.append(text)
        return send

    sender = RetryingSender("test api", lambda e: isinstance(e, OSError), first_delay=0.05, max_delay=0.1)
    await sender.send("chat", call("one"))
    await sender.send("chat", call("two"))
    assert delivered == [] and sender.pending("chat") == 2
    down["on"] = False
    for _ in range(50):
        if not sender.pending():
            break
        await asyncio.sleep(0.05)
    assert delivered == ["one", "two"]
    await sender.send("chat", call("three"))
    assert delivered == ["one", "two", "three"]


async def test_retrying_sender_drops_refused_messages():
    async def refused():
        raise ValueError("400 bad request")

    sender = RetryingSender("test api", lambda e: isinstance(e, OSError))
    await sender.send("chat", refused)
    assert sender.pending() == 0


# --- web history and clarify -------------------------------------------------------------------------------
def test_web_history_shows_taps_as_titles_and_hides_payloads():
    tracker = tracker_with(UserUttered("/start"), bot("Hoi!", ("Banen", "/list_job_profiles")),
                           UserUttered("/list_job_profiles", metadata={"shown_text": "Banen"}),
                           bot("Er zijn 10 banen."), UserUttered("wat kost dat?"))
    entries = history_entries(tracker)
    assert [(e["from"], e["text"]) for e in entries] == [
        ("bot", "Hoi!"), ("user", "Banen"), ("bot", "Er zijn 10 banen."), ("user", "wat kost dat?")]
    assert entries[0]["buttons"] == [{"title": "Banen", "payload": "/list_job_profiles"}]


def test_clarify_offers_the_two_likeliest_real_topics_with_entities():
    ranking = [{"name": "nlu_fallback", "confidence": 0.9}, {"name": "affirm", "confidence": 0.3},
               {"name": "find_courses", "confidence": 0.25}, {"name": "ask_costs", "confidence": 0.2},
               {"name": "ask_salary", "confidence": 0.1}]
    assert likely_topics(ranking) == ["find_courses", "ask_costs"]
    buttons = clarify_buttons(ranking, [{"entity": "location", "value": "zaandam"}], "nl")
    assert [b["title"] for b in buttons] == ["Een cursus zoeken", "Wat kost het?", "Iets anders"]
    assert json.loads(buttons[0]["payload"][len("/find_courses"):]) == {"location": "zaandam"}
    again = clarify_buttons(ranking, [], "en", offer_human=True)
    assert [b["title"] for b in again] == ["Find a course", "What does it cost?", "Talk to a person", "Something else"]
    assert clarify_buttons([{"name": "greet", "confidence": 0.2}], [], "nl") is None
