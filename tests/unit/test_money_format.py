"""Amounts of money: one way to write them (bot/core/money_format.py)."""
import pytest

from bot.core.money_format import euros, thousands


@pytest.mark.parametrize("amount, plain", [(0, "0"), (950, "950"), (1234, "1.234"), (2500, "2.500"),
                                           (1234567, "1.234.567"), (-1500, "-1.500")])
def test_thousands_get_a_dot_and_euros_the_sign_without_a_space(amount, plain):
    assert thousands(amount) == plain
    assert euros(amount) == "€" + plain
