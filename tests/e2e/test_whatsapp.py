"""WhatsApp channel end to end: signed webhooks posted over HTTP to the real Rasa server, answers read from a
local fake Graph API (tests/fakes.py)."""
import hashlib
import hmac
import itertools
import json
import time
from pathlib import Path

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


# --- real payloads (tests/fixtures/whatsapp, pywa's webhook test data) ------------------------------------------
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "whatsapp"
PAYLOADS = {f"{path.stem}:{key}": payload for path in sorted(FIXTURES.glob("*.json"))
            for key, payload in json.loads(path.read_text()).items()}
PYWA_SENDERS = ("972987654321", "16505551234", "<WHATSAPP_USER_PHONE_NUMBER>")
PYWA_USER_ID = "US.13491208655302741918"
ANSWERED = {"message:text": "", "message:reply": "", "message:referral": "", "message:forwarded": "",
            "message:video": "", "message:document": "", "callback_selection:callback": "",
            "callback_button:quick_reply": "", "message:image": "alleen tekst", "message:voice": "alleen tekst",
            "message:static_sticker": "alleen tekst", "message:current_location": "alleen tekst",
            "message:unsupported_with_type": "alleen tekst", "message:order": "alleen tekst"}
SILENT = sorted(set(PAYLOADS) - set(ANSWERED) - {"message:audio", "message:animated_sticker",
                                                  "message:media_with_url", "message:chosen_location",
                                                  "message:contacts", "message:unsupported",
                                                  "message:forwarded_many_times", "callback_button:button",
                                                  "callback_button:quick_reply_without_context",
                                                  "callback_selection:description"})


def from_fixture(name, phone_number_id=WHATSAPP_PHONE_ID, sender=None, user_id=None, hide_number=False):
    """A pywa payload sent to ``phone_number_id`` by a new person (new number and user id, new message ids).
    Returns (payload, number, user id)."""
    sender, user_id = sender or wa_id(), user_id or f"NL.{next(_ids)}"
    text = json.dumps(PAYLOADS[name])
    for old in PYWA_SENDERS:
        text = text.replace(f'"{old}"', f'"{sender}"')
    payload = json.loads(text.replace(f'"{PYWA_USER_ID}"', f'"{user_id}"'))
    for entry in payload.get("entry", []):
        for change in entry.get("changes", []):
            value = change.get("value", {})
            if "metadata" in value:
                value["metadata"]["phone_number_id"] = phone_number_id
            for message in value.get("messages", []):
                message["id"] = f"wamid.in.{next(_ids)}"
                if hide_number:
                    message.pop("from", None)
                    message["from_user_id"] = user_id
            for contact in value.get("contacts", []) if hide_number else []:
                contact.pop("wa_id", None)
    return payload, sender, user_id


def body_of(payload):
    return payload["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"]


@pytest.fixture(scope="module")
def silent_payloads(stack, fake_graph):
    """Every payload that needs no answer, posted at once, then one that does (so we know the server worked
    through them). Returns {name: (HTTP status, number, user id)}."""
    results = {}
    for name in SILENT:
        payload, sender, user_id = from_fixture(name)
        results[name] = (post(stack, payload).status_code, sender, user_id)
    for name in ANSWERED:  # the same messages sent to another phone number of the app
        payload, sender, user_id = from_fixture(name, phone_number_id="5550001111")
        results[f"other_number:{name}"] = (post(stack, payload).status_code, sender, user_id)
    control, sender, _ = from_fixture("message:text")
    post(stack, control)
    replies(fake_graph, sender)
    time.sleep(2)
    return results


@pytest.mark.parametrize("name", SILENT + [f"other_number:{n}" for n in ANSWERED])
def test_payloads_that_need_no_answer_get_200_and_silence(silent_payloads, fake_graph, name):
    status, sender, user_id = silent_payloads[name]
    assert status == 200
    assert fake_graph.sent_to(sender) == [] and fake_graph.sent_to(user_id) == []


@pytest.mark.parametrize("name", sorted(ANSWERED))
def test_messages_from_people_are_answered(stack, fake_graph, name):
    payload, sender, user_id = from_fixture(name)
    assert post(stack, payload).status_code == 200
    sent = replies(fake_graph, sender)
    assert ANSWERED[name] in "\n".join(text_of(m) for m in sent if m["type"] in ("text", "interactive"))
    assert fake_graph.sent_to(user_id) == []  # to the number, which is shown, not to the user id
    assert all(m.get("to") == sender and "recipient" not in m for m in sent)


@pytest.mark.parametrize("name", ["message:text", "message:image", "callback_selection:callback"])
def test_a_hidden_number_is_answered_at_the_user_id(stack, fake_graph, name):
    payload, sender, user_id = from_fixture(name, hide_number=True)
    assert post(stack, payload).status_code == 200
    sent = replies(fake_graph, user_id)
    assert all(m["recipient"] == user_id and "to" not in m for m in sent)
    assert fake_graph.calls_to(lambda c: c.get("to") == sender) == []


def test_one_person_keeps_one_conversation_when_the_number_is_hidden_later(stack, fake_graph):
    first, sender, user_id = from_fixture("message:text")
    assert post(stack, first).status_code == 200
    replies(fake_graph, sender)
    time.sleep(1)
    later, _, _ = from_fixture("message:reply", sender=sender, user_id=user_id, hide_number=True)
    assert post(stack, later).status_code == 200
    wait_for(lambda: fake_graph.calls_to(lambda c: c.get("recipient") == user_id))
    events = requests.get(f"{stack.rasa_url}/conversations/{sender}/tracker", timeout=10).json()["events"]
    said = [e["text"] for e in events if e["event"] == "user"]
    assert said == [body_of(first), body_of(later)]
    hidden = requests.get(f"{stack.rasa_url}/conversations/{user_id}/tracker", timeout=10).json()["events"]
    assert [e for e in hidden if e["event"] == "user"] == []  # no second conversation under the user id
