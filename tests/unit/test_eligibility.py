"""Table-driven: 36 situations -> expected outcome per TechEduFonds instrument, with the rules from the database.

Columns: prefinancing, keep_ww, keep_bijstand, keep_childcare, income_share, laptop_loan.
E = eligible, M = maybe (an answer is missing or "don't know"), N = not eligible.
"""
import pytest

from bot.core.catalog.rules import load_active_rules
from bot.core.eligibility import ELIGIBLE, MAYBE, NOT_ELIGIBLE, UNKNOWN, evaluate, needed_fields

CODES = {"E": ELIGIBLE, "M": MAYBE, "N": NOT_ELIGIBLE}
KEYS = ["prefinancing", "keep_ww", "keep_bijstand", "keep_childcare", "income_share", "laptop_loan"]

BASE = {"age": 30, "residence": "Zaandam", "work_situation": "employed", "course_chosen": "yes", "course_paid": "yes",
        "course_short": "yes", "has_children": "yes", "children_in_childcare": "no", "partner_situation": "no_partner",
        "has_laptop": "yes"}

SITUATIONS = [
    ("employed adult, course chosen, has laptop", {}, "ENNNEN"),
    ("no laptop", {"has_laptop": "no"}, "ENNNEE"),
    ("no laptop, no course chosen yet", {"has_laptop": "no", "course_chosen": "no"}, "NNNNNN"),
    ("17 years old", {"age": 17}, "NNNNNN"),
    ("exactly 18", {"age": 18}, "ENNNEN"),
    ("66, below state pension age", {"age": 66}, "ENNNEN"),
    ("67, state pension age", {"age": 67}, "NNNNEN"),
    ("age unknown", {"age": UNKNOWN}, "MNNNMN"),
    ("age not given at all", {"age": None}, "MNNNMN"),
    ("on student finance", {"work_situation": "student"}, "NNNNEN"),
    ("WW, short course", {"work_situation": "unemployed_ww"}, "EENNEN"),
    ("WW, long course", {"work_situation": "unemployed_ww", "course_short": "no"}, "ENNNEN"),
    ("WW, course length unknown", {"work_situation": "unemployed_ww", "course_short": UNKNOWN}, "EMNNEN"),
    ("bijstand in Zaandam", {"work_situation": "bijstand"}, "ENENEN"),
    ("bijstand in Nieuw-West", {"work_situation": "bijstand", "residence": "Nieuw-West"}, "ENENEN"),
    ("bijstand in Almere", {"work_situation": "bijstand", "residence": "Almere"}, "ENENEN"),
    ("bijstand outside the region", {"work_situation": "bijstand", "residence": "elsewhere"}, "ENNNEN"),
    ("bijstand, place unknown", {"work_situation": "bijstand", "residence": UNKNOWN}, "ENMNEN"),
    ("work situation unknown", {"work_situation": UNKNOWN}, "MMMNEN"),
    ("self-employed", {"work_situation": "self_employed"}, "ENNNEN"),
    ("no job, no benefit", {"work_situation": "none_other"}, "ENNNEN"),
    ("child in childcare, no partner", {"children_in_childcare": "yes"}, "ENNEEN"),
    ("child in childcare, partner works", {"children_in_childcare": "yes", "partner_situation": "works_or_studies"},
     "ENNEEN"),
    ("child in childcare, partner at home", {"children_in_childcare": "yes", "partner_situation": "other"}, "ENNNEN"),
    ("child in childcare, partner unknown", {"children_in_childcare": "yes", "partner_situation": UNKNOWN}, "ENNMEN"),
    ("childcare unknown", {"children_in_childcare": UNKNOWN}, "ENNMEN"),
    ("course choice unknown", {"course_chosen": UNKNOWN}, "MNNNMN"),
    ("course choice unknown, no laptop", {"course_chosen": UNKNOWN, "has_laptop": "no"}, "MNNNMM"),
    ("laptop unknown", {"has_laptop": UNKNOWN}, "ENNNEM"),
    ("WW, childcare, no laptop", {"work_situation": "unemployed_ww", "children_in_childcare": "yes",
                                  "has_laptop": "no"}, "EENEEE"),
    ("bijstand, childcare, partner works, no laptop",
     {"work_situation": "bijstand", "children_in_childcare": "yes", "partner_situation": "works_or_studies",
      "has_laptop": "no"}, "ENEEEE"),
    ("16-year-old student without laptop", {"age": 16, "work_situation": "student", "has_laptop": "no"}, "NNNNNE"),
    ("everything unknown", {k: UNKNOWN for k in BASE}, "MMMMMM"),
    ("nothing answered", {k: None for k in BASE}, "MMMMMM"),
    ("WW, 45, no course chosen", {"work_situation": "unemployed_ww", "age": 45, "course_chosen": "no"}, "NENNNN"),
    ("student with child in childcare, no partner",
     {"work_situation": "student", "children_in_childcare": "yes"}, "NNNEEN"),
    ("a free course: no fee to pay in advance or back", {"course_paid": "no"}, "NNNNNN"),
    ("a free course on WW, no laptop", {"course_paid": "no", "work_situation": "unemployed_ww", "has_laptop": "no"},
     "NENNNE"),
    ("fee not known yet", {"course_paid": UNKNOWN}, "MNNNMN"),
    ("no children", {"has_children": "no", "children_in_childcare": None, "partner_situation": None}, "ENNNEN"),
    ("children not asked yet", {"has_children": None, "children_in_childcare": None}, "ENNMEN"),
]


@pytest.fixture(scope="module")
def rules(db_url):
    from bot.core.db.session import get_engine

    return load_active_rules(get_engine(db_url))


def test_at_least_thirty_situations():
    assert len(SITUATIONS) >= 30


@pytest.mark.parametrize("description, changes, expected", SITUATIONS, ids=[s[0] for s in SITUATIONS])
def test_outcomes(rules, description, changes, expected):
    answers = {k: v for k, v in {**BASE, **changes}.items() if v is not None}
    outcomes = evaluate(rules, answers, "en")
    assert [o.key for o in outcomes] == KEYS
    assert [o.status for o in outcomes] == [CODES[c] for c in expected], description


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_outcome_has_a_reason_and_next_step(rules, lang):
    answers = {**BASE, "work_situation": "bijstand", "has_laptop": UNKNOWN}
    for outcome in evaluate(rules, answers, lang):
        assert outcome.next_step
        if outcome.status == MAYBE:
            assert outcome.missing
        else:
            assert outcome.reason


def test_never_eligible_while_a_criterion_is_unknown(rules):
    for key in BASE:
        answers = {**BASE, "work_situation": "unemployed_ww", "children_in_childcare": "yes", "has_laptop": "no",
                   key: UNKNOWN}
        for outcome in evaluate(rules, answers, "nl"):
            instrument = next(i for i in rules.instruments if i.key == outcome.key)
            if key in {c.field for c in instrument.criteria}:
                assert outcome.status != ELIGIBLE, (key, outcome.key)


def test_only_needed_questions_are_asked(rules):
    assert needed_fields(rules, {})[0] == "age"
    # An employed 30-year-old: WW and bijstand questions are moot, so the WW course-length question is skipped.
    answers = {"age": 30, "residence": "Haarlem", "work_situation": "employed"}
    needed = needed_fields(rules, answers)
    assert "course_short" not in needed
    assert needed == ["course_chosen", "course_paid", "has_children", "children_in_childcare", "partner_situation",
                      "has_laptop"]
    # On WW the course length matters.
    assert "course_short" in needed_fields(rules, {**answers, "work_situation": "unemployed_ww"})
    # Without a child in childcare, the partner question is not asked.
    assert "partner_situation" not in needed_fields(rules, {**answers, "children_in_childcare": "no"})
    # Without children, neither childcare nor the partner is asked about.
    no_children = needed_fields(rules, {**answers, "has_children": "no"})
    assert "children_in_childcare" not in no_children and "partner_situation" not in no_children
    # A course without a fee: nothing to pre-finance, so the fee is not asked once known.
    assert "course_paid" not in needed_fields(rules, {**answers, "course_chosen": "no"})
    assert needed_fields(rules, {**BASE}) == []


def test_rules_are_versioned_and_marked_illustrative(rules):
    assert rules.version and rules.illustrative
