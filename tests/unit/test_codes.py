"""Referral codes for counsellors and job coaches: made only when asked (one, one for a class, one each), listed
with who each is for, how often used and whether it still works, revoked by the one who made it, explained, and
spoken of in the job coach's own words."""
import re
import uuid

import pytest
from rasa_sdk import Tracker

from actions.navigation import ActionStart
from actions.people import ActionAnswerYesNo, ActionReferStudent, ActionRevokeConsent, ActionRoleNoted, ActionSummary
from bot.core.people import code_requests, referrals
from bot.core.people.levels import level_as_said
from bot.core.people.summary import choice_lines
from bot.core.understanding import fit

PUPIL_WORDS = re.compile(r"leerling|pupil|student|\bklas\b|\bclass\b", re.IGNORECASE)


def sender() -> str:
    return f"user-{uuid.uuid4().hex[:10]}"


def tracker(sender_id, slots=None, text="", intent="", events=None):
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    return Tracker(sender_id, dict(slots or {}), latest, list(events or []), False, None, {}, "action_listen")


def said(dispatcher):
    """Everything the user read: texts, and the names of domain responses (whose text the tests can't render)."""
    out = []
    for m in dispatcher.messages:
        out.append(m.get("text") or m.get("response") or "")
        out += [b["title"] for b in m.get("buttons") or []]
    return out


def texts(dispatcher):
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


async def make(dispatcher, who, text, role="counsellor", lang="nl"):
    await ActionReferStudent().run(dispatcher, tracker(who, {"role": role, "language": lang}, text), {})
    return referrals.code_list(who)


async def pupil_arrives(dispatcher, code, consent=True, slots=None, events=None):
    pupil = sender()
    await ActionStart().run(dispatcher, tracker(pupil, {"referral_code": code, **(slots or {})}), {})
    if consent:
        asked = [{"event": "user", "text": "start"}, {"event": "slot", "name": "pending_question",
                                                      "value": "share_consent"},
                 {"event": "action", "name": "action_listen"}, {"event": "user", "text": "ja"}]
        await ActionAnswerYesNo().run(dispatcher, tracker(pupil, {"pending_question": "share_consent"},
                                                          intent="affirm", events=asked), {})
    return pupil


# --- reading what is asked ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, kind", [
    ("trek code ABC123 in", "revoke"), ("verwijder code K7P2QX", "revoke"), ("revoke code K7P2QX", "revoke"),
    ("die code klopt niet meer, haal hem weg", "revoke"), ("cancel the code for class 3B", "revoke"),
    ("hoe trek ik een code in", "how_revoke"), ("how do I revoke a code?", "how_revoke"),
    ("stop met codes maken, ik heb er genoeg voor dit jaar", "stop_making"),
    ("stop making codes please", "stop_making"),
    ("welke codes heb ik?", "list"), ("laat mijn verwijscodes zien", "list"), ("show my codes", "list"),
    ("wat zien de leerlingen?", "explain"), ("what do my students see?", "explain"),
    ("wat zien mijn klanten als ze de code gebruiken?", "explain"), ("what will my clients see?", "explain"),
    ("ik wil een code voor klas 3B", "make"), ("maak een code voor een leerling", "make"),
])
def test_what_is_asked_about_codes(text, kind):
    assert code_requests.read(text).kind == kind


def test_one_code_for_a_class_or_one_each():
    klas = code_requests.read("ik wil een code voor klas 3B")
    assert (klas.group, klas.label, klas.count) == (True, "klas 3B", 1)
    assert code_requests.read("ik wil een code voor klas 3B met 28 leerlingen").group  # a class size, one code
    each = code_requests.read("ik wil voor elke leerling een eigen code, 5 leerlingen")
    assert (each.each, each.count, each.group) == (True, 5, False)
    assert code_requests.read("I want a separate code for each of my 12 clients").count == 12
    assert code_requests.read("maak 3 codes aan voor mijn mentorklas").count == 3
    each_client = code_requests.read("een code voor elke klant")
    assert each_client.each and not each_client.count
    assert code_requests.read("one code for my whole class of 25 students").group
    assert code_requests.read("cancel the code for class 3B").label == "class 3B"
    assert code_requests.label_key("class 3B") == code_requests.label_key("klas 3b")
    assert code_requests.codes_in("trek code k7p2qx in") == ["K7P2QX"]


@pytest.mark.parametrize("intent, text, expected", [
    ("forget_me", "trek code ABC123 in", "revoke_consent"),
    ("nlu_fallback", "die code klopt niet meer, haal hem weg", "revoke_consent"),
    ("refer_student", "cancel the code for class 3B", "revoke_consent"),
    ("nlu_fallback", "ik wil een code voor klas 3B", "refer_student"),
    ("ask_costs", "ik wil voor elke leerling een eigen code, 5 leerlingen", "refer_student"),
    ("refer_student", "wat zien de leerlingen?", "request_summary"),
    ("nlu_fallback", "what do my students see?", "request_summary"),
    ("forget_me", "please remove all data about me and my referrals", "forget_me"),
    ("revoke_consent", "stop met delen", "revoke_consent"),
    ("ask_events", "zijn er activiteiten waar ik met een klas naartoe kan? het gaat om 25 leerlingen", "ask_events"),
])
def test_code_requests_are_routed_to_their_answer(intent, text, expected):
    assert fit.refit(intent, text, []) == expected


# --- making and listing -------------------------------------------------------------------------------------
async def test_a_class_code_is_one_code_many_pupils_use(use_db, dispatcher):
    decaan = sender()
    [code] = await make(dispatcher, decaan, "ik wil een code voor klas 3B")
    assert (code.kind, code.label, code.number) == (referrals.GROUP, "klas 3B", None)
    assert "hele klas" in texts(dispatcher) and f"start {code.code}" in texts(dispatcher)
    await pupil_arrives(dispatcher, code.code)
    await pupil_arrives(dispatcher, code.code)
    dispatcher.messages.clear()
    await ActionSummary().run(dispatcher, tracker(decaan, {"role": "counsellor", "language": "nl"},
                                                  "welke codes heb ik?"), {})
    assert f"{code.code}: voor de hele klas (klas 3B), gebruikt: 2, werkt" in texts(dispatcher)


async def test_one_code_each_numbered(use_db, dispatcher):
    decaan = sender()
    codes = await make(dispatcher, decaan, "ik wil voor elke leerling een eigen code, 5 leerlingen")
    assert [c.number for c in codes] == [1, 2, 3, 4, 5] and all(c.kind == referrals.SINGLE for c in codes)
    assert len({c.code for c in codes}) == 5
    reply = texts(dispatcher)
    assert "5 codes, één per leerling" in reply and "Leerling 5: " + codes[4].code in reply


async def test_a_code_each_without_a_number_asks_how_many(use_db, dispatcher):
    decaan = sender()
    assert await make(dispatcher, decaan, "een eigen code voor elke leerling graag") == []
    assert "Voor hoeveel leerlingen" in texts(dispatcher)


async def test_no_code_is_made_on_a_question(use_db, dispatcher):
    decaan = sender()
    for question in ("wat zien de leerlingen als ze mijn code gebruiken?", "welke codes heb ik?",
                     "hoe trek ik een code in?"):
        assert await make(dispatcher, decaan, question) == []


async def test_what_pupils_and_counsellors_see_is_explained(use_db, dispatcher):
    await ActionSummary().run(dispatcher, tracker(sender(), {"role": "counsellor", "language": "nl"},
                                                  "wat zien de leerlingen?"), {})
    await ActionSummary().run(dispatcher, tracker(sender(), {"role": "counsellor", "language": "en"},
                                                  "what do my students see?"), {})
    nl, en = [m["text"] for m in dispatcher.messages]
    assert "leerling" in nl and "toestemming" not in nl  # plain words
    for words in (("ziet u niets", "geen naam", "stop met delen", "trek code"),):
        assert all(w in nl for w in words)
    assert all(w in en for w in ("you see nothing", "never see a name", "stop sharing", "revoke code"))


# --- revoking -----------------------------------------------------------------------------------------------
async def test_a_revoked_code_welcomes_nobody_and_the_list_says_so(use_db, dispatcher):
    decaan = sender()
    [code] = await make(dispatcher, decaan, "maak een code voor een leerling")
    early = await pupil_arrives(dispatcher, code.code)
    referrals.record_progress(early, {"job_profile": "data_analyst"})
    dispatcher.messages.clear()

    await ActionRevokeConsent().run(dispatcher, tracker(decaan, {"role": "counsellor", "language": "nl"},
                                                        f"trek code {code.code} in"), {})
    assert texts(dispatcher).startswith(f"Klaar. Code {code.code} is ingetrokken.")
    assert referrals.summaries_for_code(code.code) == []  # what was kept through it is gone
    assert referrals.record_progress(early, {"job_profile": "tester"}) is False
    dispatcher.messages.clear()

    late = sender()
    events = await ActionStart().run(dispatcher, tracker(late, {"referral_code": code.code, "language": "nl"}), {})
    assert texts(dispatcher).startswith("Deze code werkt niet meer. Geen probleem")
    assert "utter_ask_share_consent" not in said(dispatcher) and "utter_greet" in said(dispatcher)
    assert not any(e.get("name") == "pending_question" for e in events)
    assert referrals.link_student(code.code, late) is False and not referrals.has_consent(late)
    # saying yes later grants nothing through a revoked code
    referrals.set_consent(early, granted=True)
    assert not referrals.has_consent(early)

    dispatcher.messages.clear()
    await ActionSummary().run(dispatcher, tracker(decaan, {"role": "counsellor", "language": "nl"}), {})
    assert f"{code.code}: voor één leerling, gebruikt: 1, ingetrokken" in texts(dispatcher)


async def test_only_the_maker_can_revoke_a_code(use_db, dispatcher):
    decaan, other = sender(), sender()
    [code] = await make(dispatcher, decaan, "maak een code voor een leerling")
    dispatcher.messages.clear()
    await ActionRevokeConsent().run(dispatcher, tracker(other, {"role": "counsellor", "language": "en"},
                                                        f"revoke code {code.code}"), {})
    assert texts(dispatcher).startswith(f"I can't find a code {code.code} that you made in this chat.")
    assert referrals.revoke_code(code.code, other) == referrals.NOT_FOUND
    assert not referrals.find_referral(code.code).revoked and referrals.link_student(code.code, sender())
    assert referrals.revoke_code(code.code, decaan) == referrals.REVOKED
    assert referrals.revoke_code(code.code, decaan) == referrals.ALREADY


async def test_revoke_that_code_by_class_or_after_asking_which(use_db, dispatcher):
    decaan = sender()
    role = {"role": "counsellor", "language": "nl"}
    [first] = await make(dispatcher, decaan, "maak een code voor een leerling")
    await ActionRevokeConsent().run(dispatcher, tracker(decaan, role, "die code klopt niet meer, haal hem weg"), {})
    assert f"Code {first.code} is ingetrokken" in texts(dispatcher)

    [klas] = [c for c in await make(dispatcher, decaan, "ik wil een code voor klas 3B") if c.active]
    await make(dispatcher, decaan, "maak een code voor een leerling")
    dispatcher.messages.clear()
    await ActionRevokeConsent().run(dispatcher, tracker(decaan, {**role, "language": "en"},
                                                        "cancel the code for class 3B"), {})
    assert f"Code {klas.code} is revoked" in texts(dispatcher)

    dispatcher.messages.clear()
    await make(dispatcher, decaan, "maak een code voor een leerling")
    dispatcher.messages.clear()
    await ActionRevokeConsent().run(dispatcher, tracker(decaan, role, "verwijder een code"), {})
    [message] = dispatcher.messages
    assert message["text"].startswith("Welke code wilt u intrekken?") and len(message["buttons"]) == 2
    button = message["buttons"][0]
    assert fit.refit("nlu_fallback", button["payload"], []) == "revoke_consent"
    assert code_requests.read(button["payload"]).codes == [button["title"].split()[1]]

    dispatcher.messages.clear()
    await ActionRevokeConsent().run(dispatcher, tracker(decaan, role, "stop met codes maken"), {})
    assert texts(dispatcher).startswith("Goed. Ik maak alleen een nieuwe code als u erom vraagt.")
    assert "trek code" in texts(dispatcher)


async def test_a_pupil_who_stops_sharing_still_withdraws_consent(use_db, dispatcher):
    [code] = await make(dispatcher, sender(), "maak een code voor een leerling")
    pupil = await pupil_arrives(dispatcher, code.code)
    dispatcher.messages.clear()
    await ActionRevokeConsent().run(dispatcher, tracker(pupil, {"language": "nl"}, "stop met delen van mijn code"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_consent_revoked"]
    assert not referrals.has_consent(pupil)


# --- the pupil's level in the summary -----------------------------------------------------------------------
@pytest.mark.parametrize("messages, level, expected", [
    (["ik zit in 3 vmbo basis"], "vmbo", "vmbo basis"),
    (["ik doe vmbo-k"], "vmbo", "vmbo kader"),
    (["ik zit op de mavo"], "vmbo", "mavo"),
    (["wat verdien je?", "ik zit op vmbo tl"], "vmbo", "vmbo tl"),
    (["havo 4"], "havo", "havo"),
    (["ik zit op het gymnasium"], "vwo", "gymnasium"),
    (["mijn broer doet havo"], "vmbo", None),
])
def test_the_level_in_the_pupils_words(messages, level, expected):
    assert level_as_said(list(reversed(messages)), level) == expected


@pytest.mark.parametrize("slots, messages, expected", [
    ({"education_level": "vmbo"}, ["hoi", "ik zit in vmbo basis, 3e jaar"], "vmbo basis"),
    ({"education_level": "mbo", "mbo_level": "2"}, ["ik doe mbo niveau 2"], "mbo 2"),
    ({"education_level": "havo"}, ["ik zit op de havo"], "havo"),
])
async def test_the_counsellor_sees_the_pupils_real_level(use_db, dispatcher, slots, messages, expected):
    from actions.profiles import ActionExplainProfile

    decaan = sender()
    [code] = await make(dispatcher, decaan, "maak een code voor een leerling")
    pupil = await pupil_arrives(dispatcher, code.code)
    events = [{"event": "user", "text": m} for m in messages]
    await ActionExplainProfile().run(dispatcher, tracker(pupil, {"job_profile": "data_analyst", **slots},
                                                         text=messages[-1], events=events), {})
    # a later turn without the level words keeps them
    await ActionExplainProfile().run(dispatcher, tracker(pupil, {"job_profile": "tester", **slots},
                                                         text="en tester?", events=[{"event": "user", "text": "x"}]),
                                     {})
    dispatcher.messages.clear()
    await ActionSummary().run(dispatcher, tracker(decaan, {"role": "counsellor", "language": "nl"}), {})
    [_, summary] = dispatcher.messages
    assert f"- Opleiding nu: {expected}\n" in summary["students"] + "\n"


def test_summary_lines_prefer_the_mbo_level_and_own_words(use_db):
    assert "- Opleiding nu: mbo 2" in choice_lines(None, "mbo", None, [], "nl", mbo_level="2")
    assert "- Education now: MBO level 2" in choice_lines(None, "mbo", None, [], "en", mbo_level="2")
    assert "- Opleiding nu: vmbo basis" in choice_lines(None, "vmbo", None, [], "nl", level_said="vmbo basis")
    assert "- Opleiding nu: havo" in choice_lines(None, "havo", None, [], "nl")


# --- a job coach's words ------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_a_job_coach_never_reads_pupil_words(use_db, dispatcher, lang):
    coach = sender()
    role = {"role": "jobcoach", "language": lang}
    await ActionRoleNoted().run(dispatcher, tracker(coach, role), {})
    await ActionSummary().run(dispatcher, tracker(coach, role, "wat kozen mijn klanten?"), {})  # no codes yet
    [one] = await make(dispatcher, coach, "maak een code voor een klant", "jobcoach", lang)
    await make(dispatcher, coach, "een code voor groep A2", "jobcoach", lang)
    await make(dispatcher, coach, "ik wil voor elke klant een eigen code, 3 klanten", "jobcoach", lang)
    await make(dispatcher, coach, "een eigen code voor elke klant", "jobcoach", lang)
    await ActionSummary().run(dispatcher, tracker(coach, role, "welke codes heb ik?"), {})  # nobody agreed yet
    coach_saw = list(dispatcher.messages)
    dispatcher.messages.clear()
    client = await pupil_arrives(dispatcher, one.code)
    referrals.record_progress(client, {"job_profile": "data_analyst", "education_level": "mbo", "mbo_level": "2"})
    dispatcher.messages.clear()
    await ActionSummary().run(dispatcher, tracker(coach, role, "wat kozen mijn klanten?"), {})
    await ActionSummary().run(dispatcher, tracker(coach, role, "wat zien mijn klanten als ze de code gebruiken?"), {})
    await ActionRevokeConsent().run(dispatcher, tracker(coach, role, "hoe trek ik een code in?"), {})
    await ActionRevokeConsent().run(dispatcher, tracker(coach, role, f"trek code {one.code} in"), {})
    await ActionRevokeConsent().run(dispatcher, tracker(coach, role, "stop met codes maken"), {})
    coach_saw += dispatcher.messages
    assert len(coach_saw) >= 12
    # every reply is a text written for the job coach (a domain response would be the counsellor's)
    assert [m.get("response") for m in coach_saw] == [None] * len(coach_saw)
    for line in said_to(coach_saw):
        assert not PUPIL_WORDS.search(line), line
    client_word = {"nl": "Klant 1", "en": "Client 1"}[lang]
    assert client_word in "\n".join(said_to(coach_saw))


def said_to(messages):
    for m in messages:
        yield m.get("text") or ""
        yield from (b["title"] for b in m.get("buttons") or [])


async def test_a_counsellor_keeps_leerlingen(use_db, dispatcher):
    decaan = sender()
    await make(dispatcher, decaan, "ik wil voor elke leerling een eigen code, 2 leerlingen")
    await ActionSummary().run(dispatcher, tracker(decaan, {"role": "counsellor", "language": "nl"},
                                                  "wat zien de leerlingen?"), {})
    assert "Leerling 2" in texts(dispatcher) and "De leerling typt de code" in texts(dispatcher)


def test_an_operator_revokes_a_code_on_the_command_line(use_db, capsys):
    from argparse import Namespace

    from bot.cli.people import _referral_revoke, _referral_summary

    info = referrals.create_referral("Mevr. Jansen", "Zaanlands College")
    assert _referral_revoke(Namespace(code=info.code.lower())) == 0
    assert _referral_revoke(Namespace(code=info.code)) == 0
    assert _referral_revoke(Namespace(code="NOPE42")) == 1
    assert _referral_summary(Namespace(code=info.code, lang="nl")) == 0
    out = capsys.readouterr().out
    assert f"revoked: {info.code}\nalready revoked: {info.code}\nunknown code: NOPE42" in out
    assert "This code is revoked" in out and referrals.find_referral(info.code).revoked


async def test_how_referring_works_is_explained_before_any_code(use_db, dispatcher):
    decaan = sender()
    assert await make(dispatcher, decaan, "ik wil leerlingen naar deze chat doorsturen. hoe werkt dat?") == []
    [message] = dispatcher.messages
    assert message["text"].startswith("Zo werkt een code.")
    assert message["buttons"] == [{"title": "Maak een code", "payload": "/refer_student"}]
    dispatcher.messages.clear()
    # the button: a code, because now it is asked for
    await ActionReferStudent().run(dispatcher, tracker(decaan, {"role": "counsellor", "language": "nl"},
                                                       "/refer_student"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_referral_created"]
    assert len(referrals.code_list(decaan)) == 1
