"""Impact: the planted problem comes first with an interval that excludes zero; NPS/CSAT transforms; the CLI."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import numpy as np
import pytest

from workbench.analysis.impact import impacts, per_record
from workbench.cli import main


def test_planted_node_is_first_and_its_interval_excludes_zero() -> None:
    rng = random.Random(3)
    values, members = [], []
    for i in range(400):
        bad = i % 5 == 0
        values.append(float(rng.choice([1, 2]) if bad else rng.choice([4, 5])))
        members.append(frozenset({"bad"} if bad else {rng.choice(["a", "b", "c"])}))
    items = impacts(values, members)
    first = items[0]
    assert first.key == "bad" and first.count == 80
    # 80/400 · (mean of the rest − mean of bad) = 0.2 · (≈4.5 − ≈1.5) ≈ 0.6
    exact = 0.2 * (np.mean([v for v, m in zip(values, members, strict=True) if "bad" not in m])
                   - np.mean([v for v, m in zip(values, members, strict=True) if "bad" in m]))
    assert first.impact == pytest.approx(exact)
    assert 0 < first.low < first.impact < first.high
    assert all(x.impact < 0 and x.high < first.low for x in items[1:])
    assert impacts(values, members) == items  # seeded: the same intervals every time


def test_scores_as_means_of_per_record_values() -> None:
    assert per_record([10, 9, 8, 7, 6, 0], "nps").mean() == pytest.approx((2 - 2) / 6 * 100)
    assert list(per_record([5, 4, 3, 1], "csat")) == [100, 100, 0, 0]
    assert list(per_record([3.5], "rating")) == [3.5]


def test_small_and_universal_nodes_are_left_out() -> None:
    members = [frozenset({"all", "tiny"} if i < 3 else {"all"}) for i in range(50)]
    assert impacts([float(i % 5 + 1) for i in range(50)], members) == []


def test_cli_puts_the_planted_problem_on_top(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(5)
    data = tmp_path / "f.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["评论ID", "评论时间", "评分", "评论内容"])
        for i in range(300):
            bad = i % 4 == 0
            text = rng.choice(["耳机续航太短了，半天就没电", "充电的时候发烫很严重"]) if bad else rng.choice(
                ["快递很快，第二天就到了", "音质很好，低音很足", "客服态度很好，耐心解答", "价格便宜，性价比高"])
            writer.writerow([f"R{i}", f"2026-05-{1 + i % 28:02d} 10:00", rng.choice([1, 2] if bad else [4, 5]),
                             f"{text}{i}"])
    project = str(tmp_path / "p.kesheng")
    assert main(["import", project, str(data)]) == 0
    assert main(["taxonomy", project, "--template", "consumer_electronics"]) == 0
    assert main(["tag", project, "--llm-budget", "0"]) == 0
    capsys.readouterr()
    assert main(["impact", project, "--json", "--from", "2026-05-01", "--to", "2026-05-31"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["score"] == "rating" and 3.0 < doc["overall"] < 4.0
    top = doc["items"][0]
    assert top["node"].startswith("产品质量") and top["low"] > 0 and top["count"] >= 60
    assert [i["impact"] for i in doc["items"]] == sorted((i["impact"] for i in doc["items"]), reverse=True)
    assert main(["impact", project, "--score", "csat"]) == 0
    assert "csat:" in capsys.readouterr().out


def test_nps_reads_the_nps_answers_not_the_ratings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An NPS column (0–10) is kept apart from 1–5 ratings by the importer; `--score nps` must read it (it read
    the 1–5 ratings and called every record a detractor: NPS −100)."""
    rng = random.Random(7)
    data = tmp_path / "nps.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["response_id", "date", "nps", "comment"])
        for i in range(240):
            bad = i % 5 == 0
            text = "退款迟迟不到账，流程太复杂" if bad else rng.choice(["音质很好", "快递很快", "性价比高"])
            writer.writerow([f"N{i}", f"2026-05-{1 + i % 28:02d}", rng.choice([0, 1, 2, 3] if bad else [8, 9, 10]),
                             f"{text}{i}"])
    project = str(tmp_path / "p.kesheng")
    assert main(["import", project, str(data)]) == 0
    assert main(["taxonomy", project, "--template", "consumer_electronics"]) == 0
    assert main(["tag", project, "--llm-budget", "0"]) == 0
    capsys.readouterr()
    assert main(["impact", project, "--score", "nps", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["score"] == "nps" and -100 < doc["overall"] < 100
    top = doc["items"][0]
    assert "退款" in top["node"] and top["low"] > 0
    assert main(["impact", project]) == 1  # no 1–5 rating in this file: one sentence, not a table of zeros
    assert "rating column" in capsys.readouterr().err
