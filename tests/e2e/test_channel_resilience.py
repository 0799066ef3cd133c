"""A second stack whose Telegram API is unreachable at start-up, with a low rate limit: the server starts,
other channels answer, Telegram answers arrive once the API is back, and floods get one friendly warning."""
import time

import pytest

from bot.cli.servers import free_port, running_stack
from tests.conftest import make_database
from tests.e2e.conftest import TELEGRAM_SECRET, TELEGRAM_TOKEN, trained_model
from tests.e2e.helpers import new_user, texts
from tests.e2e.test_telegram import chat_id, post, replies, text_update
from tests.fakes import FakeTelegram

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def offline_stack(tmp_path_factory):
    port = free_port()
    env = {"DATABASE_URL": make_database("sqlite", tmp_path_factory),
           "TELEGRAM_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
           "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{port}", "RATE_LIMIT_PER_MINUTE": "4"}
    with running_stack(trained_model(), env=env, workdir=tmp_path_factory.mktemp("offline")) as stack:
        yield stack, port


def test_unreachable_api_at_start_then_delivery_when_it_returns(offline_stack):
    stack, port = offline_stack
    assert "TechConnect" in texts(stack.send(new_user(), "hoi"))  # REST works while Telegram is down
    chat = chat_id()
    assert post(stack, text_update(chat, "hoi")).status_code == 200
    time.sleep(2)
    fake = FakeTelegram(TELEGRAM_TOKEN, port=port).start()
    try:
        sent = replies(fake, chat, timeout=60)
        assert "TechConnect Guide" in sent[0]["text"]
    finally:
        fake.stop()


def test_a_flood_gets_one_friendly_warning(offline_stack):
    stack, port = offline_stack
    fake = FakeTelegram(TELEGRAM_TOKEN, port=port).start()
    try:
        chat = chat_id()
        # seven greetings in a row (plain ones: "hoi 3" reads to the classifier like an answer with a number)
        for text in ("hoi", "hallo", "hey", "hallo daar", "goedemorgen", "hee", "hoi hoi"):
            assert post(stack, text_update(chat, text)).status_code == 200
        # 4 greetings + the first contact's privacy line + 1 warning. Turns of one conversation wait for each
        # other (Rasa's lock polls once a second), so the last greeting can come after the warning: wait for it.
        replies(fake, chat, at_least=6, timeout=60)
        time.sleep(3)  # and nothing more arrives
        sent = [m["text"] for m in fake.sent_to(chat)]
        assert sum("veel berichten" in s for s in sent) == 1
        assert sum("TechConnect Guide" in s for s in sent) == 4
    finally:
        fake.stop()
