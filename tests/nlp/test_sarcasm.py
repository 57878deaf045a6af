"""Politeness formulas carrying a grievance are negative; sincere thanks are not."""

from __future__ import annotations

import pytest

from workbench.nlp.rules import RuleSet
from workbench.nlp.sarcasm import polite_complaint
from workbench.tagging.results import RecordInput
from workbench.tagging.rule_tagger import rule_result
from workbench.taxonomy.model import Node, Taxonomy


@pytest.mark.parametrize("text", ["谢谢你们啊，让我等了两周", "好的呢，非常感谢，又坏了", "真是太感谢了，退款还没到",
                                  "辛苦了，这已经是第三次找你们了", "Thanks a lot, waited 3 weeks… 等了三周"])
def test_polite_complaints(text: str) -> None:
    assert polite_complaint(text)


@pytest.mark.parametrize("text", ["谢谢客服，很快就解决了", "等了两天就到了，很快", "非常感谢，耳机音质很好",
                                  "又快又好"])
def test_sincere_or_plain(text: str) -> None:
    assert not polite_complaint(text)


def test_rules_read_the_formula_as_negative() -> None:
    tax = Taxonomy([Node("a", None, "物流", "物流", 1),
                    Node("a1", "a", "物流/配送慢", "配送慢", 2, keywords=("等了",))])
    result = rule_result(RecordInput(1, "谢谢你们啊，让我等了两周"), tax, RuleSet(tax))
    assert result.sentiment == "negative" and result.intent == "complaint"
