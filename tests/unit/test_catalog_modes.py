"""Catalog modes and distance, over every place in the catalog.

- demo: every illustrative record that is shown is marked as an example (Dutch and English), without its made-up
  date, time, venue or address;
- production: no illustrative record, example.org address, venue or date of an example reaches any reply;
- no event or liaison is called near when it is farther away than NEAR_KM.
"""
import logging
import re
import uuid
from datetime import date
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.community import ActionRoleModels, utter_events
from actions.eligibility import ActionEligibilityResult, ValidateEligibilityForm
from actions.people import ActionAnswerYesNo, ActionHumanHandoff
from bot.core import replies
from bot.core.catalog import settings
from bot.core.catalog.community import nearby_events, stories_for
from bot.core.catalog.rules import load_active_rules
from bot.core.catalog.search import CourseQuery, course_details, haversine_km, search
from bot.core.db.session import get_engine
from bot.core.people.handoff import nearest_liaison
from bot.core.texts import MONTHS

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "data" / "catalog"
TODAY = date(2026, 11, 22)
LANGS = ("nl", "en")


def load(name):
    return yaml.safe_load((CATALOG / name).read_text(encoding="utf-8"))


PLACES = {p["id"]: (p["lat"], p["lon"]) for p in load("locations.yml")["locations"]}
EVENTS = load("events.yml")["events"]
LIAISONS = load("liaisons.yml")["liaisons"]
STORIES = load("role_models.yml")["role_models"]
COURSES = load("courses.yml")["courses"]
PROFILES = [p["id"] for p in load("job_profiles.yml")["job_profiles"]]
INVENTED_COURSES = {c["id"] for c in COURSES if "name" in c.get("illustrative_fields", [])}


def example_traces():
    """Strings that only an example record could put in a reply: its venue, date, address, story, name."""
    traces = {"example.org", "voorbeeld", "example", "Voorbeeld", "Example"}
    for e in EVENTS:
        if e["illustrative"]:
            d = e["date"]
            traces |= {e["venue"], e["title"]["nl"], e["title"]["en"]}
            traces |= {f"{d.day} {MONTHS[lang][d.month - 1]} {d.year}" for lang in LANGS}
    for li in LIAISONS:
        if li["illustrative"]:
            traces |= {li["email"], li["name"], li["hours"]["nl"], li["hours"]["en"]}
            if li.get("phone"):
                traces.add(li["phone"])
    for s in STORIES:
        if s["illustrative"]:
            traces |= {s["story"]["nl"], s["story"]["en"], f"{s['name']}:"}
    for c in COURSES:
        if c["id"] in INVENTED_COURSES:
            traces |= {c["name"]["nl"], c["name"]["en"]}
    return traces


def reply_text(dispatcher: CollectingDispatcher) -> str:
    """Everything an action put into its replies: the values filled into responses and the button titles."""
    parts = []
    for message in dispatcher.messages:
        parts += [str(v) for k, v in message.items() if k not in ("response", "buttons") and v]
        parts += [b["title"] for b in message.get("buttons") or []]
    return "\n".join(parts)


def tracker(slots, intent="", events=None):
    latest = {"text": "", "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    return Tracker(f"u-{uuid.uuid4().hex[:8]}", dict(slots), latest, list(events or []), False, None, {},
                   "action_listen")


@pytest.fixture()
def production(monkeypatch):
    monkeypatch.setenv("CATALOG_MODE", "production")


@pytest.fixture()
def demo(monkeypatch):
    monkeypatch.setenv("CATALOG_MODE", "demo")


# --- the settings -------------------------------------------------------------------------------------------
def test_mode_is_production_unless_demo_is_asked_for(monkeypatch):
    monkeypatch.delenv("CATALOG_MODE", raising=False)
    assert settings.catalog_mode() == "production" and not settings.shows_examples()
    monkeypatch.setenv("CATALOG_MODE", " Demo ")
    assert settings.catalog_mode() == "demo" and settings.shows_examples()


@pytest.mark.parametrize("name, value", [("CATALOG_MODE", "prod"), ("CATALOG_MODE", "live"), ("NEAR_KM", "far"),
                                         ("NEAR_KM", "0"), ("NEAR_KM", "-3")])
def test_a_bad_setting_stops_with_a_clear_error(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(settings.SettingError, match=name):
        settings.log_startup()


def test_startup_log_names_the_mode_and_what_it_hides(use_db, monkeypatch, caplog):
    monkeypatch.setenv("CATALOG_MODE", "production")
    caplog.set_level(logging.INFO, logger="bot.core.catalog.settings")
    assert settings.log_startup() == "production"
    counts = settings.illustrative_counts()
    assert counts["events"] == sum(e["illustrative"] for e in EVENTS)
    assert counts["liaisons"] == sum(li["illustrative"] for li in LIAISONS)
    assert counts["stories"] == sum(s["illustrative"] for s in STORIES)
    assert counts["invented_courses"] == len(INVENTED_COURSES)
    assert f"CATALOG_MODE=production: {sum(counts.values())} illustrative records hidden" in caplog.text


# --- distance: never "near" when far -------------------------------------------------------------------------
@pytest.mark.parametrize("near", ["5", "15", "40"])
@pytest.mark.parametrize("place", sorted(PLACES))
def test_events_are_near_only_within_the_configured_distance(db_url, demo, monkeypatch, place, near):
    monkeypatch.setenv("NEAR_KM", near)
    engine = get_engine(db_url)
    result = nearby_events(TODAY, "nl", place=place, limit=50, engine=engine)
    upcoming = [e for e in EVENTS if e["date"] >= TODAY]
    truth = {e["id"]: haversine_km(*PLACES[place], *PLACES[e["location"]]) for e in upcoming}
    assert result.events, "there are upcoming events, near or not"
    for event in result.events:
        assert event.distance_km == pytest.approx(truth[event.id], abs=0.06)
    if result.near:
        assert all(truth[e.id] <= float(near) for e in result.events)
        assert {e.id for e in result.events} == {i for i, d in truth.items() if d <= float(near)}
    else:
        assert all(d > float(near) for d in truth.values())
        assert result.nearest_km == pytest.approx(min(truth.values()), abs=0.06)
    for lang in LANGS:
        intro = replies.events_intro(nearby_events(TODAY, lang, place=place, engine=engine), lang)
        assert place in intro
        says_nothing_near = "ken ik nog niets" in intro or "I know of nothing near" in intro
        assert says_nothing_near != result.near, intro


@pytest.mark.parametrize("lang, intro", [
    ("nl", "Zo kan het er bij Zaandam in de buurt uitzien. Dit zijn voorbeelden, nog zonder echte datum:"),
    ("en", "This is what events near Zaandam can look like. They are examples, with no real date yet:")])
def test_demo_introduces_examples_as_examples(db_url, demo, lang, intro):
    result = nearby_events(TODAY, lang, place="Zaandam", engine=get_engine(db_url))
    assert result.near and replies.events_intro(result, lang) == intro


def test_zaandam_is_not_near_hilversum(db_url, demo):
    result = nearby_events(TODAY, "nl", place="Hilversum", engine=get_engine(db_url))
    assert not result.near and "Zaandam" not in {e.place for e in result.events[:1]}
    intro = replies.events_intro(result, "nl")
    assert intro.startswith("Bij Hilversum in de buurt ken ik nog niets. Het dichtstbij is ")
    assert f"{result.nearest_km:.0f} km verder, in {result.nearest_place}:" in intro


@pytest.mark.parametrize("place", sorted(PLACES))
def test_liaison_is_the_one_for_the_area_or_named_as_the_nearest(db_url, demo, place):
    liaison = nearest_liaison(place, "en", engine=get_engine(db_url))
    covering = [li for li in LIAISONS if place == li["location"] or place in li.get("covers", [])]
    distance = {li["id"]: haversine_km(*PLACES[place], *PLACES[li["location"]]) for li in LIAISONS}
    if covering:
        assert liaison.covers_place and liaison.id in {li["id"] for li in covering}
    else:
        assert not liaison.covers_place
        assert liaison.id == min(distance, key=lambda i: (distance[i], i))
    assert liaison.distance_km == pytest.approx(distance[liaison.id], abs=0.06)


async def test_oost_hears_that_noord_is_only_the_nearest(use_db, demo):
    dispatcher = CollectingDispatcher()
    await ActionHumanHandoff().run(dispatcher, tracker({"language": "nl", "location": "Oost"}), {})
    first = dispatcher.messages[0]
    assert first["response"] == "utter_liaison_elsewhere" and first["place"] == "Oost"
    assert "Noord" in first["area"] and float(first["km"]) > 0


async def test_a_covered_place_gets_its_own_liaison_without_the_elsewhere_line(use_db, demo):
    dispatcher = CollectingDispatcher()
    await ActionHumanHandoff().run(dispatcher, tracker({"language": "en", "location": "Purmerend"}), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_liaison_example", "utter_offer_callback"]
    assert "Purmerend" in dispatcher.messages[0]["area"]


# --- demo: examples are shown as examples ----------------------------------------------------------------------
@pytest.mark.parametrize("lang, marker", [("nl", "Voorbeeld van een "), ("en", "Example of ")])
def test_demo_marks_every_example_event_and_leaves_out_its_date_and_venue(db_url, demo, lang, marker):
    events = nearby_events(TODAY, lang, limit=50, engine=get_engine(db_url)).events
    assert {e.id for e in events} == {e["id"] for e in EVENTS if e["date"] >= TODAY}
    for event in events:
        line = replies.event_line(event, lang)
        assert event.illustrative
        assert line.startswith(f"• {marker}") and ("nog geen echte datum" in line or "no real date yet" in line)
        assert event.venue not in line and event.time not in line and str(event.date.year) not in line


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("place", sorted(PLACES))
async def test_demo_liaisons_show_no_made_up_contact(use_db, demo, lang, place):
    dispatcher = CollectingDispatcher()
    await ActionHumanHandoff().run(dispatcher, tracker({"language": lang, "location": place}), {})
    text = reply_text(dispatcher)
    assert "utter_liaison_example" in [m["response"] for m in dispatcher.messages]
    assert "utter_liaison" not in [m["response"] for m in dispatcher.messages]
    assert "example.org" not in text and not re.search(r"\d{2}:\d{2}", text)


@pytest.mark.parametrize("lang, marker", [("nl", "Een voorbeeld van een verhaal"), ("en", "An example of a story")])
@pytest.mark.parametrize("profile", PROFILES)
async def test_demo_marks_every_made_up_story(use_db, demo, lang, marker, profile):
    dispatcher = CollectingDispatcher()
    await ActionRoleModels().run(dispatcher, tracker({"language": lang, "job_profile": profile}), {})
    [message] = dispatcher.messages
    if message["response"] == "utter_role_model":
        assert message["intro"].startswith(marker) and message["note"]


# --- production: nothing illustrative reaches a reply -----------------------------------------------------------
def test_production_queries_return_no_illustrative_record(db_url, production):
    engine = get_engine(db_url)
    for place in [None, *PLACES]:
        assert nearby_events(TODAY, "nl", place=place, limit=50, engine=engine).events == []
        assert nearest_liaison(place, "nl", engine=engine) is None
    for profile in [None, *PROFILES]:
        assert stories_for(profile, "en", limit=50, engine=engine) == []
    assert load_active_rules(engine).instruments == []


@pytest.mark.parametrize("place", [None, *sorted(PLACES)])
def test_production_course_search_hides_invented_courses_and_unchecked_values(db_url, production, place):
    engine = get_engine(db_url)
    by_id = {c["id"]: c for c in COURSES}
    for profile in [None, *PROFILES]:
        for free in (False, True):
            result = search(CourseQuery(profile=profile, location=place, free=free), "nl", engine=engine, limit=100)
            assert not set(result.ranked_ids) & INVENTED_COURSES
            for hit in result.hits:
                unchecked = set(by_id[hit.id].get("illustrative_fields", []))
                assert not hit.illustrative
                if "cost_eur" in unchecked:
                    assert hit.cost_eur is None and not hit.is_free and hit.cost_note is None
                    assert not (free and "free" not in result.relaxed)
                if "duration_weeks" in unchecked:
                    assert hit.duration_weeks is None
                if "url" in unchecked:
                    assert hit.url is None
                if "start_note" in unchecked:
                    assert hit.start_note is None
                line = replies.course_line(1, hit, "nl")
                assert "voorbeeld" not in line
    assert course_details(sorted(INVENTED_COURSES), "nl", engine=engine) == []


def test_demo_course_search_still_marks_unchecked_values(db_url, demo):
    hits = course_details([c["id"] for c in COURSES if "start_note" in c.get("illustrative_fields", [])
                           and c.get("start_note")], "en", engine=get_engine(db_url))
    assert hits and all("Start: " in replies.course_line(1, h, "en") for h in hits)
    assert all("(example)" in replies.course_line(1, h, "en").split("Start: ")[1] for h in hits)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("place", [None, *sorted(PLACES)])
async def test_production_replies_carry_no_trace_of_an_example(use_db, production, lang, place):
    traces = example_traces()
    for profile in [None, *PROFILES]:
        slots = {"language": lang, "location": place, "job_profile": profile, "age": 30}
        dispatcher = CollectingDispatcher()
        events = utter_events(dispatcher, tracker(slots), lang)
        await ActionHumanHandoff().run(dispatcher, tracker(slots), {})
        await ActionRoleModels().run(dispatcher, tracker(slots), {})
        events += await ActionEligibilityResult().run(dispatcher, tracker({**slots, "residence": place}), {})
        text = reply_text(dispatcher)
        found = [t for t in traces if t and t in text]
        assert not found, found
        said = [m["response"] for m in dispatcher.messages]
        assert said[0] == "utter_no_events_known" and "utter_no_liaison_known" in said
        assert "utter_eligibility_unconfirmed" in said and "utter_eligibility_result" not in said
        assert "utter_role_model" not in said


async def test_production_fund_check_asks_nothing_and_offers_a_person(use_db, production):
    form = ValidateEligibilityForm()
    dispatcher = CollectingDispatcher()
    assert await form.required_slots([], dispatcher, tracker({"language": "nl"}), {}) == []
    events = await ActionEligibilityResult().run(dispatcher, tracker({"language": "nl", "age": 30}), {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_eligibility_unconfirmed" and len(message["buttons"]) == 2
    assert events[0]["value"] == "callback_consent"
    # "ja" then starts the callback form; "nee" gets no "e-mail the contact yourself"
    asked = [{"event": "user", "text": "x"}, {"event": "slot", "name": "pending_question", "value": "callback_consent"},
             {"event": "user", "text": "nee"}]
    dispatcher = CollectingDispatcher()
    await ActionAnswerYesNo().run(dispatcher, tracker({"pending_question": "callback_consent"}, "deny", asked), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_callback_declined_no_contact"]


async def test_production_under_16_gets_no_call_offer(use_db, production):
    dispatcher = CollectingDispatcher()
    events = utter_events(dispatcher, tracker({"language": "en", "age": 14}), "en")
    await ActionHumanHandoff().run(dispatcher, tracker({"language": "en", "age": 14}), {})
    events += await ActionEligibilityResult().run(dispatcher, tracker({"language": "en", "age": 14}), {})
    assert "callback_consent" not in str(events)
    assert [m["response"] for m in dispatcher.messages] == [
        "utter_no_events", "utter_human_info", "utter_callback_under_16", "utter_eligibility_unconfirmed_short",
        "utter_callback_under_16"]


def test_demo_fund_check_still_gives_marked_example_verdicts(db_url, demo):
    rules = load_active_rules(get_engine(db_url))
    assert rules.illustrative and rules.instruments


# --- real records: what an operator loads is shown in production ------------------------------------------------
def test_a_liaison_area_with_an_unknown_place_is_reported(tmp_path):
    from bot.core.catalog.importer import CatalogError, load_catalog
    from tests.unit.test_catalog_import import copy_catalog, edit

    catalog_dir = copy_catalog(tmp_path)
    edit(catalog_dir / "liaisons.yml", lambda d: d["liaisons"][0].update(covers=["Zaandam", "Atlantis"]))
    with pytest.raises(CatalogError) as err:
        load_catalog(catalog_dir)
    assert err.value.problems == ["liaisons.yml: liaisons: record 1 (id=liaison_zaanstad), field covers: "
                                  "unknown place 'Atlantis'"]


@pytest.fixture()
def real_records(tmp_path, monkeypatch):
    """A catalog where an operator loaded one real liaison (Zuidoost) and one real event (Almere)."""
    from bot.core.catalog.importer import import_catalog
    from bot.core.db.migrate import upgrade
    from tests.unit.test_catalog_import import copy_catalog, edit

    catalog_dir = copy_catalog(tmp_path)

    def real_liaison(data):
        li = next(li for li in data["liaisons"] if li["id"] == "liaison_zuidoost")
        li.update(illustrative=False, email="zuidoost@techconnect.test", source="Operator list, checked 2027-01-10")

    def real_event(data):
        e = next(e for e in data["events"] if e["id"] == "job_market_purmerend")
        e.update(illustrative=False, location="Almere", venue="Stadhuis Almere", date=date(2027, 3, 25),
                 source="Municipality agenda, checked 2027-01-10")

    edit(catalog_dir / "liaisons.yml", real_liaison)
    edit(catalog_dir / "events.yml", real_event)
    url = f"sqlite:///{tmp_path / 'real.sqlite3'}"
    upgrade(url)
    import_catalog(catalog_dir, engine=get_engine(url))
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("CATALOG_MODE", "production")
    return url


async def test_production_shows_real_records_with_their_details(real_records):
    dispatcher = CollectingDispatcher()
    await ActionHumanHandoff().run(dispatcher, tracker({"language": "nl", "location": "Diemen"}), {})
    liaison = dispatcher.messages[0]
    assert liaison["response"] == "utter_liaison" and liaison["contact"] == "zuidoost@techconnect.test"
    dispatcher = CollectingDispatcher()
    await ActionHumanHandoff().run(dispatcher, tracker({"language": "en", "location": "Haarlem"}), {})
    assert [m["response"] for m in dispatcher.messages][:2] == ["utter_liaison_elsewhere", "utter_liaison"]
    nearby = nearby_events(TODAY, "nl", place="Almere")
    [event] = nearby.events
    assert nearby.near and event.id == "job_market_purmerend"
    line = replies.event_line(event, "nl")
    assert line.startswith("• 25 mrt 2027, 16:00: ") and "Stadhuis Almere" in line and "Voorbeeld" not in line
    far = nearby_events(TODAY, "en", place="Haarlem")
    assert not far.near and far.nearest_place == "Almere" and far.nearest_km > 15


def test_catalog_check_lists_what_is_still_an_example(capsys):
    from bot.cli.main import main

    assert main(["catalog", "check"]) == 0
    out = capsys.readouterr().out
    assert f"events={sum(e['illustrative'] for e in EVENTS)} (" in out
    assert f"courses={len(INVENTED_COURSES)} (" in out and "workforce_pact_data_amsterdam" in out
    assert "liaison_zaanstad" in out and "samira_data_analyst" in out


async def test_a_place_in_the_message_itself_chooses_the_liaison(use_db, demo):
    latest = {"text": "kan ik iemand spreken? ik woon in amsterdam oost", "intent": {"name": "request_human"},
              "entities": [{"entity": "location", "value": "Oost"}]}
    asking = Tracker("u-oost", {"language": "nl", "location": "Almere"}, latest, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    await ActionHumanHandoff().run(dispatcher, asking, {})
    assert dispatcher.messages[0]["response"] == "utter_liaison_elsewhere"
    assert dispatcher.messages[0]["place"] == "Oost"
