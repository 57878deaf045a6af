"""Tree aggregates: roll-up with distinct records, filters, cube vs exact path, FTS for Chinese."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.analysis.builders import Rec, add_records, setup_taxonomy
from workbench.analysis.facts import compare
from workbench.project import Project
from workbench.queries import aggregates
from workbench.store import fts
from workbench.types import RecordFilter


@pytest.fixture
def filled(project: Project) -> Project:
    setup_taxonomy(project)
    add_records(project, [
        # one record with two tags under 物流: counts once at 物流
        Rec("快递太慢了而且包装破损", datetime(2024, 3, 1, 10), [("log.speed", "negative"), ("log.damage", "negative")],
            rating=1, sentiment="negative", dissatisfaction=0.9, product="A"),
        Rec("配送很快", datetime(2024, 3, 2, 9), [("log.speed", "positive")], rating=5, sentiment="positive",
            channel="review", product="B"),
        Rec("退款一直没到账", datetime(2024, 3, 3, 12), [("ref.refund", "negative")], rating=2, sentiment="negative",
            dissatisfaction=0.7, product="A", extra={"region": "华东"}),
        Rec("电池鼓包", datetime(2024, 2, 20, 8), [("prod.battery", "negative")], sentiment="negative",
            dissatisfaction=0.5),
        Rec("没有标签的记录", datetime(2024, 3, 4, 8), []),
    ])
    return project


def test_rollup_counts_distinct_records(filled: Project) -> None:
    agg = aggregates.tree_aggregate(filled)
    assert agg.total == 5
    log = agg.nodes["log"]
    assert (log.count, log.negative) == (2, 1)
    assert agg.nodes["log.speed"].count == 2
    assert agg.nodes["log.damage"].count == 1
    assert log.mean_rating == pytest.approx(3.0)
    assert log.mean_dissatisfaction == pytest.approx(0.45)  # 0.9 and the positive record's default 0.0
    assert agg.nodes["ref.return"].count == 0
    assert agg.share("log") == pytest.approx(0.4)


@pytest.mark.parametrize("flt", [
    RecordFilter(date_from=datetime(2024, 3, 1), date_to=datetime(2024, 3, 3)),
    RecordFilter(channels=("review",)),
    RecordFilter(date_from=datetime(2024, 2, 15), date_to=datetime(2024, 3, 3)),
    RecordFilter(date_from=datetime(2024, 2, 1), date_to=datetime(2024, 4, 1)),
    RecordFilter(date_from=datetime(2024, 3, 2)),
    RecordFilter(date_from=datetime(2024, 2, 15), date_to=datetime(2024, 3, 3), channels=("chat",)),
    RecordFilter(date_from=datetime(2024, 2, 15), date_to=datetime(2024, 3, 3), sentiments=("negative",)),
    RecordFilter(date_to=datetime(2024, 3, 2)),
    RecordFilter(date_from=datetime(2024, 3, 2, 12), channels=("chat",), sentiments=("negative",)),
    RecordFilter(sentiments=("negative",)),
    RecordFilter(products=("A",)),
    RecordFilter(extra=(("region", "华东"),)),
    RecordFilter(text="包装破损"),
    RecordFilter(text="退款"),
    RecordFilter(node_key="log"),
])
def test_cube_and_exact_paths_agree(filled: Project, flt: RecordFilter) -> None:
    fast = aggregates.tree_aggregate(filled, flt)
    exact = aggregates.tree_aggregate(filled, flt, use_cube=False)
    assert fast == exact


def test_filters_select_the_right_records(filled: Project) -> None:
    march = RecordFilter(date_from=datetime(2024, 3, 1), date_to=datetime(2024, 4, 1))
    assert aggregates.tree_aggregate(filled, march).total == 4
    assert aggregates.tree_aggregate(filled, RecordFilter(text="退款")).nodes["ref"].count == 1
    assert aggregates.tree_aggregate(filled, RecordFilter(node_key="log")).total == 2
    negative = RecordFilter(sentiments=("negative",), products=("A", "B"))  # products: the exact path
    assert aggregates.tree_aggregate(filled, negative).nodes["log"].count == 1
    assert aggregates.tree_aggregate(filled, RecordFilter(extra=(("region", "华东"),))).total == 1


def test_cube_refreshes_after_new_data(filled: Project) -> None:
    assert aggregates.tree_aggregate(filled).nodes["prod"].count == 1
    add_records(filled, [Rec("电池不耐用", datetime(2024, 3, 5), [("prod.battery", "negative")])])
    assert aggregates.tree_aggregate(filled).nodes["prod"].count == 2


def test_previous_period_comparison(filled: Project) -> None:
    cur = aggregates.tree_aggregate(filled, RecordFilter(date_from=datetime(2024, 3, 1), date_to=datetime(2024, 3, 8)))
    prev = aggregates.tree_aggregate(filled, RecordFilter(date_from=datetime(2024, 2, 23),
                                                          date_to=datetime(2024, 3, 1)))
    rows = {row.stats.key: row for row in compare(cur, prev)}
    assert rows["prod"].previous == 0 and rows["prod"].delta_pct is None
    assert rows["log"].delta == 2


def test_daily_counts(filled: Project) -> None:
    series = aggregates.daily_counts(filled, "log")
    assert series == {date(2024, 3, 1): 1, date(2024, 3, 2): 1}
    assert aggregates.daily_counts(filled, "log", negative=True) == {date(2024, 3, 1): 1}
    assert aggregates.daily_counts(filled, "log", RecordFilter(products=("A",))) == {date(2024, 3, 1): 1}


def test_fts_chinese_with_short_term_fallback(filled: Project) -> None:
    with filled.write() as conn:
        assert fts.ensure_fts(conn)
    with filled.read() as conn:
        assert len(fts.search_ids(conn, "包装破损")) == 1
        assert len(fts.search_ids(conn, "鼓包")) == 1  # two characters: LIKE
        assert len(fts.search_ids(conn, "快递 破损")) == 1
        assert len(fts.search_ids(conn, "包装破损 快递")) == 1  # trigram + LIKE
        assert fts.search_ids(conn, "包装破损 退款") == []
        assert fts.search_ids(conn, "不存在的词") == []
        assert len(fts.search_ids(conn, '"退款')) == 0  # quotes are literal, never FTS syntax
    add_records(filled, [Rec("包装破损严重", datetime(2024, 3, 6), [])])
    with filled.read() as conn:
        assert len(fts.search_ids(conn, "包装破损")) == 2  # triggers keep the index in sync


@pytest.mark.parametrize("split", [None, "channel", "sentiment"])
@pytest.mark.parametrize("negative", [False, True])
@pytest.mark.parametrize("node", [None, "log", "log.speed"])
def test_daily_series_cube_matches_exact(filled: Project, split: str | None, negative: bool, node: str | None) -> None:
    fast = aggregates.daily_counts_by(filled, split, node, RecordFilter(), negative)
    exact = aggregates.daily_counts_by(filled, split, node, RecordFilter(date_from=datetime(2000, 1, 1, 0, 0, 1)),
                                       negative)
    assert fast == exact and fast


def test_daily_split_by_channel(filled: Project) -> None:
    assert aggregates.daily_counts_by(filled, "channel", "log") == {
        "chat": {date(2024, 3, 1): 1}, "review": {date(2024, 3, 2): 1}}


@pytest.mark.parametrize("flt", [
    RecordFilter(),
    RecordFilter(date_from=datetime(2024, 3, 1), date_to=datetime(2024, 3, 3)),
    RecordFilter(date_from=datetime(2024, 2, 15), date_to=datetime(2024, 4, 1), channels=("chat",)),
    RecordFilter(sentiments=("negative",)),
    RecordFilter(date_to=datetime(2024, 3, 2)),
])
def test_report_totals_from_the_cube_equal_the_exact_scans(filled: Project, flt: RecordFilter,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """KPIs, score moments (the drivers), conversation and tagging-stage counts: cube == records."""
    from sqlalchemy import update

    from workbench.queries import analysis_rows, conversations, cube_totals, report_rows
    from workbench.store import schema

    with filled.write() as conn:  # one conversation and one human tag, so every measure has something to count
        first = conn.execute(schema.records.select().order_by(schema.records.c.id)).first()
        assert first is not None
        conn.execute(update(schema.records).where(schema.records.c.id == first.id).values(is_conversation=True))
        conn.execute(update(schema.tags).where(schema.tags.c.record_id == first.id).values(method="human"))

    def everything() -> tuple[object, ...]:
        return (report_rows.record_kpis(filled, flt), analysis_rows.score_moments(filled, flt),
                analysis_rows.score_moments(filled, flt, level=1), conversations.count_conversations(filled, flt),
                report_rows.tag_methods(filled, flt))

    fast = everything()
    assert cube_totals.totals(filled, flt) is not None  # the cube answered
    monkeypatch.setattr(aggregates, "cube_can_answer", lambda _f: False)
    monkeypatch.setattr(cube_totals, "cube_can_answer", lambda _f: False)
    exact = everything()
    assert cube_totals.totals(filled, flt) is None
    kpis, moments, level1, conv, methods = fast
    assert kpis == pytest.approx(exact[0])
    assert moments[1] == pytest.approx(exact[1][1]) and moments[2] == exact[1][2]
    assert moments[0] == exact[1][0] and level1[0] == exact[2][0]  # sums of whole stars: exact in floats
    assert (conv, methods) == (exact[3], exact[4])
    if flt == RecordFilter():
        assert conv == 1 and methods == {"human": 2, "rule": 3} and kpis["with_issue"] == 4
