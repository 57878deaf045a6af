"""`top` on a constructed project: rising ranks 200→400 above 2→6, new issues, JSON shape per CLI.md."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from tests.analysis.builders import Rec, add_records, setup_taxonomy
from workbench.cli import main
from workbench.project import Project
from workbench.queries import analysis_rows


def _recs(n: int, month: int, key: str, sentiment: str = "negative") -> list[Rec]:
    return [Rec(f"{key} {month} {i}", datetime(2024, month, 1) + timedelta(hours=i % 600), [(key, sentiment)],
                rating=2.0 if key == "ref.refund" else 8.0) for i in range(n)]


@pytest.fixture
def monthly(project: Project) -> Project:
    setup_taxonomy(project)
    add_records(project, _recs(200, 2, "log.speed") + _recs(2, 2, "ref.refund") + _recs(300, 2, "log.damage", "neutral")
                + _recs(400, 3, "log.speed") + _recs(6, 3, "ref.refund") + _recs(300, 3, "log.damage", "neutral")
                + _recs(12, 3, "prod.battery")
                + [Rec("untagged, on the last day: March is a complete month", datetime(2024, 3, 31, 12))])
    return project


def test_rising_and_new(monthly: Project) -> None:
    rising = analysis_rows.top_list(monthly, "rising", level=2, grain="month")
    assert rising.period.start == date(2024, 3, 1)
    keys = [i.key for i in rising.items]
    assert keys[0] == "log.speed"
    assert "ref.refund" not in keys  # 2→6 is not significant
    new = analysis_rows.top_list(monthly, "new", grain="month")
    assert sorted(i.node for i in new.items) == ["产品/电池"]  # 产品 holds only 电池: one finding, shown once
    frequent = analysis_rows.top_list(monthly, "frequent", level=1, grain="month", at=date(2024, 2, 10))
    assert [(i.node, i.count) for i in frequent.items][:2] == [("物流", 500), ("售后", 2)]


def test_cli_top_json_shape(monthly: Project, capsys: pytest.CaptureFixture[str]) -> None:
    target = monthly.target
    monthly.close()
    assert main(["top", target, "--by", "rising", "--level", "2", "--period", "month", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["period"] == {"from": "2024-03-01", "to": "2024-03-31"}
    first = out["items"][0]
    assert {"node", "count", "previous", "share", "negative_share", "score"} <= set(first)
    assert (first["node"], first["count"], first["previous"]) == ("物流/配送时效", 400, 200)
    assert first["negative_share"] == 1.0 and first["score"] > 3
    assert main(["top", target, "--by", "frequent", "--at", "2024-02-05", "--period", "week"]) == 0
    assert "物流" in capsys.readouterr().out
    assert main(["top", target, "--at", "not-a-date"]) == 2
