"""Filter expressions accept what their help shows: several keys in one argument, sentiment abbreviations,
a node's unique name."""

from __future__ import annotations

from datetime import datetime

import pytest

from workbench.errors import UsageError
from workbench.filters import parse_filters, split_expression

NODES = {"物流": "k1", "物流/配送时效": "k2", "物流/包装": "k3", "售后/包装": "k4", "售后": "k5"}


def test_one_argument_with_several_keys_is_split_at_commas_before_a_key() -> None:
    flt = parse_filters(["channel=chat, from=2024-04-01, to=2024-04-29"])
    assert flt.channels == ("chat",)
    assert flt.date_from == datetime(2024, 4, 1)
    assert flt.date_to == datetime(2024, 4, 30)


def test_node_then_dates_in_one_argument_no_longer_reads_the_dates_as_the_path() -> None:
    flt = parse_filters(["node=物流/配送时效, from=2024-04-01，to=2024-04-29"], NODES)
    assert flt.node_key == "k2"
    assert flt.date_to == datetime(2024, 4, 30)


def test_a_comma_inside_a_value_stays_when_no_key_follows_it() -> None:
    assert split_expression("q=退款, 快点, channel=chat") == ["q=退款, 快点", "channel=chat"]
    assert parse_filters(["q=退款,快点"]).text == "退款,快点"


@pytest.mark.parametrize(("given", "expected"), [("neg", "negative"), ("pos", "positive"), ("neu", "neutral"),
                                                 ("NEGATIVE", "negative"), ("负面", "negative")])
def test_sentiment_abbreviations(given: str, expected: str) -> None:
    assert parse_filters([f"sentiment={given}"]).sentiments == (expected,)


def test_unknown_sentiment_is_one_sentence() -> None:
    with pytest.raises(UsageError, match="pos/neu/neg"):
        parse_filters(["sentiment=angry"])


def test_a_unique_leaf_name_finds_its_node() -> None:
    assert parse_filters(["node=配送时效"], NODES).node_key == "k2"


def test_a_full_path_still_wins_over_a_name() -> None:
    assert parse_filters(["node=物流"], NODES).node_key == "k1"


def test_an_ambiguous_name_lists_the_candidates() -> None:
    with pytest.raises(UsageError) as err:
        parse_filters(["node=包装"], NODES)
    assert "物流/包装" in str(err.value) and "售后/包装" in str(err.value) and "ambiguous" in str(err.value)


def test_an_unknown_node_is_refused() -> None:
    with pytest.raises(UsageError, match="no taxonomy node"):
        parse_filters(["node=没有"], NODES)
