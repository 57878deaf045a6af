"""Known-answer checks of the ranking statistics, TOP lists, trends, drivers, co-occurrence and words."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest

from workbench.analysis import drivers, hotwords, periods, stats, top, trends
from workbench.analysis.facts import NodeStats, TreeAggregate


def test_binom_sf_matches_exact_sums() -> None:
    assert stats.binom_sf(6, 8, 0.5) == pytest.approx((28 + 8 + 1) / 256)
    assert stats.binom_sf(0, 5, 0.3) == 1.0
    assert stats.binom_sf(6, 5, 0.3) == 0.0


def test_rate_test_prefers_support_over_ratio() -> None:
    small, large = stats.rate_test(6, 2), stats.rate_test(400, 200)
    assert small.z == pytest.approx(2 / 2 ** 0.5)
    assert large.z == pytest.approx(100 / 150 ** 0.5)
    assert large.p_value < 1e-10 < small.p_value


def _agg(total: int, counts: dict[str, tuple[int, int]]) -> TreeAggregate:
    return TreeAggregate(total, {k: NodeStats(k, k, 1, None, count=c, negative=neg) for k, (c, neg) in counts.items()})


def test_rising_ranks_200_to_400_above_2_to_6() -> None:
    prev = _agg(1000, {"small": (2, 0), "large": (200, 0), "flat": (300, 0)})
    cur = _agg(1000, {"small": (6, 0), "large": (400, 0), "flat": (300, 0)})
    ranked = top.rank("rising", cur, prev)
    assert [i.key for i in ranked] == ["large"]  # 2→6 is not significant, flat does not rise
    assert ranked[0].previous == 200 and ranked[0].p_value is not None and ranked[0].p_value < 0.05
    assert top.rank("rising", cur, prev, alpha=0.2)[1].key == "small"


def test_rising_is_volume_adjusted() -> None:
    prev = _agg(1000, {"a": (100, 0)})
    cur = _agg(2000, {"a": (200, 0)})  # everything doubled: not a rise in share
    assert top.rank("rising", cur, prev) == []


def test_negative_uses_wilson_bound_and_new_uses_first_seen() -> None:
    cur = _agg(300, {"one": (1, 1), "many": (100, 90), "new": (8, 0)})
    ranked = top.rank("negative", cur, _agg(0, {}))
    assert [i.key for i in ranked] == ["many", "one"]
    seen = {"one": date(2024, 1, 1), "many": date(2024, 1, 1), "new": date(2024, 3, 2)}
    new = top.rank("new", cur, _agg(0, {}), first_seen=seen, period_start=date(2024, 3, 1))
    assert [i.key for i in new] == ["new"] and new[0].first_seen == date(2024, 3, 2)


def test_periods() -> None:
    week = periods.period_at(date(2024, 3, 6), "week")
    assert (week.start, week.end) == (date(2024, 3, 4), date(2024, 3, 11))
    month = periods.period_at(date(2024, 12, 15), "month")
    assert (month.start, month.end) == (date(2024, 12, 1), date(2025, 1, 1))
    assert periods.previous(periods.period_at(date(2024, 3, 31), "month"), "month").start == date(2024, 2, 1)


def test_surge_marks_only_the_spike_day_and_respects_weekdays() -> None:
    start = date(2024, 1, 1)  # a Monday
    daily = {}
    for i in range(70):
        day = start + timedelta(days=i)
        daily[day] = 40 if day.weekday() == 0 else 10  # busy Mondays are normal
    spike = start + timedelta(days=66)  # a Friday
    daily[spike] = 45
    points = trends.surges(daily, start + timedelta(days=56), start + timedelta(days=69), z=3.0)
    assert [p.day for p in points if p.spike] == [spike]
    assert next(p for p in points if p.day == spike).baseline == 10


def test_series_buckets_and_fills_gaps() -> None:
    s = trends.series({date(2024, 1, 1): 2, date(2024, 1, 9): 3}, date(2024, 1, 1), date(2024, 1, 14), "week")
    assert s.points == [(date(2024, 1, 1), 2), (date(2024, 1, 8), 3)]
    assert trends.series({}, date(2024, 1, 1), date(2024, 1, 3)).values == [0, 0, 0]


def test_drivers_effect_ci_and_impact() -> None:
    rng = random.Random(7)
    rows = []
    for i in range(2000):
        refund = i % 10 == 0  # 10 % of records, scoring 3 points lower
        noise = rng.gauss(0, 1)
        rows.append(((5.0 if refund else 8.0) + noise, frozenset({"refund"} if refund else {"other"})))
    ranked = drivers.drivers(rows)
    best = ranked[0]
    assert best.key == "refund"
    assert best.diff.low < -3.0 + 0.0 < best.diff.high + 3.0
    assert best.diff.low < -3.0 < best.diff.high
    assert best.diff.n_with == 200
    assert best.impact == pytest.approx(0.1 * 3.0, abs=0.05)


def test_mean_diff_matches_textbook() -> None:
    d = stats.mean_diff([1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0])
    assert d is not None
    assert d.effect == pytest.approx(-3.5)
    se = (1.0 / 3 + (5 / 3) / 4) ** 0.5
    assert (d.low, d.high) == pytest.approx((-3.5 - 1.959964 * se, -3.5 + 1.959964 * se))


def test_cooccurrence_lift() -> None:
    sets = [frozenset({"a", "b"})] * 10 + [frozenset({"a"})] * 10 + [frozenset({"c"})] * 20
    pairs = drivers.cooccurrence(sets)
    assert len(pairs) == 1
    assert (pairs[0].a, pairs[0].b, pairs[0].count) == ("a", "b", 10)
    assert pairs[0].lift == pytest.approx(10 * 40 / (20 * 10))


def test_repeat_rates() -> None:
    t0 = datetime(2024, 1, 1)
    contacts = [("log", "c1", t0), ("log", "c1", t0 + timedelta(days=3)), ("log", "c2", t0),
                ("log", "c2", t0 + timedelta(days=30)), ("ref", "c3", t0)]
    assert drivers.repeat_rates(contacts, days=7) == {"log": 0.5, "ref": 0.0}


def test_new_words_found_on_constructed_corpus() -> None:
    rng = random.Random(3)
    fillers = [a + b for a in "今昨我这真有非感已还" for b in "天的个点常觉经是"]  # 80 "known" words
    texts = []
    for i in range(300):
        words = rng.sample(fillers, 4)
        if i % 3 == 0:
            words.insert(rng.randrange(5), "鼓包门")
        texts.append("".join(words))
    found = hotwords.new_words(texts, known=fillers, min_count=20)
    assert found and found[0].word == "鼓包门"
    assert found[0].dict_line.startswith("鼓包门 ")
    assert all(w.word not in ("鼓包", "包门") for w in found)


def test_keywords_and_rising_words() -> None:
    group = [{"退款", "到账"}, {"退款", "客服"}, {"退款"}]
    background = group + [{"快递", "客服"}] * 20
    kws = hotwords.keywords(group, background, min_docs=2)
    assert kws[0].word == "退款" and kws[0].docs == 3
    current = [{"电池"}] * 30 + [{"快递"}] * 30
    previous = [{"电池"}] * 2 + [{"快递"}] * 30
    rising = hotwords.rising_words(current, previous)
    assert [r.word for r in rising] == ["电池"]
