"""Money rules: each with a source and a checked date; the fund check asks about children before childcare,
gives no pre-financing for a free course, never assumes a partner, and gives the same verdict whether an answer
was tapped, typed as the button's text or typed as its number."""
import datetime as dt
import itertools
from pathlib import Path

import pytest
import yaml

from actions.eligibility import PARSERS
from bot.core import messages
from bot.core.catalog import importer
from bot.core.catalog.money import money_notes, money_rules
from bot.core.eligibility import ELIGIBLE, MAYBE, NOT_ELIGIBLE, Criterion, Instrument, Rules, evaluate, needed_fields
from bot.core.understanding.buttons import pick_button
from bot.core.understanding.outside import default_topics
from tools.domain_files import load_domain

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "data" / "catalog"
FUNDING = yaml.safe_load((CATALOG / "funding.yml").read_text())
DOMAIN = load_domain()


def _rules() -> Rules:
    return Rules(version="t", questions=FUNDING["questions"], illustrative=True, instruments=[
        Instrument(key=i["key"], name=i["name"], description=i["description"], next_step=i["next_step"],
                   source=i["source"], criteria=[Criterion(c["field"], c["operator"], c["value"], c["fail"], c["pass"])
                                                 for c in i["criteria"]]) for i in FUNDING["instruments"]])


def _checked(value) -> bool:
    return isinstance(value, dt.date) or bool(dt.date.fromisoformat(str(value)))


def test_every_rule_and_instrument_has_a_source_and_a_checked_date():
    records = ([FUNDING["rule_set"]] + FUNDING["instruments"]
               + yaml.safe_load((CATALOG / "money_rules.yml").read_text())["rules"]
               + yaml.safe_load((CATALOG / "outside_topics.yml").read_text())["topics"])
    assert len(records) > 20
    for record in records:
        assert str(record.get("source") or "").strip(), record.get("key")
        assert _checked(record["checked"]), record.get("key")
    assert all(topic.source and topic.checked for topic in default_topics())
    # the catalog import refuses a funding file without them
    assert "checked" in importer.schema.InstrumentRecord.__fields__


def test_every_question_of_the_check_can_be_named_when_it_is_still_unknown():
    from bot.core.texts import TEXTS

    for field in FUNDING["questions"]:
        assert f"field_{field}" in TEXTS and f"utter_ask_{field}" in DOMAIN["responses"], field


@pytest.mark.parametrize("accredited", [True, False])
def test_exactly_one_money_rule_for_every_age(accredited):
    awards = "hbo" if accredited else None
    for age in [None, *range(12, 90)]:
        applying = [r.key for r in money_rules() if r.applies(accredited, age)]
        assert len(applying) == 1, (age, applying)
        assert money_notes(awards, age, "nl") and money_notes(awards, age, "en")


def test_money_notes_by_age_and_programme():
    assert "geen erkende opleiding" in money_notes(None, 25, "nl")[0]  # Codam, bootcamps: no DUO
    assert "vanaf 18" in money_notes("mbo4", 16, "nl")[0]
    assert "levenlanglerenkrediet" in money_notes("hbo", 47, "nl")[0]
    assert "57" in money_notes("hbo", 60, "nl")[0]


def test_children_are_asked_about_before_childcare_and_only_parents_are_asked_about_childcare():
    questions = FUNDING["questions"]
    assert questions.index("has_children") < questions.index("children_in_childcare")
    rules = _rules()
    base = {"age": 34, "residence": "Almere", "work_situation": "bijstand", "course_chosen": "yes",
            "course_paid": "yes", "course_short": "yes", "has_laptop": "yes"}
    assert needed_fields(rules, base)[0] == "has_children"
    assert "children_in_childcare" not in needed_fields(rules, {**base, "has_children": "no"})
    assert "partner_situation" not in needed_fields(rules, {**base, "has_children": "no"})


def test_a_single_parent_is_never_told_a_partner_must_work():
    answers = {"age": 34, "residence": "Almere", "work_situation": "bijstand", "course_chosen": "yes",
               "course_paid": "yes", "course_short": "yes", "has_children": "yes", "children_in_childcare": "yes",
               "partner_situation": "no_partner", "has_laptop": "no"}
    for lang in ("nl", "en"):
        childcare = next(o for o in evaluate(_rules(), answers, lang) if o.key == "keep_childcare")
        assert childcare.status == ELIGIBLE and "moet" not in childcare.reason and "need" not in childcare.reason


def test_a_free_course_gets_no_tuition_prefinancing():
    answers = {"age": 25, "residence": "Zaandam", "work_situation": "unemployed_ww", "course_chosen": "yes",
               "course_paid": "no"}
    outcomes = {o.key: o for o in evaluate(_rules(), answers, "nl")}
    assert outcomes["prefinancing"].status == NOT_ELIGIBLE and "gratis" in outcomes["prefinancing"].reason
    assert outcomes["income_share"].status == NOT_ELIGIBLE
    assert "course_paid" not in needed_fields(_rules(), answers)
    paid = {o.key: o.status for o in evaluate(_rules(), {**answers, "course_paid": "yes"}, "nl")}
    assert paid["prefinancing"] == ELIGIBLE
    assert {o.key: o.status for o in evaluate(_rules(), {**answers, "course_paid": None}, "nl")}["prefinancing"] \
        == MAYBE


def _buttons(field: str, lang: str):
    variant = messages.translate_variation(DOMAIN["responses"][f"utter_ask_{field}"][0], lang)
    return variant.get("buttons") or []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_typed_and_tapped_answers_give_identical_verdicts(lang):
    fields = [f for f in FUNDING["questions"] if _buttons(f, lang)]
    assert {"has_children", "course_paid", "children_in_childcare", "partner_situation"} <= set(fields)
    ways = {"tapped": lambda b, n, bs: b["payload"], "title": lambda b, n, bs: b["title"],
            "number": lambda b, n, bs: pick_button(str(n), bs)}
    rules = _rules()
    base = {"age": 30, "residence": "Amsterdam"}
    parsed = {}  # (way, field, index) -> the answer the check stores
    for way, typed in ways.items():
        for field in fields:
            buttons = _buttons(field, lang)
            for index, button in enumerate(buttons):
                parsed[way, field, index] = PARSERS[field](typed(button, index + 1, buttons))
                assert parsed[way, field, index] is not None, (field, way, button)
    verdicts = 0
    for combo in itertools.product(*[range(len(_buttons(f, lang))) for f in fields]):
        by_way = {way: [(o.key, o.status, o.reason) for o in evaluate(rules, {
            **base, **{f: parsed[way, f, i] for f, i in zip(fields, combo)}}, lang)] for way in ways}
        assert by_way["tapped"] == by_way["title"] == by_way["number"], combo
        verdicts += 1
    assert verdicts > 100


def test_instruments_for_another_situation_are_one_short_line_after_what_may_work():
    from bot.core.replies import eligibility_lines

    answers = {"age": 47, "residence": "Purmerend", "work_situation": "unemployed_ww", "course_chosen": "yes",
               "course_paid": "yes", "course_short": "yes", "has_children": "no", "has_laptop": "yes"}
    for lang, other, benefit in (("nl", "Niet voor jouw situatie", "bijstand"),
                                 ("en", "Not for your situation", "social assistance")):
        lines = eligibility_lines(evaluate(_rules(), answers, lang), lang).splitlines()
        assert lines[0].startswith("✅") and other in lines[-1]
        assert benefit in lines[-1] and not any(line.startswith("❌") and benefit in line for line in lines)
