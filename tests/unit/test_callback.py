"""A real person within reach: a number with a note, the languages, the name among remarks, the liaison for the
user's area, and a confirmation that says what happens next from what the catalog knows."""
import uuid

import pytest
from rasa_sdk import Tracker
from sqlalchemy import select

from actions.people import ActionAnswerYesNo, ActionCallbackSubmit, ActionHumanHandoff, ValidateCallbackForm
from bot.cli.people import _callbacks_list
from bot.core.db.models import CallbackRequest
from bot.core.db.session import session_scope
from bot.core.people import callback, handoff


def sender() -> str:
    return f"user-{uuid.uuid4().hex[:10]}"


def tracker(sender_id, slots=None, text="", intent="", events=None):
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    return Tracker(sender_id, dict(slots or {}), latest, list(events or []), False, None, {}, "action_listen")


def real_liaison(**changes):
    values = dict(id="liaison_x", name="Fatima (Buurtteam Noord)", place="Noord", area="Amsterdam Noord",
                  email="fatima@example.org", phone=None, hours="ma-vr", illustrative=False, distance_km=0.0,
                  covers_place=True, languages=("nl", "en", "tr"), response_days=2)
    values.update(changes)
    return handoff.LiaisonInfo(**values)


# --- a number (or address) with a note, and the time asked for ---------------------------------------------
@pytest.mark.parametrize("text, contact, when", [
    ("0612345678 graag na 3 uur bellen", "+31612345678", "na 3 uur"),
    ("06-12345678, in the morning please", "+31612345678", "in the morning"),
    ("call me after 5pm on +44 7700 900123", "+447700900123", "after 5pm"),
    ("tussen 9 en 12 graag, 020 123 4567", "+31201234567", "tussen 9 en 12"),
    ("sam@example.org, morgen graag", "sam@example.org", "morgen"),
    ("bel me morgen na drieën op 06 1234 5678", "+31612345678", "morgen na drieën"),
    ("'s avonds na 7 uur: 0612345678", "+31612345678", "'s avonds na 7 uur"),
    ("0612345678", "+31612345678", None),
])
def test_a_number_with_a_note_keeps_both(text, contact, when):
    assert callback.find_contact(text) == contact
    assert callback.preferred_time(text) == when


@pytest.mark.parametrize("text", ["na 3 dagen", "ik heb 2 kinderen", "goedemorgen", "bel me", "voor 2 kinderen"])
def test_no_time_is_read_where_there_is_none(text):
    assert callback.preferred_time(text) is None
    assert callback.find_contact(text) is None


# --- languages: spoken by the user, asked of the liaison ---------------------------------------------------
@pytest.mark.parametrize("text, spoken", [
    ("ik spreek Turks", ["tr"]), ("ik spreek turks en nederlands", ["tr", "nl"]), ("I speak Arabic and English",
                                                                                 ["ar", "en"])])
def test_languages_the_user_speaks(text, spoken):
    assert callback.languages_spoken(text) == spoken
    assert callback.languages_asked(text) == []


@pytest.mark.parametrize("text, asked", [
    ("spreekt die persoon Turks?", ["tr"]), ("does that person speak Arabic?", ["ar"]),
    ("spreekt de contactpersoon ook Arabisch en Turks?", ["ar", "tr"]), ("is er iemand die Pools spreekt?", ["pl"]),
    ("Ayse. spreekt die persoon turks?", ["tr"]), ("can they speak polish", ["pl"]),
    ("ik spreek turks", []), ("kunnen we in het engels praten?", []), ("spreek jij turks?", []),
    ("mijn zoon spreekt turks, kan hij ook een cursus in het turks volgen?", [])])
def test_questions_about_the_liaisons_languages(text, asked):
    assert callback.languages_asked(text) == asked


@pytest.mark.parametrize("text, name", [
    ("Ayse. spreekt die persoon turks?", "Ayse"), ("Ayse spreekt die persoon turks", "Ayse"),
    ("Sam, bel me na 3 uur", "Sam"), ("Ayse, ik spreek turks", "Ayse"), ("mijn naam is Ayoub El Idrissi",
                                                                          "Ayoub El Idrissi"),
    ("Mary-Jane", "Mary-Jane"), ("ik spreek turks en nederlands", None), ("spreekt die persoon turks?", None)])
def test_the_name_among_other_remarks(text, name):
    assert callback.name_among_remarks(text) == name


def test_refit_sends_a_language_question_to_the_handoff():
    from bot.core.understanding.fit import refit

    assert refit("switch_language", "spreekt die persoon Turks?") == "request_human"
    assert refit("nlu_fallback", "does that person speak Arabic?") == "request_human"
    assert refit("switch_language", "kunnen we in het engels praten?") == "switch_language"


# --- the liaison for the user's area ------------------------------------------------------------------------
def test_the_request_goes_to_the_liaison_for_the_area(engine):
    assert handoff.liaison_for_request("Zaandam", "nl", engine=engine).id == "liaison_zaanstad"
    assert handoff.liaison_for_request("Purmerend", "nl", engine=engine).id == "liaison_zaanstad"
    assert handoff.liaison_for_request("Lelystad", "en", engine=engine).id == "liaison_almere"
    liaison = handoff.liaison_for_request("Zaandam", "nl", engine=engine)
    assert liaison.languages == ("nl", "en", "tr") and liaison.response_days is None
    # no place, or one the catalog doesn't know: nobody's area is guessed
    assert handoff.liaison_for_request(None, "nl", engine=engine) is None
    assert handoff.liaison_for_request("Atlantis", "nl", engine=engine) is None


# --- what the guide says ------------------------------------------------------------------------------------
def test_language_answer_comes_from_the_liaison_record():
    assert callback.language_answer(["tr"], real_liaison(), "nl", in_request=False) == \
        "Ja, Fatima (Buurtteam Noord) spreekt ook Turks."
    no = callback.language_answer(["ar"], real_liaison(), "nl", in_request=False)
    assert no.startswith("Nee, Fatima (Buurtteam Noord) spreekt Nederlands, Engels en Turks.")
    assert "Wil je dat iemand belt die Arabisch spreekt?" in no
    assert callback.language_answer(["ar"], real_liaison(), "en", in_request=True) == \
        "No, Fatima (Buurtteam Noord) speaks Dutch, English and Turkish. I'll pass on that you would like " \
        "someone who speaks Arabic."
    unknown = callback.language_answer(["tr"], real_liaison(languages=()), "en", in_request=False)
    assert unknown.startswith("I don't know that about Fatima")
    example = callback.language_answer(["tr"], real_liaison(illustrative=True), "nl", in_request=False)
    assert "voorbeeld" in example and "Fatima" not in example
    assert "waar je woont" in callback.language_answer(["tr"], None, "nl", in_request=True)


def test_confirmation_says_who_how_which_languages_and_when():
    text = callback.confirmation("Ayse", "+31612345678", real_liaison(), "na 3 uur", ["tr"], "nl")
    assert text.startswith("Dank je, Ayse. Ik heb je vraag doorgegeven.")
    assert "Fatima (Buurtteam Noord), de contactpersoon voor Amsterdam Noord, belt je op +31612345678." in text
    assert "Jullie kunnen Turks praten." in text
    assert "binnen 2 werkdagen" in text and "na 3 uur" in text
    en = callback.confirmation("Sam", "sam@example.org", real_liaison(response_days=None), "after 5pm", ["ar"], "en")
    assert "will e-mail you at sam@example.org" in en
    assert "Fatima (Buurtteam Noord) speaks Dutch, English and Turkish." in en
    assert "as soon as they can" in en and "working days" not in en and "after 5pm" in en


def test_confirmation_for_an_example_liaison_promises_nothing_made_up():
    text = callback.confirmation("Sam", "+31612345678", real_liaison(illustrative=True), None, ["tr", "nl"], "nl")
    assert "Iemand van TechConnect belt je op +31612345678." in text
    assert "Fatima" not in text and "werkdagen" not in text and "zo snel als het kan" in text
    assert "Turks en Nederlands" in text


# --- the conversation ---------------------------------------------------------------------------------------
async def test_handoff_without_a_place_names_no_area(use_db, dispatcher):
    for lang in ("nl", "en"):
        dispatcher.messages.clear()
        await ActionHumanHandoff().run(dispatcher, tracker(sender(), {"language": lang}, text="iemand spreken"), {})
        said = " ".join(m.get("text") or "" for m in dispatcher.messages)
        assert "Noord" not in said and "Amsterdam" not in said
        assert all("area" not in m for m in dispatcher.messages)
        assert dispatcher.messages[-1]["response"] == "utter_offer_callback"


async def test_handoff_answers_whether_the_liaison_speaks_a_language(use_db, dispatcher):
    await ActionHumanHandoff().run(dispatcher, tracker(sender(), {"language": "nl", "location": "Zaandam"},
                                                       text="spreekt die persoon Turks?"), {})
    answer, offer = dispatcher.messages
    assert answer["text"].startswith("Ja, de voorbeeld-contactpersoon voor Zaanstad") and "Turks" in answer["text"]
    assert "voorbeeld" in answer["text"] and offer["response"] == "utter_offer_callback"
    dispatcher.messages.clear()
    await ActionHumanHandoff().run(dispatcher, tracker(sender(), {"language": "en", "location": "Zaandam"},
                                                       text="does that person speak Arabic?"), {})
    assert dispatcher.messages[0]["text"].startswith("No, the example contact for Zaanstad")
    assert "Arabic" in dispatcher.messages[0]["text"]


async def test_a_parent_is_not_asked_their_age(use_db, dispatcher):
    form = ValidateCallbackForm()
    for role in ("parent", "counsellor", "jobcoach"):
        assert await form.required_slots([], dispatcher, tracker("u", {"role": role}), {}) == \
            ["contact_name", "contact_detail"]
    assert await form.required_slots([], dispatcher, tracker("u", {}), {}) == ["age", "contact_name",
                                                                               "contact_detail"]


async def test_name_with_a_language_question_is_taken_and_answered(use_db, dispatcher):
    slots = {"language": "nl", "location": "Zaandam", "requested_slot": "contact_name"}
    text = "Ayse. spreekt die persoon turks?"
    result = await ValidateCallbackForm().validate_contact_name(text, dispatcher, tracker("u", slots, text), {})
    assert result == {"contact_name": "Ayse", "form_retries": 0.0}
    [said] = dispatcher.messages
    assert said["text"].startswith("Ja, de voorbeeld-contactpersoon voor Zaanstad") and "Turks" in said["text"]


async def test_a_language_statement_is_no_wrong_name(use_db, dispatcher):
    slots = {"language": "en", "requested_slot": "contact_name"}
    text = "I speak Turkish and Dutch"
    result = await ValidateCallbackForm().validate_contact_name(text, dispatcher, tracker("u", slots, text), {})
    assert result == {"contact_name": None}
    assert [m["text"] for m in dispatcher.messages] == ["Good, I'll add that you speak Turkish and Dutch."]


async def test_a_number_with_a_note_is_accepted(use_db, dispatcher):
    slots = {"language": "nl", "requested_slot": "contact_detail"}
    text = "0612345678 graag na 3 uur bellen"
    result = await ValidateCallbackForm().validate_contact_detail(text, dispatcher, tracker("u", slots, text), {})
    assert result == {"contact_detail": "+31612345678", "form_retries": 0.0}
    assert dispatcher.messages == []


async def test_a_number_given_earlier_is_not_asked_again(use_db, dispatcher):
    events = [{"event": "user", "text": "mijn nummer is 06 12345678, bel liefst na 3 uur"},
              {"event": "user", "text": "kan iemand me bellen?"},
              {"event": "slot", "name": "pending_question", "value": "callback_consent"},
              {"event": "user", "text": "ja"}]
    result = await ActionAnswerYesNo().run(dispatcher, tracker("u", {"pending_question": "callback_consent"},
                                                               "ja", "affirm", events), {})
    assert {"event": "slot", "name": "contact_detail", "value": "+31612345678", "timestamp": None} in result


@pytest.mark.parametrize("lang, words", [
    ("nl", ["Dank je, Ayse.", "Iemand van TechConnect belt je op +31612345678.", "Nederlands en Turks",
            "zo snel als het kan", "na 3 uur"]),
    ("en", ["Thank you, Ayse.", "Someone from TechConnect will call you on +31612345678.", "Dutch and Turkish",
            "as soon as they can", "na 3 uur"])])
async def test_submit_stores_time_and_languages_and_routes_by_area(use_db, dispatcher, capsys, lang, words):
    who = sender()
    events = [{"event": "user", "text": "kan ik iemand spreken?"},
              {"event": "slot", "name": "pending_question", "value": "callback_consent"},
              {"event": "user", "text": "ja"}, {"event": "user", "text": "Ayse. spreekt die persoon turks?"},
              {"event": "user", "text": "0612345678 graag na 3 uur bellen"}]
    slots = {"language": lang, "age": 30, "contact_name": "Ayse", "contact_detail": "+31612345678",
             "location": "Zaandam", "languages_spoken": ["nl"]}
    await ActionCallbackSubmit().run(dispatcher, tracker(who, slots, events=events), {})
    [said] = dispatcher.messages
    assert all(w in said["text"] for w in words), said["text"]
    with session_scope() as s:
        row = s.execute(select(CallbackRequest).where(CallbackRequest.sender_id == who)).scalar_one()
        assert (row.liaison_id, row.preferred_time, row.languages) == ("liaison_zaanstad", "na 3 uur", ["nl", "tr"])

    class Args:
        all, liaison = False, "liaison_zaanstad"
    _callbacks_list(Args())
    line = next(line for line in capsys.readouterr().out.splitlines() if "Ayse" in line)
    assert "time=na 3 uur" in line and "languages=nl,tr" in line


async def test_yes_call_me_after_the_offer_starts_the_form(use_db, dispatcher):
    events = [{"event": "user", "text": "can i talk to a human in purmerend?"},
              {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_offer_callback"}},
              {"event": "slot", "name": "pending_question", "value": "callback_consent"},
              {"event": "action", "name": "action_listen"}, {"event": "user", "text": "yes call me please"}]
    slots = {"language": "en", "location": "Purmerend", "pending_question": "callback_consent"}
    result = await ActionHumanHandoff().run(dispatcher, tracker(sender(), slots, "yes call me please",
                                                                "request_human", events), {})
    assert dispatcher.messages == []
    assert result == [{"event": "followup", "name": "action_answer_yes_no", "timestamp": None}]
    result = await ActionAnswerYesNo().run(dispatcher, tracker(sender(), slots, "yes call me please", "request_human",
                                                               events), {})
    assert result[-1] == {"event": "followup", "name": "callback_form", "timestamp": None}


async def test_asking_for_a_person_after_a_call_offered_elsewhere_says_who_first(use_db, dispatcher):
    events = [{"event": "user", "text": "open days in purmerend?"},
              {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_events_none"}},
              {"event": "slot", "name": "pending_question", "value": "callback_consent"},
              {"event": "action", "name": "action_listen"}, {"event": "user", "text": "can i talk to a person"}]
    slots = {"language": "en", "location": "Purmerend", "pending_question": "callback_consent"}
    await ActionHumanHandoff().run(dispatcher, tracker(sender(), slots, "can i talk to a person", "request_human",
                                                       events), {})
    assert dispatcher.messages  # who the contact person is (or that none is known), before any form


@pytest.mark.parametrize("text, name", [
    ("niet mij bellen, de klant. naam Ayse", "Ayse"),
    ("Samira, 0612345678", "Samira"),
    ("my name is Tiago", "Tiago"),
])
def test_the_name_in_an_answer_with_other_things(text, name):
    assert callback.name_among_remarks(text) == name


def test_someone_who_speaks_a_language_is_asked_for():
    assert callback.languages_asked("kan iemand mij bellen die arabisch spreekt?") == ["ar"]


def test_a_stored_request_is_found_for_its_sender_until_it_is_handled(use_db):
    sender = f"s-{uuid.uuid4().hex[:8]}"
    assert handoff.open_callback(sender) is None
    first = handoff.store_callback(sender, "Fatma", "+31612345678", "nl", "West", None, preferred_time="na 13 uur")
    request = handoff.open_callback(sender)
    assert request.id == first and handoff.open_callback("someone-else") is None
    said = callback.already_requested(request, "nl")
    assert "al doorgegeven" in said and "+31612345678" in said and "na 13 uur" in said
    assert "already" in callback.already_requested(request, "en")
    handoff.close_callback(first)
    assert handoff.open_callback(sender) is None
