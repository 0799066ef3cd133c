"""Which WhatsApp webhook messages get an answer, from whom, and where the answer goes.

Payloads: tests/fixtures/whatsapp, pywa's own webhook test data (see NOTICE there). Only the phone number id
is set to ours (and, where a test says so, the sender)."""
import copy
import json
from pathlib import Path

import pytest

from bot.rasa_ext.channels.whatsapp_updates import (
    CHOICE,
    IGNORE,
    TEXT,
    TEXT_ONLY,
    Identities,
    Incoming,
    classify,
    incoming_messages,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "whatsapp"
OURS = "1098765"
PHONE, USER_ID = "972987654321", "US.13491208655302741918"


def pywa_payloads():
    """(file:key, payload) for every webhook payload in pywa's test data."""
    for path in sorted(FIXTURES.glob("*.json")):
        for key, payload in json.loads(path.read_text()).items():
            yield f"{path.stem}:{key}", payload


PAYLOADS = dict(pywa_payloads())


def for_number(payload, phone_number_id=OURS):
    """The payload as if it was sent to ``phone_number_id``."""
    payload = copy.deepcopy(payload)
    for entry in payload.get("entry", []):
        for change in entry.get("changes", []):
            metadata = change.get("value", {}).get("metadata")
            if metadata is not None:
                metadata["phone_number_id"] = phone_number_id
    return payload


def hide_number(payload):
    """The payload of a user who hides their phone number: only the user id names them."""
    payload = copy.deepcopy(payload)
    value = payload["entry"][0]["changes"][0]["value"]
    for message in value["messages"]:
        message["from_user_id"] = message.pop("from") and USER_ID
    for contact in value["contacts"]:
        contact.pop("wa_id", None)
    return payload


def actions(payload):
    return [classify(m.message)[0] for m in incoming_messages(payload, OURS)]


ANSWERED = {"message:text": TEXT, "message:reply": TEXT, "message:forwarded": TEXT,
            "message:forwarded_many_times": TEXT, "message:referral": TEXT,
            "message:video": TEXT, "message:document": TEXT,  # their captions are read
            "callback_button:button": CHOICE, "callback_button:quick_reply": CHOICE,
            "callback_button:quick_reply_without_context": CHOICE, "callback_selection:callback": CHOICE,
            "callback_selection:description": CHOICE}
TEXT_ONLY_ANSWER = {"message:image", "message:media_with_url", "message:audio", "message:voice",
                    "message:static_sticker", "message:animated_sticker", "message:current_location",
                    "message:chosen_location", "message:contacts", "message:order", "message:unsupported",
                    "message:unsupported_with_type"}
# messages that need no answer: reactions, deletions, edits, system notices, flow and call replies
SILENT_MESSAGES = {"message:reaction", "message:unreaction_empty", "message:unreaction_no_emoji",
                   "message:interactive_message_with_err", "deleted_message:revoke", "edited_message:image",
                   "system:phone_number_change", "system:identity_change", "flow_completion:completion",
                   "flow_completion:without_flow_token", "call_permission_update:accept",
                   "call_permission_update:reject"}


def test_the_fixtures_hold_every_payload_of_pywa():
    assert len(PAYLOADS) == 74
    assert set(ANSWERED) | TEXT_ONLY_ANSWER | SILENT_MESSAGES <= set(PAYLOADS)


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_every_payload_gets_the_answer_a_person_expects(name):
    got = actions(for_number(PAYLOADS[name]))
    if name in ANSWERED:
        assert got == [ANSWERED[name]]
    elif name in TEXT_ONLY_ANSWER:
        assert got == [TEXT_ONLY]
    elif name in SILENT_MESSAGES:
        assert got == [IGNORE]
    else:  # statuses, echoes of our own messages, calls, template, account and preference updates
        assert got == []


@pytest.mark.parametrize("name", sorted(set(ANSWERED) | TEXT_ONLY_ANSWER))
def test_messages_to_another_number_of_the_app_are_not_ours(name):
    assert actions(for_number(PAYLOADS[name], "5550001111")) == []
    assert list(incoming_messages(for_number(PAYLOADS[name], "5550001111"), OURS)) == []


def test_captions_are_read_as_text():
    message = next(incoming_messages(for_number(PAYLOADS["message:video"]), OURS)).message
    assert classify(message) == (TEXT, message["video"]["caption"])


def test_sender_is_the_number_and_the_user_id():
    incoming = next(incoming_messages(for_number(PAYLOADS["message:text"]), OURS))
    assert (incoming.phone, incoming.user_id) == (PHONE, USER_ID)
    assert incoming.address == {"to": PHONE}


@pytest.mark.parametrize("name", ["message:text", "message:image", "callback_selection:callback"])
def test_a_hidden_number_is_answered_at_the_user_id(name):
    incoming = list(incoming_messages(hide_number(for_number(PAYLOADS[name])), OURS))
    assert [(i.phone, i.user_id) for i in incoming] == [(None, USER_ID)]
    assert incoming[0].address == {"recipient": USER_ID}


def test_older_payloads_without_a_user_id_and_junk():
    payload = {"entry": [{"changes": [{"value": {"statuses": [{"id": "s"}],
                                                  "messages": [{"id": "m1", "from": "31", "type": "text"},
                                                               {"id": "m2"}, "junk"]}}, "junk"]}, 5]}
    assert [(m.message["id"], m.phone, m.user_id) for m in incoming_messages(payload)] == [("m1", "31", None)]
    with pytest.raises(ValueError):
        list(incoming_messages([1]))


async def test_one_person_keeps_one_conversation_across_number_and_user_id(engine):
    ids = Identities(engine)
    # first seen with both: the number names the conversation, later hidden: the same conversation
    assert await ids.conversation_for(Incoming({}, "31611", "US.1")) == "31611"
    assert await ids.conversation_for(Incoming({}, None, "US.1")) == "31611"
    # first seen hidden: the user id names it, and stays when the number shows up
    assert await ids.conversation_for(Incoming({}, None, "US.2")) == "US.2"
    assert await ids.conversation_for(Incoming({}, "31622", "US.2")) == "US.2"
    # older payloads carry no user id: the number
    assert await ids.conversation_for(Incoming({}, "31633", None)) == "31633"
    # another server process (an empty cache) finds the same in the database
    assert await Identities(engine).conversation_for(Incoming({}, None, "US.1")) == "31611"


async def test_without_a_database_the_message_is_still_answered():
    class Broken:
        def connect(self, *args, **kwargs):
            raise OSError("database down")

    ids = Identities(engine=Broken())
    assert await ids.conversation_for(Incoming({}, "31644", "US.4")) == "31644"
    assert await ids.conversation_for(Incoming({}, None, "US.5")) == "US.5"


@pytest.mark.parametrize("message, action", [
    ({"type": "text", "text": "not an object"}, TEXT),
    ({"type": "image", "image": "not an object"}, TEXT_ONLY),
    ({"type": "interactive", "interactive": 5}, IGNORE),
    ({"type": "button", "button": [1]}, CHOICE),
    ({"type": "hologram"}, IGNORE),
    ({}, IGNORE),
])
def test_broken_message_parts_never_raise(message, action):
    assert classify(message)[0] == action


def test_broken_contacts_and_metadata_never_raise():
    value = {"metadata": "x", "contacts": 5, "messages": [{"id": "m", "from": "31"}]}
    payload = {"entry": [{"changes": [{"value": value}]}]}
    assert [m.phone for m in incoming_messages(payload)] == ["31"]
    assert list(incoming_messages(payload, OURS)) == []  # no metadata: not shown to be for our number
