"""The synthetic personal data must be valid, so that maskers have real work to do."""

from __future__ import annotations

import random
import re

from workbench.demo import pii


def test_id_check_digit_matches_the_published_example() -> None:
    assert pii.id_valid("11010519491231002X")
    assert not pii.id_valid("110105194912310021")


def test_luhn_matches_the_textbook_example() -> None:
    assert pii.luhn_ok("79927398713")
    assert not pii.luhn_ok("79927398710")


def test_generated_values_are_valid() -> None:
    rng = random.Random(3)
    for _ in range(500):
        assert pii.id_valid(pii.id_number(rng))
        card = pii.bank_card(rng)
        assert len(card) in (16, 19) and pii.luhn_ok(card)
        assert re.fullmatch(r"1[3-9]\d{9}", pii.mobile(rng))
        order = pii.order_number(rng)
        assert len(order) == 19 and not pii.luhn_ok(order)
        assert re.fullmatch(r"[a-z._]+\d+@[a-z0-9.]+", pii.email(rng, "lily."))
        assert re.search(r"[市区].+号.+栋\d+室$", pii.address(rng))
