"""WhatsApp channel end to end: signed webhooks posted over HTTP to the real Rasa server, answers read from a
local fake Graph API (tests/fakes.py)."""
import hashlib
import hmac
import itertools
import json
import time

import pytest
import requests

from tests.e2e.conftest import WHATSAPP_PHONE_ID, WHATSAPP_SECRET, WHATSAPP_VERIFY
from tests.fakes import wait_for

pytestmark = pytest.mark.e2e
_ids = itertools.count(int(time.time()) % 100_000 * 1000)


def wa_id():
    return f"3161{next(_ids):07d}"


def envelope(messages=None, statuses=None):
    value = {"messaging_product": "whatsapp", "metadata": {"display_phone_number": "31200000000",
                                                           "phone_number_id": WHATSAPP_PHONE_ID}}
    if messages is not None:
        value["messages"] = messages
        value["contacts"] = [{"profile": {"name": "Sam"}, "wa_id": m["from"]} for m in messages]
    if statuses is not None:
        value["statuses"] = statuses
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "0", "changes": [{"field": "messages", "value": value}]}]}


def text_message(sender, text, message_id=None):
    return {"from": sender, "id": message_id or f"wamid.in.{next(_ids)}", "timestamp": str(int(time.time())),
            "type": "text", "text": {"body": text}}


def post(stack, payload, secret=WHATSAPP_SECRET, raw=None):
    body = raw if raw is not None else json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Hub-Signature-256"] = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return requests.post(f"{stack.rasa_url}/webhooks/whatsapp/webhook", data=body, headers=headers, timeout=10)


def replies(fake, sender, at_least=1, timeout=30):
    return wait_for(lambda: (lambda sent: sent if len(sent) >= at_least else None)(fake.sent_to(sender)), timeout)


def interactive(messages):
    return next(m for m in messages if m["type"] == "interactive")


def text_of(message):
    if message["type"] == "text":
        return message["text"]["body"]
    return message["interactive"]["body"]["text"]


def test_webhook_verification(stack):
    url = f"{stack.rasa_url}/webhooks/whatsapp/webhook"
    ok = requests.get(url, params={"hub.mode": "subscribe", "hub.verify_token": WHATSAPP_VERIFY,
                                   "hub.challenge": "1158201444"}, timeout=10)
    assert ok.status_code == 200 and ok.text == "1158201444"
    bad = requests.get(url, params={"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1"},
                       timeout=10)
    assert bad.status_code == 403


def test_unsigned_or_forged_posts_are_refused(stack):
    payload = envelope([text_message(wa_id(), "hoi")])
    assert post(stack, payload, secret=None).status_code == 403
    assert post(stack, payload, secret="not-the-app-secret").status_code == 403
    signed = json.dumps(payload).encode()
    tampered = signed.replace(b"hoi", b"hai")
    headers = {"X-Hub-Signature-256": "sha256=" + hmac.new(WHATSAPP_SECRET.encode(), signed, hashlib.sha256)
               .hexdigest()}
    assert requests.post(f"{stack.rasa_url}/webhooks/whatsapp/webhook", data=tampered, headers=headers,
                         timeout=10).status_code == 403


def test_signed_but_broken_json_gets_400(stack):
    assert post(stack, None, raw=b"{broken").status_code == 400
    assert post(stack, None, raw=b'"just a string"').status_code == 400


def test_greeting_buttons_become_an_interactive_list(stack, fake_graph):
    sender = wa_id()
    assert post(stack, envelope([text_message(sender, "hoi")])).status_code == 200
    message = interactive(replies(fake_graph, sender, at_least=2))
    assert message["type"] == "interactive" and message["interactive"]["type"] == "list"
    rows = message["interactive"]["action"]["sections"][0]["rows"]
    assert all(len(r["title"]) <= 24 for r in rows)
    assert rows[1]["description"] == "Wat kan ik met mijn opleiding?"  # shortened title, full text below it
    assert len(message["interactive"]["action"]["button"]) <= 20


def test_a_list_choice_is_handled_as_its_payload(stack, fake_graph):
    sender = wa_id()
    post(stack, envelope([text_message(sender, "hoi")]))
    rows = interactive(replies(fake_graph, sender, at_least=2))["interactive"]["action"]["sections"][0]["rows"]
    before = len(fake_graph.sent_to(sender))
    choice = {"from": sender, "id": f"wamid.in.{next(_ids)}", "timestamp": str(int(time.time())),
              "type": "interactive", "interactive": {"type": "list_reply", "list_reply": rows[0]}}
    assert post(stack, envelope([choice])).status_code == 200
    answer = replies(fake_graph, sender, at_least=before + 1)
    assert "Data-analist" in "\n".join(text_of(m) for m in answer[before:])


def test_a_number_answers_the_last_options(stack, fake_graph):
    sender = wa_id()
    post(stack, envelope([text_message(sender, "hoi")]))
    replies(fake_graph, sender)
    time.sleep(1)
    before = len(fake_graph.sent_to(sender))
    post(stack, envelope([text_message(sender, "2")]))  # 2 = "Wat kan ik met mijn opleiding?"
    answer = replies(fake_graph, sender, at_least=before + 1)
    assert "opleiding" in "\n".join(text_of(m) for m in answer[before:]).lower()


def test_short_titles_become_reply_buttons(stack, fake_graph):
    sender = wa_id()
    post(stack, envelope([text_message(sender, "wat doet een data analist?")]))
    sent = replies(fake_graph, sender)
    time.sleep(1)
    sent = fake_graph.sent_to(sender)
    buttons = [m for m in sent if m["type"] == "interactive" and m["interactive"]["type"] == "button"]
    assert buttons, sent
    for b in buttons[-1]["interactive"]["action"]["buttons"]:
        assert len(b["reply"]["title"]) <= 20 and len(b["reply"]["id"]) <= 256


def test_statuses_are_ignored_and_duplicates_answered_once(stack, fake_graph):
    sender = wa_id()
    status = {"id": "wamid.out.1", "status": "delivered", "timestamp": str(int(time.time())), "recipient_id": sender}
    assert post(stack, envelope(statuses=[status])).status_code == 200
    message = text_message(sender, "hallo")
    assert post(stack, envelope([message])).status_code == 200
    replies(fake_graph, sender)
    time.sleep(1.5)
    count = len(fake_graph.sent_to(sender))
    assert post(stack, envelope([message])).status_code == 200
    time.sleep(2)
    assert len(fake_graph.sent_to(sender)) == count


def test_images_and_voice_get_a_friendly_text_only_answer(stack, fake_graph):
    sender = wa_id()
    image = {"from": sender, "id": f"wamid.in.{next(_ids)}", "timestamp": str(int(time.time())), "type": "image",
             "image": {"id": "media-1", "mime_type": "image/jpeg", "sha256": "x"}}
    assert post(stack, envelope([image])).status_code == 200
    assert "alleen tekst" in text_of(replies(fake_graph, sender)[0])
