"""Parents, counsellors, referrals with consent, the human handoff and privacy: logic, queries and actions."""
import asyncio
import uuid
from datetime import datetime, timedelta

import pytest
from rasa_sdk import Tracker
from sqlalchemy import create_engine, func, select, text

from actions.navigation import ActionStart
from actions.people import (
    ActionAnswerYesNo,
    ActionAudienceAnswer,
    ActionCallbackSubmit,
    ActionForgetMe,
    ActionHumanHandoff,
    ActionReferStudent,
    ActionRevokeConsent,
    ActionRoleNoted,
    ActionSummary,
    ValidateCallbackForm,
)
from bot.core.db.models import CallbackRequest, ReferralLink
from bot.core.db.session import session_scope
from bot.core.people import handoff, privacy, referrals
from bot.core.people.summary import choice_lines
from bot.rasa_ext.channels.guard import MessageGuard, typed_start


def sender() -> str:
    return f"user-{uuid.uuid4().hex[:10]}"


def tracker(sender_id, slots=None, intent="", text="", events=None):
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    return Tracker(sender_id, dict(slots or {}), latest, list(events or []), False, None, {}, "action_listen")


def asked(question):
    """The events of a bot turn that asked ``question``, followed by the user's answer."""
    return [{"event": "user", "text": "eerder"}, {"event": "slot", "name": "pending_question", "value": question},
            {"event": "action", "name": "action_listen"}, {"event": "user", "text": "ja"}]


def answer(sender_id, question, intent):
    """The user answers yes (affirm) or no (deny) right after the bot asked ``question``."""
    return tracker(sender_id, {"pending_question": question}, intent=intent, events=asked(question))


def responses(dispatcher):
    return [m["response"] for m in dispatcher.messages]


# --- pure logic ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw, expected", [
    ("06 12345678", "+31612345678"), ("+31 6 1234 5678", "+31612345678"), ("0031612345678", "+31612345678"),
    ("020-1234567", "+31201234567"), ("Mail: Sam@Example.org", "sam@example.org"),
    ("sam@example.org.", "sam@example.org"),
    ("hallo", None), ("0612", None), ("'; DROP TABLE callback_requests; --", None), ("", None)])
def test_contact_details_are_recognised_and_normalised(raw, expected):
    assert handoff.parse_contact(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("Sanne", "Sanne"), ("mijn naam is Ayoub El Idrissi", "Ayoub El Idrissi"), ("I'm Mary-Jane", "Mary-Jane"),
    ("Zoë", "Zoë"), ("06123", None), ("<script>", None), ("x", None), ("{name}", None)])
def test_names_are_recognised(raw, expected):
    assert handoff.parse_name(raw) == expected


def test_codes_are_short_readable_and_always_typeable():
    codes = {referrals.new_code() for _ in range(300)}
    assert len(codes) > 290
    for code in codes:
        assert len(code) == 6 and any(ch.isdigit() for ch in code) and not set(code) & set("01OIL")
        assert typed_start(f"start {code.lower()}") == '/start{"referral_code": "%s"}' % code


@pytest.mark.parametrize("typed", ["start quiz", "start", "begin K7P2QX", "start K7P2QX nu", "start KKPPQQ"])
def test_ordinary_messages_are_not_taken_for_a_code(typed):
    assert typed_start(typed) is None


def test_the_guard_turns_a_typed_code_into_a_start():
    verdict = asyncio.run(MessageGuard(per_minute=100, redis_url="").check("u", "Code: k7p2qx"))
    assert verdict.text == '/start{"referral_code": "K7P2QX"}'


def test_links_come_from_the_environment(monkeypatch):
    monkeypatch.delenv("TELEGRAM_BOT_USERNAME", raising=False)
    assert referrals.links_for("K7P2QX") == {"type": "start K7P2QX"}
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "@TechConnectBot")
    monkeypatch.setenv("WHATSAPP_DISPLAY_NUMBER", "+31 6 1234 5678")
    monkeypatch.setenv("WEB_CHAT_URL", "https://chat.example.org/webhooks/web/")
    links = referrals.links_for("K7P2QX")
    assert links["telegram"] == "https://t.me/TechConnectBot?start=K7P2QX"
    assert links["whatsapp"] == "https://wa.me/31612345678?text=start%20K7P2QX"
    assert links["web"] == "https://chat.example.org/webhooks/web/?start=K7P2QX"


def test_the_telegram_link_is_pythons_telegram_deep_link_and_only_for_a_possible_username(monkeypatch):
    from telegram.helpers import create_deep_linked_url

    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "techconnect_guide_bot")
    assert referrals.links_for("K7P2QX")["telegram"] == create_deep_linked_url("techconnect_guide_bot", "K7P2QX")
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "@abc")  # Telegram usernames have at least 5 characters
    assert "telegram" not in referrals.links_for("K7P2QX")


# --- referrals and consent ----------------------------------------------------------------------------------
def test_nothing_is_kept_for_the_counsellor_without_consent(engine):
    info = referrals.create_referral("Mevr. Jansen", "Zaanlands College", engine=engine)
    a, b = sender(), sender()
    assert referrals.link_student(info.code.lower(), a, engine=engine)
    assert referrals.link_student(info.code, b, engine=engine)
    assert not referrals.link_student("NOPE42", a, engine=engine)
    progress = {"job_profile": "data_analyst", "education_level": "mbo", "courses": ["c1"]}
    assert not referrals.record_progress(a, progress, engine=engine)
    referrals.set_consent(b, True, engine=engine)
    assert referrals.record_progress(b, progress, engine=engine)
    referrals.record_progress(b, {"job_profile": "tester", "courses": ["c2"]}, engine=engine)
    [only] = referrals.summaries_for_code(info.code, engine=engine)
    assert only.student == 2 and only.job_profile == "tester" and only.courses == ["c1", "c2"]
    assert referrals.student_counts(info.code, engine=engine) == {"arrived": 2, "consenting": 1}
    referrals.set_consent(b, False, engine=engine)
    assert referrals.summaries_for_code(info.code, engine=engine) == []
    with session_scope(engine) as s:
        assert s.execute(select(ReferralLink.progress).where(ReferralLink.sender_id == b)).scalar_one() is None


def test_summary_lines_name_the_choices(use_db):
    lines = choice_lines("data_analyst", "vmbo", "Zaandam", [], "nl")
    assert lines[0].startswith("- Baan: Data-analist (€")
    assert any(line.startswith("- Opleiding nu: ") for line in lines)
    assert any(line.startswith("- Eerste stap: ") for line in lines)
    assert "- Plaats: Zaandam" in lines
    assert choice_lines(None, None, None, [], "en") == []


# --- handoff ------------------------------------------------------------------------------------------------
def test_nearest_liaison_by_place(engine):
    assert handoff.nearest_liaison("Zaandam", "nl", engine=engine).id == "liaison_zaanstad"
    assert handoff.nearest_liaison("Lelystad", "en", engine=engine).id == "liaison_almere"
    fallback = handoff.nearest_liaison("Atlantis", "en", engine=engine)
    assert fallback is not None and fallback.distance_km is None and fallback.illustrative


def test_callbacks_are_listed_and_closed(engine):
    who = sender()
    rid = handoff.store_callback(who, "Sam", "+31612345678", "nl", "Zaandam", "liaison_zaanstad", engine=engine)
    assert rid in [c.id for c in handoff.list_callbacks(engine=engine)]
    assert handoff.close_callback(rid, engine=engine)
    assert not handoff.close_callback(rid, engine=engine)
    assert rid not in [c.id for c in handoff.list_callbacks(engine=engine)]
    [closed] = [c for c in handoff.list_callbacks(include_closed=True, engine=engine) if c.id == rid]
    assert (closed.name, closed.contact) == ("", "")  # erased after the contact, as the user was told


# --- privacy ------------------------------------------------------------------------------------------------
def test_forget_person_deletes_every_personal_row(engine):
    student, counsellor, other = sender(), sender(), sender()
    mine = referrals.create_referral(created_by_sender=counsellor, engine=engine)
    theirs = referrals.create_referral("X", engine=engine)
    referrals.link_student(theirs.code, student, engine=engine)
    referrals.link_student(mine.code, other, engine=engine)
    referrals.set_consent(student, True, engine=engine)
    handoff.store_callback(student, "Sam", "sam@example.org", "en", None, None, engine=engine)
    handoff.store_callback(other, "Kim", "kim@example.org", "en", None, None, engine=engine)
    assert privacy.personal_rows(student, engine=engine) == 2
    counts = privacy.forget_person(student, engine=engine)
    assert counts == {"callback_requests": 1, "referral_links": 1, "referrals": 0, "whatsapp_identities": 0}
    assert privacy.personal_rows(student, engine=engine) == 0
    assert privacy.personal_rows(other, engine=engine) == 2  # someone else's data stays
    privacy.forget_person(counsellor, engine=engine)  # a counsellor's codes go, with the links to them
    assert privacy.personal_rows(counsellor, engine=engine) == 0
    assert referrals.find_referral(mine.code, engine=engine) is None


def test_purge_deletes_only_what_is_older_than_the_retention(engine):
    old, new = sender(), sender()
    handoff.store_callback(old, "Old", "old@example.org", "nl", None, None, engine=engine)
    handoff.store_callback(new, "New", "new@example.org", "nl", None, None, engine=engine)
    with session_scope(engine) as s:
        for row in s.execute(select(CallbackRequest).where(CallbackRequest.sender_id == old)).scalars():
            row.created_at = datetime.utcnow() - timedelta(days=40)
    counts = privacy.purge_personal_data(30, engine=engine)
    assert counts["callback_requests"] >= 1
    assert privacy.personal_rows(old, engine=engine) == 0 and privacy.personal_rows(new, engine=engine) == 1


def test_purge_conversations_by_last_activity(tmp_path):
    url = f"sqlite:///{tmp_path / 'conversations.sqlite3'}"
    from rasa.core.tracker_store import SQLTrackerStore

    SQLTrackerStore.SQLEvent.__table__.create(create_engine(url))
    now = datetime.utcnow().timestamp()
    with create_engine(url).begin() as conn:
        for sender_id, age_days in (("old", 40), ("old", 35), ("mixed", 40), ("mixed", 1), ("new", 0)):
            conn.execute(text("INSERT INTO events (sender_id, type_name, timestamp, data) "
                              "VALUES (:s, 'user', :t, '{}')"), {"s": sender_id, "t": now - age_days * 86400})
    from bot.rasa_ext.tracker_store import purge_conversations

    assert purge_conversations(url, 30) == 1
    with create_engine(url).connect() as conn:
        left = dict(conn.execute(text("SELECT sender_id, count(*) FROM events GROUP BY sender_id")).all())
    assert left == {"mixed": 2, "new": 1}


def test_retention_days_from_the_environment(monkeypatch):
    monkeypatch.setenv("RETENTION_DAYS", "30")
    assert privacy.retention_days() == 30
    monkeypatch.setenv("RETENTION_DAYS", "soon")
    assert privacy.retention_days() == privacy.DEFAULT_RETENTION_DAYS


# --- actions ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role, response", [("parent", "utter_parent_intro"), ("counsellor", "utter_counsellor_intro"),
                                            ("student", "utter_role_noted"), (None, "utter_role_noted")])
async def test_role_menu(dispatcher, role, response):
    await ActionRoleNoted().run(dispatcher, tracker("u", {"role": role}), {})
    assert responses(dispatcher) == [response]


@pytest.mark.parametrize("intent", ["ask_prospects", "ask_trust", "ask_support_at_home"])
async def test_parents_hear_about_their_child(dispatcher, intent):
    await ActionAudienceAnswer().run(dispatcher, tracker("u", {"role": "parent"}, intent=intent), {})
    await ActionAudienceAnswer().run(dispatcher, tracker("u", {}, intent=intent), {})
    topic = intent[len("ask_"):]
    assert responses(dispatcher) == [f"utter_{topic}_parent", f"utter_{topic}"]


async def test_summary_to_forward(use_db, dispatcher):
    slots = {"language": "en", "role": "parent", "job_profile": "tester", "education_level": "havo"}
    await ActionSummary().run(dispatcher, tracker(sender(), slots), {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_summary_parent" and "- Job: Software tester" in message["lines"]


async def test_summary_with_nothing_chosen_says_so(use_db, dispatcher):
    await ActionSummary().run(dispatcher, tracker(sender(), {"language": "nl"}), {})
    assert responses(dispatcher) == ["utter_summary_empty"]


async def test_counsellor_refers_a_student_who_consents_and_then_sees_the_summary(use_db, dispatcher):
    counsellor, student = sender(), sender()
    await ActionReferStudent().run(dispatcher, tracker(counsellor, {"language": "nl"}), {})
    made = dispatcher.messages.pop()
    code = made["code"]
    assert made["response"] == "utter_referral_created" and f"start {code}" in made["links"]

    await ActionSummary().run(dispatcher, tracker(counsellor, {"role": "counsellor"}), {})
    assert responses(dispatcher) == [None, "utter_counsellor_no_students"]  # the codes, then nobody agreed yet
    assert f"{code}: voor één leerling, gebruikt: 0, werkt" in dispatcher.messages[0]["text"]
    dispatcher.messages.clear()

    events = await ActionStart().run(dispatcher, tracker(student, {"referral_code": code.lower()}), {})
    assert responses(dispatcher) == ["utter_welcome_referred", "utter_privacy_line", "utter_ask_share_consent"]
    assert {"event": "slot", "name": "pending_question", "value": "share_consent", "timestamp": None} in events
    assert {"event": "slot", "name": "referral_code", "value": None, "timestamp": None} in events
    dispatcher.messages.clear()

    await ActionAnswerYesNo().run(dispatcher, answer(student, "share_consent", "affirm"), {})
    assert responses(dispatcher) == ["utter_consent_given", "utter_greet"]
    from actions.profiles import ActionExplainProfile

    await ActionExplainProfile().run(dispatcher, tracker(student, {"job_profile": "data_analyst"}), {})
    dispatcher.messages.clear()
    await ActionSummary().run(dispatcher, tracker(counsellor, {"role": "counsellor", "language": "nl"}), {})
    [_codes, message] = dispatcher.messages
    assert message["response"] == "utter_counsellor_summary"
    assert "Leerling 1" in message["students"] and "Data-analist" in message["students"]
    assert student not in message["students"]

    dispatcher.messages.clear()
    await ActionRevokeConsent().run(dispatcher, tracker(student, {}), {})
    await ActionSummary().run(dispatcher, tracker(counsellor, {"role": "counsellor"}), {})
    assert responses(dispatcher) == ["utter_consent_revoked", None, "utter_counsellor_no_students"]


async def test_a_counsellor_without_codes_is_offered_to_make_one(use_db, dispatcher):
    await ActionSummary().run(dispatcher, tracker(sender(), {"role": "counsellor", "language": "en"}), {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_counsellor_no_codes"
    assert message["buttons"] == [{"title": "Refer a student", "payload": "/refer_student"}]


async def test_a_named_counsellor_is_named_in_the_welcome(use_db, dispatcher):
    info = referrals.create_referral("Mevr. Jansen", "Zaanlands College")
    await ActionStart().run(dispatcher, tracker(sender(), {"referral_code": info.code}), {})
    assert dispatcher.messages[0]["response"] == "utter_welcome_referred_by"
    assert dispatcher.messages[0]["counsellor"] == "Mevr. Jansen (Zaanlands College)"


async def test_an_unknown_code_still_greets(use_db, dispatcher):
    await ActionStart().run(dispatcher, tracker(sender(), {"referral_code": "NOPE42"}), {})
    assert responses(dispatcher)[:2] == ["utter_unknown_referral_code", "utter_greet"]


async def test_yes_without_a_question_is_just_friendly(dispatcher):
    await ActionAnswerYesNo().run(dispatcher, tracker("u", {"pending_question": "forget_confirm"}, intent="affirm",
                                                        events=[{"event": "user", "text": "ja"}]), {})
    assert responses(dispatcher) == ["utter_affirm"]


async def test_handoff_offers_the_liaison_and_a_callback(use_db, dispatcher):
    events = await ActionHumanHandoff().run(dispatcher, tracker(sender(), {"language": "nl", "location": "Zaandam"}),
                                            {})
    liaison, offer = dispatcher.messages
    # the seed liaisons are examples: named as such, with no made-up address, phone or hours
    assert liaison["response"] == "utter_liaison_example" and "Zaanstad" in liaison["area"]
    assert set(liaison) & {"contact", "name", "hours"} == set()
    assert offer["response"] == "utter_offer_callback" and [b["payload"] for b in offer["buttons"]] == ["/affirm",
                                                                                                       "/deny"]
    assert events[0]["value"] == "callback_consent"


async def test_under_16_is_never_asked_for_contact_details(use_db, dispatcher):
    who = sender()
    await ActionHumanHandoff().run(dispatcher, tracker(who, {"age": 14}), {})
    # no place given: no example area is named, the user is asked for their place
    assert [m.get("response") for m in dispatcher.messages] == [None, "utter_callback_under_16"]
    assert "Noord" not in dispatcher.messages[0]["text"]
    form = ValidateCallbackForm()
    assert await form.required_slots([], dispatcher, tracker(who, {"age": 14}), {}) == []
    assert await form.validate_age("ik ben 15", dispatcher, tracker(who, {}), {}) == {"age": 15, "form_retries": 0.0}
    dispatcher.messages.clear()
    await ActionCallbackSubmit().run(dispatcher, tracker(who, {"age": 15, "contact_name": "Sam",
                                                               "contact_detail": "+31612345678"}), {})
    assert responses(dispatcher) == ["utter_callback_under_16"]
    assert privacy.personal_rows(who) == 0


async def test_callback_is_stored_after_consent_and_forgotten_on_request(use_db, dispatcher):
    who = sender()
    events = await ActionAnswerYesNo().run(dispatcher, answer(who, "callback_consent", "affirm"), {})
    assert events[-1] == {"event": "followup", "name": "callback_form", "timestamp": None}
    form = ValidateCallbackForm()
    for slot in ("age", "contact_name", "contact_detail"):  # the reset before the form is not an answer
        assert await getattr(form, f"validate_{slot}")(None, dispatcher, tracker(who, {}), {}) == {slot: None}
    assert dispatcher.messages == []
    assert (await form.validate_contact_detail("bel me", dispatcher, tracker(who, {}), {}))["contact_detail"] is None
    assert responses(dispatcher) == ["utter_invalid_contact_detail"]
    dispatcher.messages.clear()
    slots = {"age": 34, "contact_name": "Sam", "contact_detail": "+31612345678", "location": "Almere"}
    await ActionCallbackSubmit().run(dispatcher, tracker(who, slots), {})
    [stored] = dispatcher.messages
    assert stored["text"].startswith("Dank je, Sam.")
    assert "Iemand van TechConnect belt je op +31612345678" in stored["text"]  # not the example liaison's title
    with session_scope() as s:
        row = s.execute(select(CallbackRequest).where(CallbackRequest.sender_id == who)).scalar_one()
        assert (row.name, row.contact, row.liaison_id) == ("Sam", "+31612345678", "liaison_almere")
    dispatcher.messages.clear()
    events = await ActionAnswerYesNo().run(dispatcher, answer(who, "forget_confirm", "affirm"), {})
    assert events[-1]["name"] == "action_forget_me"
    await ActionForgetMe().run(dispatcher, tracker(who, {}), {})
    assert responses(dispatcher) == ["utter_forget_me_done"]
    assert privacy.personal_rows(who) == 0
    with session_scope() as s:
        assert s.execute(select(func.count()).select_from(CallbackRequest)
                         .where(CallbackRequest.sender_id == who)).scalar_one() == 0


async def test_declining_stores_nothing(use_db, dispatcher):
    who = sender()
    await ActionAnswerYesNo().run(dispatcher, answer(who, "callback_consent", "deny"), {})
    await ActionAnswerYesNo().run(dispatcher, answer(who, "forget_confirm", "deny"), {})
    # no real liaison address was shown, so no "e-mail the contact yourself"
    assert responses(dispatcher) == ["utter_callback_declined_no_contact", "utter_forget_cancelled"]
    assert privacy.personal_rows(who) == 0
