"""The shipped demo's ground truth (resources/demo/truth.csv + the NPS file), loaded as if tagged perfectly.

Checks the analysis against the demo's answer key independently of tagging quality: `top --by rising`
puts the planted logistics surge and the new battery defect first in their periods, and the planted
refund problem is the top NPS driver.
"""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from workbench.paths import DEMO_DIR
from workbench.project import Project
from workbench.queries import analysis_rows, insights
from workbench.store import schema
from workbench.types import RecordFilter


def _demo_files(tmp: Path) -> tuple[Path, Path]:
    """The demo's truth and NPS files: the generated ones in resources/demo, or freshly generated."""
    if (DEMO_DIR / "truth.csv").is_file() and (DEMO_DIR / "soundjoy_nps.csv").is_file():
        return DEMO_DIR / "truth.csv", DEMO_DIR / "soundjoy_nps.csv"
    from workbench.demo.generate import generate_demo

    files = generate_demo(tmp)
    return files.truth, files.survey


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _nodes(rows: list[dict[str, str]]) -> list[dict[str, object]]:
    paths = sorted({t for r in rows for t in r["topics"].split("|") if t})
    full = sorted({p.split("/")[0] for p in paths} | set(paths))
    return [{"version_id": 1, "key": p, "parent_key": p.rsplit("/", 1)[0] if "/" in p else None, "path": p,
             "name": p.rsplit("/", 1)[-1], "level": p.count("/") + 1} for p in full]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Project:
    truth, survey = _demo_files(tmp_path_factory.mktemp("demo_files"))
    rows = _read(truth)
    nps = {r["response_id"]: float(r["nps"]) for r in _read(survey) if r["nps"]}
    project = Project.open(tmp_path_factory.mktemp("demo") / "truth.kesheng")
    with project.write() as conn:
        conn.execute(schema.sources.insert().values(id=1, kind="csv", path="truth.csv",
                                                    imported_at=datetime(2026, 9, 1)))
        conn.execute(schema.taxonomy_versions.insert().values(id=1, created_at=datetime(2026, 9, 1), is_current=True))
        conn.execute(schema.taxonomy_nodes.insert(), _nodes(rows))
        conn.execute(schema.records.insert(), [
            {"id": i, "source_id": 1, "channel": r["channel"], "external_id": r["external_id"],
             "created_at": datetime.fromisoformat(r["created_at"]), "text": r["topics"], "product": r["product"],
             "rating": nps.get(r["external_id"]), "content_hash": hashlib.sha1(str(i).encode()).hexdigest()}
            for i, r in enumerate(rows, 1)])
        conn.execute(schema.tags.insert(), [
            {"record_id": i, "node_key": t, "path": t, "sentiment": r["sentiment"], "method": "human"}
            for i, r in enumerate(rows, 1) for t in r["topics"].split("|") if t])
    return project


def test_rising_finds_the_planted_logistics_surge(demo: Project) -> None:
    key = json.loads((DEMO_DIR / "answer_key.json").read_text(encoding="utf-8"))["logistics_surge"]
    result = analysis_rows.top_list(demo, "rising", level=2, grain="week", at=date.fromisoformat(key["period"]["from"]))
    assert result.items[0].node == key["label"]
    assert result.items[0].count == key["count"]


def test_rising_finds_the_new_battery_defect(demo: Project) -> None:
    key = json.loads((DEMO_DIR / "answer_key.json").read_text(encoding="utf-8"))["battery_defect"]
    at = date.fromisoformat(key["first_date"])
    result = analysis_rows.top_list(demo, "rising", level=2, grain="month", at=at)
    assert result.items[0].node == key["label"]


def test_refund_is_the_top_nps_driver(demo: Project) -> None:
    key = json.loads((DEMO_DIR / "answer_key.json").read_text(encoding="utf-8"))["refund_trend"]
    rows = insights.score_drivers(demo, RecordFilter(channels=("survey",)), level=2)
    assert rows[0].path == key["label"]
    assert rows[0].driver.diff.mean_with == pytest.approx(key["nps_mean_with_refund"], abs=0.05)
    assert rows[0].driver.diff.n_with == key["nps_responses_with_refund"]


def test_surge_rule_backtest_marks_the_surge_week(demo: Project) -> None:
    from workbench.alerts.backtest import backtest
    from workbench.alerts.rules import add_rule

    key = json.loads((DEMO_DIR / "answer_key.json").read_text(encoding="utf-8"))["logistics_surge"]
    rule = add_rule(demo, "物流激增", "surge", {"node": key["label"], "z": 4.0, "period": "week"})
    days = backtest(demo, rule).days  # each firing week against the week before it, keyed by its Monday
    lo, hi = date.fromisoformat(key["period"]["from"]), date.fromisoformat(key["period"]["to"])
    assert days and all(lo <= d <= hi for d in days)
    monthly = add_rule(demo, "物流激增（月）", "surge", {"node": key["label"], "z": 4.0})
    assert list(backtest(demo, monthly).days) == [lo.replace(day=1)]  # the data spans months: April fires
