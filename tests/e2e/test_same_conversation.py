"""The same conversation on Telegram, WhatsApp and the web chat (its JSON API; the page itself is tested in
Chromium): typed text, native button taps, a language switch. Every channel must give the same answers."""
import hashlib
import hmac
import itertools
import json
import re
import time
import uuid

import pytest
import requests

from tests.e2e.conftest import TELEGRAM_SECRET, WHATSAPP_PHONE_ID, WHATSAPP_SECRET
from tests.fakes import wait_for

pytestmark = pytest.mark.e2e
_ids = itertools.count(int(time.time()) % 100_000 * 1000 + 500_000)

SCRIPT = [
    ("say", "hoi", "TechConnect Guide"),
    ("tap", "Welke banen zijn er?", "Data-analist"),
    ("say", "wat doet een data analist?", "Data-analist"),
    ("tap", "Wat verdien je?", "€"),
    ("say", "can we talk in english?", "English"),
    ("say", "what does a tester do?", "test"),
    ("tap", "What does it pay?", "€"),
]


def settle(get, before, quiet=1.5, timeout=40):
    """Wait for the answer to arrive and for the channel to stay quiet (a turn may send several messages)."""
    wait_for(lambda: len(get()) > before, timeout)
    count, still_since = len(get()), time.monotonic()
    while time.monotonic() - still_since < quiet:
        time.sleep(0.2)
        if len(get()) != count:
            count, still_since = len(get()), time.monotonic()
    return get()[before:]


class Telegram:
    def __init__(self, stack, fake):
        self.stack, self.fake, self.chat = stack, fake, 8_000_000 + next(_ids)
        self.last = []

    def _post(self, update):
        reply = requests.post(f"{self.stack.rasa_url}/webhooks/telegram/webhook", json=update, timeout=10,
                              headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
        assert reply.status_code == 200

    def turn(self, update):
        before = len(self.fake.sent_to(self.chat))
        self._post(update)
        self.last = settle(lambda: self.fake.sent_to(self.chat), before)
        return [m["text"] for m in self.last]

    def say(self, text):
        return self.turn({"update_id": next(_ids), "message": {
            "message_id": next(_ids), "date": int(time.time()), "text": text,
            "chat": {"id": self.chat, "type": "private"},
            "from": {"id": self.chat, "is_bot": False, "first_name": "A", "language_code": "nl"}}})

    def tap(self, title):
        for message in self.last:
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                if row[0]["text"] == title:
                    return self.turn({"update_id": next(_ids), "callback_query": {
                        "id": str(next(_ids)), "chat_instance": "c", "data": row[0]["callback_data"],
                        "from": {"id": self.chat, "is_bot": False, "first_name": "A"},
                        "message": {"message_id": 1, "date": 0, "chat": {"id": self.chat, "type": "private"}}}})
        raise AssertionError(f"no button {title!r} in {self.last}")


class WhatsApp:
    def __init__(self, stack, fake):
        self.stack, self.fake, self.sender = stack, fake, f"3162{next(_ids):07d}"
        self.last = []

    @staticmethod
    def text_of(message):
        return message["text"]["body"] if message["type"] == "text" else message["interactive"]["body"]["text"]

    def turn(self, message):
        payload = {"entry": [{"changes": [{"value": {"metadata": {"phone_number_id": WHATSAPP_PHONE_ID},
                                                     "messages": [message]}}]}]}
        body = json.dumps(payload).encode()
        signature = "sha256=" + hmac.new(WHATSAPP_SECRET.encode(), body, hashlib.sha256).hexdigest()
        before = len(self.fake.sent_to(self.sender))
        reply = requests.post(f"{self.stack.rasa_url}/webhooks/whatsapp/webhook", data=body, timeout=10,
                              headers={"X-Hub-Signature-256": signature})
        assert reply.status_code == 200
        self.last = settle(lambda: self.fake.sent_to(self.sender), before)
        return [self.text_of(m) for m in self.last if self.text_of(m) != "👇"]

    def say(self, text):
        return self.turn({"from": self.sender, "id": f"wamid.{next(_ids)}", "type": "text", "text": {"body": text}})

    def tap(self, title):
        for message in self.last:
            interactive = message.get("interactive") or {}
            options = [b["reply"] for b in interactive.get("action", {}).get("buttons", [])]
            options += [r for s in interactive.get("action", {}).get("sections", []) for r in s["rows"]]
            for option in options:
                if title in (option["title"], option.get("description")):
                    kind = "button_reply" if interactive["type"] == "button" else "list_reply"
                    return self.turn({"from": self.sender, "id": f"wamid.{next(_ids)}", "type": "interactive",
                                      "interactive": {"type": kind, kind: {"id": option["id"],
                                                                           "title": option["title"]}}})
        raise AssertionError(f"no option {title!r} in {self.last}")


class Web:
    def __init__(self, stack):
        self.stack, self.sender, self.last = stack, uuid.uuid4().hex, []

    def turn(self, body):
        reply = requests.post(f"{self.stack.rasa_url}/webhooks/web/webhook", json={"sender": self.sender, **body},
                              timeout=30)
        assert reply.status_code == 200
        self.last = reply.json()
        return [m["text"] for m in self.last]

    def say(self, text):
        return self.turn({"message": text})

    def tap(self, title):
        for message in self.last:
            for button in message.get("buttons", []):
                if button["title"] == title:
                    return self.turn({"payload": button["payload"], "title": title})
        raise AssertionError(f"no button {title!r} in {self.last}")


def normalise(texts):
    return re.sub(r"\s+", " ", " ".join(texts)).strip()


def test_the_same_conversation_on_every_channel(stack, fake_telegram, fake_graph):
    channels = {"telegram": Telegram(stack, fake_telegram), "whatsapp": WhatsApp(stack, fake_graph),
                "web": Web(stack)}
    for kind, text, expected in SCRIPT:
        answers = {name: normalise(getattr(channel, kind)(text)) for name, channel in channels.items()}
        for name, answer in answers.items():
            assert expected in answer, (name, text, answer)
        assert answers["telegram"] == answers["whatsapp"] == answers["web"], (text, answers)
