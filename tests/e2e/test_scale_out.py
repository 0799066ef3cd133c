"""Scale-out on real engines: two Rasa servers sharing a PostgreSQL tracker store and a Redis lock store,
one action server, nginx in front (deploy/). A conversation alternates between the servers and stays
coherent; one server is killed mid-conversation and the conversation goes on through nginx on the other,
with no lost turn."""
import os
import time

import pytest
import requests

from tests.conftest import POSTGRES_URL
from tests.e2e.conftest import TELEGRAM_SECRET, TELEGRAM_TOKEN, trained_model
from tests.e2e.helpers import new_user, texts
from tests.e2e.test_telegram import chat_id, text_update
from tests.fakes import FakeTelegram, wait_for
from tools.cluster import running_cluster

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not POSTGRES_URL:
        if os.environ.get("CI"):
            pytest.fail("TEST_POSTGRES_URL is not set in CI: the scale-out test must run")
        pytest.skip("PostgreSQL not configured (set TEST_POSTGRES_URL)")
    from bot.core.catalog.importer import import_catalog
    from bot.core.db.migrate import upgrade
    from bot.core.db.session import get_engine
    from tools.cluster import ensure_database

    catalog = ensure_database(POSTGRES_URL, "techconnect_cluster_test")
    upgrade(catalog)
    import_catalog(engine=get_engine(catalog))
    telegram = FakeTelegram(TELEGRAM_TOKEN).start()
    env = {"DATABASE_URL": catalog, "TELEGRAM_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
           "TELEGRAM_API_BASE_URL": telegram.url}
    try:
        with running_cluster(trained_model(), POSTGRES_URL, rasa_servers=2, action_servers=1, env=env,
                             workdir=tmp_path_factory.mktemp("cluster")) as c:
            c.telegram = telegram
            yield c
    finally:
        telegram.stop()


def say(url, sender, text):
    reply = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60)
    reply.raise_for_status()
    return texts(reply.json())


def user_turns(cluster, url, sender):
    tracker = requests.get(f"{url}/conversations/{sender}/tracker", params={"token": cluster.token},
                           timeout=30).json()
    return [e["text"] for e in tracker["events"] if e["event"] == "user"]


def test_a_conversation_alternating_between_servers_stays_coherent(cluster):
    a, b = cluster.rasa_urls
    sender = new_user()
    assert "Data" in say(a, sender, "what does a data analyst do?")
    pay = say(b, sender, "and how much can i earn?")  # server B knows the profile and the language from server A
    assert "€" in pay and "data analyst" in pay.lower()
    route = say(a, sender, "i have mbo 4")
    assert "mbo" in route.lower() and "data" in route.lower()
    assert user_turns(cluster, b, sender) == ["what does a data analyst do?", "and how much can i earn?",
                                              "i have mbo 4"]


def test_a_redelivered_update_is_answered_once_across_servers(cluster):
    chat = chat_id()
    update = text_update(chat, "hoi")
    headers = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    statuses = [requests.post(f"{url}/webhooks/telegram/webhook", json=update, headers=headers, timeout=30).json()
                ["status"] for url in cluster.rasa_urls]
    assert statuses == ["ok", "duplicate"]  # server B learns from Redis that server A took it
    wait_for(lambda: len(cluster.telegram.sent_to(chat)) >= 2)
    time.sleep(2)
    texts_sent = [m["text"] for m in cluster.telegram.sent_to(chat)]
    assert sum("TechConnect Guide" in t for t in texts_sent) == 1


def test_killing_a_server_mid_conversation_loses_no_turn(cluster):
    lb = cluster.balancer_url
    sender = new_user()
    sent = ["hoi", "wat doet een tester?", "wat verdien je daarmee?"]
    for text in sent:
        assert say(lb, sender, text)
    cluster.kill("rasa0")
    more = ["ik heb havo", "zoek een cursus in amsterdam", "bedankt"]
    for text in more:
        assert say(lb, sender, text), text  # nginx skips the dead server; every turn is answered
    assert user_turns(cluster, cluster.rasa_urls[1], sender) == sent + more
    assert "tester" in say(lb, sender, "wat verdien je?").lower()
