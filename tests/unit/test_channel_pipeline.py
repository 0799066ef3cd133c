"""The guard -> refusal -> turn sequence every channel shares (bot/rasa_ext/channels/base.guarded_turn), and the
replies and status codes each channel gives with it, without a running server."""
import json
from types import SimpleNamespace

from rasa.core.channels.channel import CollectingOutputChannel

from bot.core.texts import t
from bot.rasa_ext.channels.base import RetryingSender, conversation_language, guarded_turn, stored_language
from bot.rasa_ext.channels.guard import MessageGuard
from bot.rasa_ext.channels.rest import SafeRestInput
from bot.rasa_ext.channels.telegram import TelegramInput, TelegramOutput
from bot.rasa_ext.channels.telegram_updates import TURN, Plan
from bot.rasa_ext.channels.whatsapp import WhatsAppInput
from bot.rasa_ext.channels.whatsapp_updates import Incoming


def guard(per_minute=2):
    return MessageGuard(max_chars=20, per_minute=per_minute, redis_url="")


class Stored:
    """app.ctx.agent.tracker_store with one conversation whose language slot is ``language``; counts reads."""

    def __init__(self, language=None):
        self.reads = 0
        self.tracker = SimpleNamespace(get_slot=lambda name: language if name == "language" else None,
                                       events=[])
        self.app = SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(tracker_store=self)))

    async def retrieve(self, sender_id):
        self.reads += 1
        return self.tracker


class Turns:
    """on_new_message: records the text and answers "ok"."""

    def __init__(self):
        self.texts = []

    async def __call__(self, message):
        self.texts.append(message.text)
        await message.output_channel.send_text_message(message.sender_id, "ok")


async def test_the_conversation_language_comes_from_the_slot_then_the_hint_then_dutch():
    assert conversation_language(Stored("en").tracker, "nl") == "en"
    assert conversation_language(Stored("EN").tracker, "nl-BE") == "nl"  # only a stored nl/en slot counts
    assert conversation_language(Stored(None).tracker, "EN") == "en"
    assert conversation_language(None, "tr") == conversation_language(None) == "nl"
    stored = Stored("en")
    assert await stored_language(stored.app, "s", "nl") == "en" and stored.reads == 1


async def test_a_clean_message_goes_to_the_turn_cleaned_and_reads_no_language():
    output, turns, asked = CollectingOutputChannel(), [], []

    async def language():
        asked.append(1)
        return "en"

    async def turn(text):
        turns.append(text)

    assert await guarded_turn(guard(), "s", "  /hoi\u200b ", output, language, turn) is None
    assert turns == ["hoi"] and output.messages == [] and asked == []


async def test_refusals_are_said_in_the_language_given_with_their_status():
    g, output, turns = guard(per_minute=2), CollectingOutputChannel(), []

    async def turn(text):
        turns.append(text)

    assert await guarded_turn(g, "s", "x" * 21, output, "en", turn) == 200  # too long
    assert await guarded_turn(g, "s", "hoi", output, "en", turn) is None
    assert await guarded_turn(g, "s", "nog een", output, "nl", turn) == 429  # the one flood warning

    async def dutch():
        return "nl"

    assert await guarded_turn(g, "s", "en nog een", output, dutch, turn) == 200  # then dropped silently
    assert turns == ["hoi"]
    assert [m["text"] for m in output.messages] == [t("too_long", "en"), t("slow_down", "nl")]


async def test_an_invisible_message_is_dropped_without_a_word():
    output = CollectingOutputChannel()

    async def turn(text):
        raise AssertionError("no turn for an empty message")

    assert await guarded_turn(guard(), "s", "\u200b/ ", output, "nl", turn) == 200
    assert output.messages == []


def handler(blueprint, uri="/webhook"):
    return next(r.handler for r in blueprint._future_routes if r.uri == uri and "POST" in r.methods)


def rest_request(app, body):
    return SimpleNamespace(body=json.dumps(body).encode(), app=app)


async def test_rest_answers_refusals_in_the_requests_language_and_turns_with_the_collected_answers():
    channel, stored, turns = SafeRestInput(), Stored(language="nl"), Turns()
    channel.guard = guard(per_minute=3)
    receive = handler(channel.blueprint(turns))
    too_long = await receive(rest_request(stored.app, {"sender": "a", "message": "x" * 21,
                                                       "metadata": {"language": "en"}}))
    assert too_long.status == 200
    assert json.loads(too_long.body) == [{"recipient_id": "a", "text": t("too_long", "en")}]
    plain = await receive(rest_request(stored.app, {"sender": "a", "message": "/start K7P2QX"}))
    assert json.loads(plain.body) == [{"recipient_id": "a", "text": "ok"}] and plain.status == 200
    assert turns.texts == ["/start K7P2QX"]  # a payload typed over REST goes through as it is
    await receive(rest_request(stored.app, {"sender": "a", "message": "start K7P2QX"}))
    assert turns.texts[-1] == '/start{"referral_code": "K7P2QX"}'
    flood = await receive(rest_request(stored.app, {"sender": "a", "message": "hoi"}))
    assert flood.status == 429 and json.loads(flood.body) == [{"recipient_id": "a", "text": t("slow_down", "nl")}]
    dropped = await receive(rest_request(stored.app, {"sender": "a", "message": "hoi"}))
    assert dropped.status == 200 and json.loads(dropped.body) == []
    assert stored.reads == 0  # a refusal reads no conversation


class RecordingBot:
    def __init__(self):
        self.texts = []

    async def send_message(self, **kwargs):
        self.texts.append(kwargs["text"])


async def test_telegram_refusals_use_the_conversations_language_and_turns_get_the_cleaned_text():
    channel = TelegramInput(token=None, secret=None)
    channel.guard = guard(per_minute=5)
    stored, turns, bot = Stored(language="en"), Turns(), RecordingBot()
    output = TelegramOutput(bot, RetryingSender("t", lambda exc: False))
    plan = Plan(TURN, chat_id=42, sender_id="42", text="x" * 21, language_code="nl")
    await channel._handle_text(plan, stored.app, output, turns)
    assert bot.texts == [t("too_long", "en")] and stored.reads == 1 and turns.texts == []
    await channel._handle_text(Plan(TURN, chat_id=42, sender_id="42", text=" hoi\u200b"), stored.app, output, turns)
    assert turns.texts == ["hoi"] and bot.texts[-1] == "ok"


async def test_whatsapp_refusals_and_numbered_choices():
    channel = WhatsAppInput(token="t", app_secret="s", verify_token="v", phone_number_id="1")
    channel.guard = guard(per_minute=5)
    sent = []

    async def send(address, message):
        sent.append(message["text"]["body"])

    channel.api = SimpleNamespace(send=send)
    stored, turns = Stored(language="en"), Turns()
    stored.tracker.events = []

    def incoming(body):
        return Incoming({"id": "m", "type": "text", "text": {"body": body}}, "31600000000", None)

    await channel.handle(incoming("x" * 21), stored.app, turns)
    assert sent == [t("too_long", "en")] and turns.texts == []
    await channel.handle(incoming("hoi daar"), stored.app, turns)
    assert turns.texts == ["hoi daar"] and sent[-1] == "ok"


async def test_web_chat_refusals_and_turns_carry_the_language():
    from bot.rasa_ext.channels.web import WebChatInput

    channel, stored, turns = WebChatInput(), Stored(language="en"), Turns()
    channel.guard = guard(per_minute=2)  # a start (like a tap) does not count
    webhook = handler(channel.blueprint(turns))
    sender = "s" * 16

    async def post(body):
        request = SimpleNamespace(body=json.dumps({"sender": sender, **body}).encode(), app=stored.app,
                                  remote_addr="127.0.0.1", ip="127.0.0.1")
        reply = await webhook(request)
        return reply.status, json.loads(reply.body)

    assert await post({"message": "x" * 21}) == (200, [{"text": t("too_long", "en"), "language": "en"}])
    assert await post({"message": "hoi"}) == (200, [{"text": "ok", "language": "en"}])
    assert await post({"start": True, "code": "k7p2qx"}) == (200, [{"text": "ok", "language": "en"}])
    assert turns.texts == ["hoi", '/start{"referral_code": "K7P2QX"}']
    assert await post({"message": "nog een", "language": "nl"}) == (
        429, [{"text": t("slow_down", "nl"), "language": "nl"}])
    assert await post({"message": "en nog een"}) == (200, [])


def route(blueprint, uri, method):
    return next(r.handler for r in blueprint._future_routes if r.uri == uri and method in r.methods)


async def test_messaging_channels_are_off_until_configured():
    for channel in (TelegramInput(token=None, secret=None),
                    WhatsAppInput(token=None, app_secret=None, verify_token=None, phone_number_id=None)):
        hook = channel.blueprint(Turns())
        assert hook.name == f"techconnect_{channel.name()}"
        assert json.loads((await route(hook, "/", "GET")(None)).body) == {"status": "off"}
        refused = await route(hook, "/webhook", "POST")(SimpleNamespace(body=b"{}", headers={}))
        assert refused.status == 404
        assert json.loads(refused.body) == {"error": f"{channel.name()} channel is not configured"}
    on = WhatsAppInput(token="t", app_secret="s", verify_token="v", phone_number_id="1")
    assert json.loads((await route(on.blueprint(Turns()), "/", "GET")(None)).body) == {"status": "ok"}
