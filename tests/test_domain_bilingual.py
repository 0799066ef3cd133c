"""Every user-visible text exists in Dutch and English, with the same buttons and placeholders."""
import re
from pathlib import Path

import pytest
import yaml

from bot.core.texts import TEXTS

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
RESPONSES = DOMAIN["responses"]
PLACEHOLDER = re.compile(r"{(\w+)}")


def split_variations(variations):
    dutch = [v for v in variations if not v.get("condition")]
    english = [v for v in variations
               if v.get("condition") == [{"type": "slot", "name": "language", "value": "en"}]]
    return dutch, english


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_response_has_dutch_default_and_english_twin(name):
    variations = RESPONSES[name]
    dutch, english = split_variations(variations)
    assert dutch, f"{name}: no Dutch (unconditioned) variation"
    assert english, f"{name}: no English variation (condition language == en)"
    assert len(dutch) + len(english) == len(variations), f"{name}: a variation has an unexpected condition"
    assert len(dutch) == len(english), f"{name}: Dutch and English have a different number of variations"


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_twins_use_the_same_placeholders_and_buttons(name):
    dutch, english = split_variations(RESPONSES[name])
    for nl, en in zip(dutch, english):
        assert set(PLACEHOLDER.findall(nl["text"])) == set(PLACEHOLDER.findall(en["text"])), name
        nl_buttons = [b["payload"] for b in nl.get("buttons", [])]
        en_buttons = [b["payload"] for b in en.get("buttons", [])]
        assert len(nl_buttons) == len(en_buttons), f"{name}: a different number of buttons"
        for p_nl, p_en in zip(nl_buttons, en_buttons):
            # Intent payloads are the same in both languages; answer buttons in a form send text in each language.
            if p_nl.startswith("/") or p_en.startswith("/"):
                assert p_nl == p_en, f"{name}: button payloads differ between Dutch and English"
        for b_nl, b_en in zip(nl.get("buttons", []), en.get("buttons", [])):
            assert b_nl["title"].strip() and b_en["title"].strip()


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_english_twin_is_not_a_copy_of_the_dutch_text(name):
    dutch, english = split_variations(RESPONSES[name])
    for nl, en in zip(dutch, english):
        only_placeholders = not PLACEHOLDER.sub("", nl["text"]).strip(" :\n")
        if nl["text"] == en["text"]:
            assert only_placeholders or nl["text"].startswith("Tip:"), f"{name}: English text equals Dutch"


def test_every_intent_has_an_answer():
    rules = yaml.safe_load((ROOT / "data" / "rules.yml").read_text(encoding="utf-8"))["rules"]
    answered = {step["intent"] for rule in rules for step in rule["steps"] if "intent" in step}
    assert set(DOMAIN["intents"]) <= answered


def test_code_texts_have_both_languages():
    for key, value in TEXTS.items():
        assert set(value) == {"nl", "en"}, key
        assert value["nl"].strip() and value["en"].strip(), key


def test_every_response_is_used():
    """Each response is uttered by a rule/story or by name in the action code (no dead texts)."""
    used = (ROOT / "data" / "rules.yml").read_text() + (ROOT / "data" / "stories.yml").read_text()
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
