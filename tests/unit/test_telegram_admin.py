"""`techconnect telegram set-webhook|poll` against the local fake Bot API over real HTTP."""
import json
import time

import pytest

from bot.rasa_ext.channels.telegram_admin import poll, set_webhook
from tests.fakes import FakeTelegram, _FakeApi

TOKEN = "42:admin-test"


class Receiver(_FakeApi):
    def handle(self, path, headers, raw):
        self.record({"path": path, "secret": headers.get("X-Telegram-Bot-Api-Secret-Token"),
                     "update": json.loads(raw)})
        return 200, {"status": "ok"}


@pytest.fixture
def telegram(monkeypatch):
    fake = FakeTelegram(TOKEN).start()
    monkeypatch.setenv("TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_SECRET_TOKEN", "s3cret")
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", fake.url)
    yield fake
    fake.stop()


async def test_set_webhook_sends_the_secret_token(telegram):
    url = await set_webhook("https://bot.example.org/")
    assert url == "https://bot.example.org/webhooks/telegram/webhook"
    call = telegram.calls_to(lambda c: c["method"] == "setWebhook")[0]
    assert call["url"] == url and call["secret_token"] == "s3cret"


async def test_poll_forwards_updates_to_the_local_webhook_with_the_secret(telegram):
    receiver = Receiver().start()
    telegram.updates.append({"update_id": 5, "message": {
        "message_id": 1, "date": int(time.time()), "text": "hoi", "chat": {"id": 9, "type": "private"},
        "from": {"id": 9, "is_bot": False, "first_name": "Sam"}}})
    try:
        forwarded = await poll(f"{receiver.url}/webhooks/telegram/webhook", rounds=1, timeout=0)
    finally:
        receiver.stop()
    assert forwarded == 1
    assert receiver.calls[0]["secret"] == "s3cret"
    assert receiver.calls[0]["update"]["message"]["text"] == "hoi"
    assert telegram.calls_to(lambda c: c["method"] == "deleteWebhook")


def test_missing_settings_are_explained(monkeypatch):
    monkeypatch.delenv("TELEGRAM_TOKEN", raising=False)
    with pytest.raises(SystemExit, match="TELEGRAM_TOKEN"):
        import asyncio
        asyncio.run(set_webhook("https://x"))
