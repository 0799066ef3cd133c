"""One real stack (action server + Rasa server with the trained model) per test session, with the Telegram and
WhatsApp channels switched on and pointed at local fake APIs (tests/fakes.py)."""
import pytest

from bot.cli import modelcache
from bot.cli.servers import running_stack
from tests.conftest import make_database
from tests.fakes import FakeGraph, FakeTelegram

TELEGRAM_TOKEN = "123456:test-token"
TELEGRAM_SECRET = "telegram-secret-for-tests"
WHATSAPP_TOKEN = "whatsapp-token-for-tests"
WHATSAPP_SECRET = "whatsapp-app-secret-for-tests"
WHATSAPP_VERIFY = "whatsapp-verify-for-tests"
WHATSAPP_PHONE_ID = "1098765"


def trained_model():
    model = modelcache.model_path()
    if not model.exists():
        pytest.fail(f"no trained model at {model}: run `make train` (make test does it first)")
    return model


@pytest.fixture(scope="session")
def fake_telegram():
    fake = FakeTelegram(TELEGRAM_TOKEN).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def fake_graph():
    fake = FakeGraph(WHATSAPP_TOKEN, WHATSAPP_PHONE_ID).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory, fake_telegram, fake_graph):
    db_url = make_database("sqlite", tmp_path_factory)
    env = {
        "DATABASE_URL": db_url,
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
        "TELEGRAM_API_BASE_URL": fake_telegram.url,
        "WHATSAPP_TOKEN": WHATSAPP_TOKEN, "WHATSAPP_APP_SECRET": WHATSAPP_SECRET,
        "WHATSAPP_VERIFY_TOKEN": WHATSAPP_VERIFY, "WHATSAPP_PHONE_NUMBER_ID": WHATSAPP_PHONE_ID,
        "WHATSAPP_API_BASE_URL": fake_graph.url,
        # the end-to-end tests send many messages from one address; the limits get their own tests
        "RATE_LIMIT_PER_MINUTE": "200",
    }
    # the HTTP API: the conversation suite reads each turn's actions and slots from the tracker
    with running_stack(trained_model(), env=env, enable_api=True, workdir=tmp_path_factory.mktemp("stack")) as s:
        s.database_url = db_url
        yield s
