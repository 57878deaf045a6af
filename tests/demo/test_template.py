"""The phrase template language."""

from __future__ import annotations

import random

import pytest

from workbench.demo.catalog import PRODUCTS
from workbench.demo.compose import Composer
from workbench.demo.phrases_neg import NEGATIVE
from workbench.demo.phrases_pos import POSITIVE
from workbench.demo.template import expand


def test_alternatives_nest_and_slots_fill() -> None:
    seen = {expand(random.Random(i), "{很{慢|卡}|一般}<p>{|！}", {"p": "耳机"}) for i in range(200)}
    assert seen == {"很慢耳机", "很卡耳机", "一般耳机", "很慢耳机！", "很卡耳机！", "一般耳机！"}


def test_missing_slot_is_a_bug_not_silence() -> None:
    with pytest.raises(KeyError):
        expand(random.Random(0), "<nope>", {})


def test_every_template_of_every_topic_expands_for_every_product() -> None:
    composer = Composer(random.Random(0))
    for topic in {**NEGATIVE, **POSITIVE}:
        for product in PRODUCTS:
            for _ in range(5):
                text = composer.clause(topic, product) if _has_template(topic, product.kind) else "x"
                assert "{" not in text and "<" not in text and "[" not in text


def _has_template(topic: str, kind: str) -> bool:
    from workbench.demo.compose import BANKS, _fits

    return any(_fits(t, kind) for t in BANKS[topic])
