import pytest

from bot.core.eligibility import UNKNOWN
from bot.core.understanding.answers import (
    age_correction,
    parse_age,
    parse_partner,
    parse_place,
    parse_work_situation,
    parse_yes_no,
)


@pytest.mark.parametrize("text, age", [
    ("24", 24), ("ik ben 24", 24), ("24 jaar", 24), ("I'm 31", 31), ("vierentwintig", 24),
    ("twenty two", 22), ("twenty-two", 22), ("weet ik niet", UNKNOWN), ("idk", UNKNOWN), ("geen idee", UNKNOWN),
    ("banaan", None), ("", None), ("5", None), ("veertig", 40),
])
def test_parse_age(text, age):
    assert parse_age(text) == age


@pytest.mark.parametrize("text, age", [
    ("oh wacht, ik ben 24", 24), ("oh wait, I'm 24", 24), ("actually 31 years", 31), ("ik heb een ww uitkering", None),
])
def test_age_correction(text, age):
    assert age_correction(text) == age


@pytest.mark.parametrize("text, value", [
    ("ja", "yes"), ("jaa hoor", "yes"), ("yes", "yes"), ("👍", "yes"), ("nee", "no"), ("nope", "no"),
    ("no i don't", "no"), ("weet ik niet", UNKNOWN), ("don't know", UNKNOWN), ("misschien banaan", None),
])
def test_parse_yes_no(text, value):
    assert parse_yes_no(text) == value


@pytest.mark.parametrize("text, value", [
    ("ik heb een ww uitkering", "unemployed_ww"), ("ww", "unemployed_ww"), ("bijstand", "bijstand"),
    ("i'm on welfare", "bijstand"), ("ik werk", "employed"), ("i work part-time", "employed"),
    ("ik werk niet", "none_other"), ("zzp", "self_employed"), ("ik studeer", "student"),
    ("geen werk", "none_other"), ("weet ik niet", UNKNOWN), ("blauw", None),
])
def test_parse_work_situation(text, value):
    assert parse_work_situation(text) == value


@pytest.mark.parametrize("text, value", [
    ("partner werkt", "works_or_studies"), ("geen partner", "no_partner"), ("partner does not work", "other"),
    ("no partner", "no_partner"), ("weet ik niet", UNKNOWN),
])
def test_parse_partner(text, value):
    assert parse_partner(text) == value


@pytest.mark.parametrize("text, value", [
    ("Zaandam", "Zaandam"), ("ik woon in poelenburg", "Zaandam"), ("bijlmer", "Zuidoost"),
    ("Rotterdam", "elsewhere"), ("weet ik niet", UNKNOWN), ("1234 !!", None),
])
def test_parse_place(text, value):
    assert parse_place(text) == value
