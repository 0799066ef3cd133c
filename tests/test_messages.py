"""Every user-visible text exists in every shipped language's message catalog (locale/, bot/core/messages.py),
with the same placeholders; the domain's responses name keys that exist."""
import re
from pathlib import Path

import pytest

from bot.core import messages
from bot.core.texts import TEXTS
from tools.domain_files import load_domain, load_rules, rules_text

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = load_domain()
RESPONSES = DOMAIN["responses"]
PLACEHOLDER = re.compile(r"{(\w+)}")
SHIPPED = ("nl", "en")
SOURCE = messages.catalog(messages.SOURCE_LANGUAGE)


def response_keys(name):
    """The catalog keys a response names: its text and its button titles."""
    for variation in RESPONSES[name]:
        yield variation["text"]
        yield from (button["title"] for button in variation.get("buttons", []))


def test_the_shipped_languages_have_catalogs_and_dutch_comes_first():
    assert messages.languages()[: len(SHIPPED)] == SHIPPED


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_response_names_keys_of_the_catalog_and_has_one_variation(name):
    assert len(RESPONSES[name]) == 1 and not RESPONSES[name][0].get("condition"), name
    for key in response_keys(name):
        assert key.startswith(name) and key in SOURCE, f"{name}: {key} is not in the Dutch catalog"


@pytest.mark.parametrize("language", SHIPPED)
def test_every_key_has_a_text_in_every_shipped_language(language):
    catalog = messages.catalog(language)
    missing = [key for key in SOURCE if not catalog.get(key, "").strip()]
    assert missing == [], f"{language}: no text for {missing[:10]}"
    unknown = [key for key in catalog if key not in SOURCE and not key.endswith(".payload")]
    assert unknown == [], f"{language}: keys the Dutch catalog does not have: {unknown[:10]}"


@pytest.mark.parametrize("language", SHIPPED[1:])
def test_translations_use_the_same_placeholders(language):
    def names(text):  # a language may capitalise a word it starts with: {One} / {one} is the same word
        return {name.lower() for name in PLACEHOLDER.findall(text)}

    for key, dutch in SOURCE.items():
        assert names(dutch) == names(messages.text(key, language)), key


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_buttons_answer_in_words_per_language_and_intents_stay_the_same(name):
    for variation in RESPONSES[name]:
        for button in variation.get("buttons", []):
            override = f"{button['title']}.payload"
            for language in SHIPPED:
                if button["payload"].startswith("/"):
                    # Intent payloads are the same in every language.
                    assert not messages.has(override, language), f"{name}: {override}"
                assert messages.text(button["title"], language).strip()


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_english_text_is_not_a_copy_of_the_dutch_text(name):
    for key in response_keys(name):
        nl, en = messages.text(key, "nl"), messages.text(key, "en")
        only_placeholders = not PLACEHOLDER.sub("", nl).strip(" :\n")
        if nl == en and key == name:
            assert only_placeholders or nl.startswith("Tip:"), f"{name}: English text equals Dutch"


def test_a_language_without_a_catalog_gets_dutch_and_arabic_reads_right_to_left():
    assert messages.text("utter_greet", "tr") == SOURCE["utter_greet"]
    assert messages.direction("ar") == "rtl" and messages.direction("nl") == "ltr"


def test_every_intent_has_an_answer():
    rules = load_rules()
    answered = {step["intent"] for rule in rules for step in rule["steps"] if "intent" in step}
    assert set(DOMAIN["intents"]) <= answered


def test_code_texts_have_both_languages():
    for key, value in TEXTS.items():
        assert set(value) >= {"nl", "en"}, key
        assert value["nl"].strip() and value["en"].strip(), key


def test_every_response_is_used():
    """Each response is uttered by a rule/story or by name in the action code (no dead texts)."""
    used = rules_text() + (ROOT / "data" / "stories.yml").read_text()
    used += "".join(p.read_text() for p in (ROOT / "actions").glob("*.py"))
    form_slots = {slot for form in DOMAIN.get("forms", {}).values() for slot in form["required_slots"]}
    form_questions = {f"{name}_{slot}" for name, form in DOMAIN.get("forms", {}).items()
                      for slot in form["required_slots"]}
    for name in RESPONSES:
        if name.startswith("utter_requirements_") and 'f"utter_requirements_{topic}"' in used:
            continue
        if name.startswith("utter_invalid_") and 'f"utter_invalid_{slot}"' in used and name not in used:
            assert name[len("utter_invalid_"):] in form_slots, name
            continue
        if name.startswith("utter_ask_") and name[len("utter_ask_"):] in form_slots | form_questions:
            continue  # asked by the form
        assert name in used, f"{name} is never uttered"


def test_every_form_question_and_re_ask_exists():
    """Each slot a form asks has its question (for this form, or shared) and its re-ask after a bad answer
    (the callback form re-asks the age with its own text: utter_invalid_callback_age)."""
    for form_name, form in DOMAIN.get("forms", {}).items():
        for slot in form["required_slots"]:
            assert {f"utter_ask_{form_name}_{slot}", f"utter_ask_{slot}"} & set(RESPONSES), slot
            assert {f"utter_invalid_{slot}", f"utter_invalid_callback_{slot}"} & set(RESPONSES), slot


def test_the_translators_template_is_up_to_date():
    """locale/messages.pot has every key with its Dutch text as a comment (`techconnect texts template`)."""
    import io

    from babel.messages.pofile import write_po

    from bot.cli import texts

    written = io.BytesIO()
    write_po(written, texts.template(), width=116, omit_header=True)
    assert texts.TEMPLATE.read_bytes() == written.getvalue(), "run: techconnect texts template"


def test_a_new_language_is_a_new_catalog(tmp_path, monkeypatch):
    """A catalog with some texts in a new language: the guide's responses use them, Dutch where one is missing."""
    import asyncio
    import shutil

    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.cli import texts
    from bot.rasa_ext.nlg import CatalogNaturalLanguageGenerator

    shutil.copytree(messages.LOCALE_DIR, tmp_path / "locale")
    monkeypatch.setattr(messages, "LOCALE_DIR", tmp_path / "locale")
    for cached in (messages.languages, messages.catalog):
        cached.cache_clear()
    try:
        texts.new_catalog("tr")
        po = messages.catalog_path("tr")
        po.write_text(po.read_text(encoding="utf-8").replace(
            'msgid "utter_goodbye"\nmsgstr ""', 'msgid "utter_goodbye"\nmsgstr "Görüşürüz!"'), encoding="utf-8")
        assert messages.languages() == ("nl", "en", "tr")
        assert texts.missing("tr") and "utter_goodbye" not in texts.missing("tr")
        domain = Domain.load(str(ROOT / "domain"))
        nlg = CatalogNaturalLanguageGenerator(domain=domain)
        tracker = DialogueStateTracker.from_events("t", [SlotSet("language", "tr")], domain.slots)
        assert asyncio.run(nlg.generate("utter_goodbye", tracker, "rest"))["text"] == "Görüşürüz!"
        assert asyncio.run(nlg.generate("utter_greet", tracker, "rest"))["text"] == SOURCE["utter_greet"]
    finally:
        for cached in (messages.languages, messages.catalog):
            cached.cache_clear()


def test_the_server_gets_the_catalog_generator_and_hands_it_the_domain_when_the_model_loads():
    """Rasa creates the endpoints file's generator before the model (and its domain) is loaded, then sets the
    responses of a Templated generator; ours must render from then on."""
    import asyncio

    from rasa.core.nlg import NaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import read_endpoint_config

    from bot.rasa_ext.nlg import CatalogNaturalLanguageGenerator

    nlg = NaturalLanguageGenerator.create(read_endpoint_config(str(ROOT / "endpoints.yml"), "nlg"), None)
    assert isinstance(nlg, CatalogNaturalLanguageGenerator)
    domain = Domain.load(str(ROOT / "domain"))
    nlg.responses = domain.responses  # what Agent.load_model does
    tracker = DialogueStateTracker.from_events("s", [SlotSet("language", "en")], domain.slots)
    assert asyncio.run(nlg.generate("utter_goodbye", tracker, "rest"))["text"] == messages.text("utter_goodbye", "en")
