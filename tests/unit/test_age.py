"""One range of ages, wherever an age is read (bot/core/person/age.py)."""
import pytest

from actions.people import parse_callback_age
from bot.core.person.age import MAX_AGE, MIN_AGE, plausible_age, within_limits
from bot.core.person.facts import facts_in
from bot.core.understanding.answers import age_correction, parse_age


def test_the_range():
    assert (MIN_AGE, MAX_AGE) == (10, 85)
    assert [n for n in range(0, 120) if plausible_age(n)] == list(range(10, 86))
    assert not plausible_age("24") and not plausible_age(None) and not plausible_age(24.0)


@pytest.mark.parametrize("n", [9, 10, 11, 12, 13, 50, 84, 85, 86, 91, 99, 100, 101])
def test_every_reader_of_an_age_keeps_the_same_ones(n):
    kept = n if MIN_AGE <= n <= MAX_AGE else None
    assert parse_age(str(n)) == kept
    assert age_correction(f"oh wacht, ik ben {n}") == kept
    assert parse_callback_age(str(n)) == kept == parse_callback_age(n)
    if n >= 10:  # the message reader takes two-digit ages only
        assert facts_in(f"ik ben {n}").get("age") == kept


def test_a_form_answer_takes_the_first_number_that_can_be_an_age():
    assert parse_age("ik ben 91, nee 19") == 19
    assert parse_age("5 jaar op school gezeten, nu 17") == 17


@pytest.mark.parametrize("age, low, high, fits", [
    (17, 18, None, False), (18, 18, None, True), (30, None, 29, False), (29, None, 29, True), (40, None, None, True),
    (20, 18, 30, True), (31, 18, 30, False),
])
def test_age_limits_open_on_either_side(age, low, high, fits):
    """Admission rules (Codam 18+) and money rules (DUO before 30) read their limits the same way."""
    assert within_limits(age, low, high) is fits


@pytest.mark.parametrize("text", ["waar ik 19 jaar administratief medewerker was", "met 19 jaar administratie",
                                  "ik heb daar 25 jaar gewerkt", "20 jaar getrouwd"])
def test_years_of_work_or_marriage_are_no_age(text):
    assert facts_in(text).get("age") is None
