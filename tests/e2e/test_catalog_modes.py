"""Catalog modes against the real servers: a second stack in production mode next to the session's demo stack.

Production: no illustrative record, example.org address, venue or date of an example reaches a user, for every
place in the catalog, in Dutch and English; the guide says honestly that nothing is known yet and offers a call.
Demo: the examples are there, and marked as examples.
"""
import json

import pytest

from bot.cli.servers import running_stack
from tests.conftest import make_database
from tests.e2e.conftest import trained_model
from tests.e2e.helpers import buttons, new_user, texts
from tests.unit.test_catalog_modes import PLACES, PROFILES, example_traces


@pytest.fixture(scope="module")
def production_stack(tmp_path_factory):
    db_url = make_database("sqlite", tmp_path_factory)
    env = {"DATABASE_URL": db_url, "CATALOG_MODE": "production", "RATE_LIMIT_PER_MINUTE": "1000"}
    with running_stack(trained_model(), env=env, workdir=tmp_path_factory.mktemp("production")) as s:
        yield s


NOTHING_KNOWN = {"nl": "Er zijn nog geen open dagen", "en": "No open days or other events are known yet"}
NO_LIAISON = {"nl": "Ik ken nog geen vaste contactpersoon", "en": "I don't know a contact person for your place"}
NO_STORY = {"nl": "Een verhaal over dit werk heb ik nog niet", "en": "I don't have a story about this job yet"}


def payload(intent, **entities):
    return f"/{intent}{json.dumps(entities, separators=(',', ':'))}" if entities else f"/{intent}"


def traces_in(answer):
    return [t for t in example_traces() if t and t in answer]


def test_the_action_server_log_says_production_and_what_it_hides(production_stack):
    log = production_stack.logs["actions"].read_text()
    assert "CATALOG_MODE=production:" in log and "illustrative records hidden" in log


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_production_shows_no_example_for_any_place(production_stack, lang):
    meta = {"language": lang}
    for place in sorted(PLACES):
        sender = new_user()
        answer = texts(production_stack.send(sender, payload("ask_events", location=place), metadata=meta))
        assert NOTHING_KNOWN[lang] in answer
        answer += texts(production_stack.send(sender, payload("request_human"), metadata=meta))
        assert NO_LIAISON[lang] in answer
        answer += texts(production_stack.send(sender, payload("find_courses", location=place), metadata=meta))
        assert not traces_in(answer), (place, traces_in(answer))
    for profile in PROFILES:
        answer = texts(production_stack.send(new_user(), payload("ask_role_models", job_profile=profile),
                                             metadata=meta))
        assert NO_STORY[lang] in answer and not traces_in(answer), (profile, traces_in(answer))


def test_production_says_no_open_days_are_known_and_offers_a_call(production_stack):
    sender = new_user()
    replies = production_stack.send(sender, "zijn er open dagen in zaandam?")
    assert "Er zijn nog geen open dagen" in texts(replies) and "Wil je dat iemand je belt" in texts(replies)
    assert [b["payload"] for b in buttons(replies)][-2:] == ["/affirm", "/deny"]
    assert "16" in texts(production_stack.send(sender, "/affirm"))  # the callback form starts with the age


def test_production_in_english_too(production_stack):
    sender = new_user()
    replies = production_stack.send(sender, "are there any open days near haarlem?", metadata={"language": "en"})
    assert "No open days or other events are known yet" in texts(replies)
    answer = texts(production_stack.send(sender, "can I talk to a real person please"))
    assert "I don't know a contact person for your place yet" in answer and not traces_in(answer)


def test_production_fund_check_gives_no_verdict_on_unconfirmed_rules(production_stack):
    sender = new_user()
    answer = texts(production_stack.send(sender, "kom ik in aanmerking voor het techedufonds?"))
    assert "nog niet bevestigd" in answer
    assert "✅" not in answer and "❌" not in answer and "❓" not in answer


# --- demo (the session's stack runs in demo mode, as make chat) -------------------------------------------------
@pytest.mark.parametrize("lang, marker, unreal", [("nl", "Voorbeeld van een", "nog geen echte datum"),
                                                  ("en", "Example of", "no real date yet")])
def test_demo_marks_example_events_without_their_dates(stack, lang, marker, unreal):
    answer = texts(stack.send(new_user(), payload("ask_events", location="Zaandam"), metadata={"language": lang}))
    assert marker in answer and unreal in answer
    assert "example venue" not in answer and "Buurthuis" not in answer and "19:00" not in answer


def test_demo_never_calls_zaandam_near_hilversum(stack):
    answer = texts(stack.send(new_user(), payload("ask_events", location="Hilversum")))
    assert "bij Hilversum in de buurt:" not in answer
    assert "Bij Hilversum in de buurt ken ik nog niets. Het dichtstbij is" in answer


@pytest.mark.parametrize("lang, marker", [("nl", "voorbeeld"), ("en", "example")])
def test_demo_liaison_is_an_example_without_an_address(stack, lang, marker):
    sender = new_user()
    answer = texts(stack.send(sender, payload("request_human"), metadata={"language": lang}))
    assert marker in answer.lower() and "example.org" not in answer
