"""The read API behind the record table, detail, tree and trend."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.ui.sample_project import LEAVES, fill
from workbench.errors import InputError
from workbench.project import Project
from workbench.queries import records
from workbench.store import schema
from workbench.types import RecordFilter


@pytest.fixture
def filled(project: Project) -> Project:
    fill(project, n=300)
    return project


def test_count_and_filters(filled: Project) -> None:
    assert records.count(filled, RecordFilter()) == 300
    assert records.count(filled, RecordFilter(channels=("工单",))) == 100
    assert records.count(filled, RecordFilter(sentiments=("neutral",))) == 60
    assert records.count(filled, RecordFilter(node_key="logistics")) == 150
    assert records.count(filled, RecordFilter(node_key="quality")) == 75  # via the level-3 leaf
    assert records.count(filled, RecordFilter(text="电池鼓包")) == 75
    assert records.count(filled, RecordFilter(text="100%_")) == 0  # LIKE specials are literal
    jan = RecordFilter(date_from=datetime(2025, 1, 1), date_to=datetime(2025, 1, 2))
    assert records.count(filled, jan) == 5  # days 0 of each 60-day cycle: ids 60,120,...,300 → day 0


def test_page_ids_order_and_paging(filled: Project) -> None:
    first = records.page_ids(filled, RecordFilter(), "id", False, 0, 10)
    assert first == list(range(1, 11))
    last = records.page_ids(filled, RecordFilter(), "id", True, 0, 3)
    assert last == [300, 299, 298]
    assert records.page_ids(filled, RecordFilter(), "id", False, 295, 10) == [296, 297, 298, 299, 300]
    by_time = records.page_ids(filled, RecordFilter(), "created_at", False, 0, 300)
    times = records.fetch_rows(filled, by_time, ["created_at"])
    stamps = [times[i]["created_at"] for i in by_time]
    assert stamps == sorted(stamps)
    by_sent = records.page_ids(filled, RecordFilter(), "sentiment", True, 0, 300)
    assert len(by_sent) == 300
    with pytest.raises(InputError):
        records.page_ids(filled, RecordFilter(), "text; DROP TABLE records")


def test_fetch_rows_has_tags_and_assessment(filled: Project) -> None:
    rows = records.fetch_rows(filled, [3, 5, 9999], ["id", "channel", "text", "sentiment", "tags"])
    assert set(rows) == {3, 5}
    assert rows[5]["sentiment"] == "neutral"
    assert rows[3]["tags"] == "产品质量/电池/鼓包"
    assert "编号3" in rows[3]["text"]


def test_record_detail_conversation(filled: Project) -> None:
    d = records.record_detail(filled, 3)
    assert [x.role for x in d.messages] == ["customer", "agent"]
    assert d.tags[0].span_start is not None and d.tags[0].evidence
    text = d.record["text"]
    assert text[d.tags[0].span_start:d.tags[0].span_end] == d.tags[0].evidence
    assert d.source is not None and d.source.sheet == "Sheet1" and d.source.row == 4
    assert d.assessment is not None and d.assessment["sentiment"] == "negative"
    with pytest.raises(InputError):
        records.record_detail(filled, 12345)


def test_node_counts_roll_up_without_double_counting(filled: Project) -> None:
    with filled.write() as conn:  # a second tag under the same parent must not count twice there
        conn.execute(schema.tags.insert().values(record_id=4, node_key="logistics.damage", path="物流/包装破损",
                                                 sentiment="negative", method="human", confidence=1.0))
    counts = records.node_counts(filled, RecordFilter())
    assert counts["logistics.delay"].count == 75
    assert counts["logistics.damage"].count == 76
    assert counts["logistics"].count == 150
    assert counts["quality"].count == counts["quality.battery"].count == 75
    assert counts["logistics"].share == pytest.approx(0.5)
    neg = counts["aftersales.refund"]
    assert neg.negative == 60 and neg.negative_share == pytest.approx(0.8)
    only_orders = records.node_counts(filled, RecordFilter(channels=("工单",), node_key="quality"))
    assert sum(only_orders[k].count for k in LEAVES if k in only_orders) == 100


def test_node_counts_empty_without_taxonomy(project: Project) -> None:
    assert records.node_counts(project, RecordFilter()) == {}
    assert records.current_nodes(project) == []


def test_daily_counts_fill_gaps_and_bucket(filled: Project) -> None:
    day = records.daily_counts(filled, RecordFilter(), "day")
    assert day.starts[0] == date(2025, 1, 1) and len(day.starts) == 60
    assert sum(day.totals) == 300
    assert set(day.by_sentiment) == {"negative", "neutral"}
    week = records.daily_counts(filled, RecordFilter(), "week")
    assert all(s.weekday() == 0 for s in week.starts) and sum(week.totals) == 300
    month = records.daily_counts(filled, RecordFilter(), "month")
    assert month.starts == [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)]
    assert records.daily_counts(filled, RecordFilter(text="不存在的词"), "day").starts == []


def test_channels_and_products(filled: Project) -> None:
    assert dict(records.channels(filled)) == {"客服会话": 100, "商品评价": 100, "工单": 100}
    assert dict(records.products(filled)) == {"X1": 150, "X2": 150}


def test_nul_in_a_search_never_breaks_the_query(project: Project) -> None:
    fill(project, n=30)
    assert records.count(project, RecordFilter(text="快递\x00太慢")) == records.count(
        project, RecordFilter(text="快递 太慢")) > 0
    assert records.count(project, RecordFilter(text="\x00")) == 30
