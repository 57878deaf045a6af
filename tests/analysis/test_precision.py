"""Each node's precision with an interval (issue 23, item 3): Wilson on audited tags, else the calibrated
confidence marked as an estimate; and the warning with the way out when the tags are mostly a guess."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.reports.surge import SURGE_NODE, build
from workbench.analysis.precision import (
    CALIBRATION_WEIGHT,
    MIN_AUDITED,
    Precision,
    TrustState,
    node_precision,
    wilson,
)
from workbench.cli import main
from workbench.project import Project
from workbench.store import schema
from workbench.tagging.accuracy import accuracy
from workbench.tagging.labels import label_records


def test_wilson_matches_the_textbook_values() -> None:
    assert wilson(8, 10) == pytest.approx((0.4902, 0.9433), abs=1e-4)
    assert wilson(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)
    assert wilson(0, 0) == (0.0, 1.0)


def test_audited_nodes_use_the_analysts_labels_and_roll_up() -> None:
    a, b = "售后/退款/退款慢", "售后/退款/退款被拒"
    audits = [([a], [a])] * 8 + [([a], [b])] * 2 + [([b], [])]  # 8 of 10 kept on a; 2 moved to its sibling
    got = node_precision(audits, {a: (40, 12.0), b: (5, 4.5)})
    assert got[a] == Precision(0.8, *wilson(8, 10), "audited", 10)
    # the parent: 11 audited records the machine put under it, 10 the analyst kept under it
    assert got["售后/退款"].basis == "audited" and got["售后/退款"].value == pytest.approx(10 / 11)
    # b has one audit: too few, so the tags' mean calibrated confidence, marked an estimate, interval wide
    assert got[b].basis == "calibration" and got[b].estimated and got[b].value == pytest.approx(0.9)
    assert (got[b].low, got[b].high) == pytest.approx(wilson(0.9 * CALIBRATION_WEIGHT, CALIBRATION_WEIGHT))
    assert got[b].high - got[b].low > 0.3
    assert got[b].text().startswith("≈90% (") and not got[a].text().startswith("≈")


def test_a_node_nobody_tagged_has_no_precision() -> None:
    assert node_precision([], {}) == {}
    assert node_precision([([], ["x/y"])], {}) == {}  # the analyst added a node the machine never used


def test_trust_state_calls_rules_and_student_without_labels_a_guess() -> None:
    assert TrustState(tagged=100, guessed=90, labelled=0).guess
    assert not TrustState(tagged=100, guessed=90, labelled=60).guess  # enough labels
    assert not TrustState(tagged=100, guessed=20, labelled=0).guess  # mostly the model
    assert not TrustState(tagged=0, guessed=0, labelled=0).guess


@pytest.fixture(scope="module")
def surge(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build(tmp_path_factory.mktemp("precision"), date(2024, 3, 31))


def _machine_tagged(project: Project, leaf: str) -> tuple[str, list[int]]:
    t = schema.tags
    with project.read() as conn:
        rows = conn.execute(select(t.c.path, t.c.record_id).where(t.c.method != "human").order_by(t.c.record_id)).all()
    path = next(p for p, _ in rows if p.endswith(leaf))
    return path, [int(r) for p, r in rows if p == path]


def test_project_precision_before_and_after_an_audit(surge: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "audited.kesheng"
    copy.write_bytes(Path(surge).read_bytes())
    with Project.open(str(copy), create=False) as project:
        before = accuracy(project)
        path, ids = _machine_tagged(project, SURGE_NODE)
        assert before.nodes[path].basis == "calibration" and before.trust.guess
        # the way out asks the model for the guessed records, at most what fits 30 measured minutes
        assert 0 < before.judge_records <= before.trust.guessed and 0 < before.judge_minutes <= 30.5
        assert "50" in (before.warning("zh") or "") and "分钟" in (before.warning("zh") or "")
        assert "review 50 records" in (before.warning("en") or "")
        other = next(p for p, _ in before.nodes.items() if p.count("/") == 2 and p != path)
        kept, moved = ids[:MIN_AUDITED + 2], ids[MIN_AUDITED + 2:MIN_AUDITED + 5]
        label_records(project, [(rid, (path,), None) for rid in kept] + [(rid, (other,), None) for rid in moved],
                      labelled_by="tester")
        after = accuracy(project).nodes[path]
    n = len(kept) + len(moved)
    assert after == Precision(len(kept) / n, *wilson(len(kept), n), "audited", n)
    capsys.readouterr()
    assert main(["top", str(copy), "--json", "--level", "3", "--limit", "50"]) == 0
    items = {i["node"]: i for i in json.loads(capsys.readouterr().out)["items"]}
    assert items[path]["precision"]["basis"] == "audited"
    assert items[path]["precision"]["value"] == pytest.approx(len(kept) / n, abs=1e-4)
    assert all(set(i["precision"]) == {"value", "low", "high", "basis", "n"} for i in items.values() if i["precision"])


def test_top_text_shows_the_precision_and_the_warning(surge: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["top", surge]) == 0
    out = capsys.readouterr().out
    assert "precision" in out.splitlines()[1] and "≈" in out
    assert "warning:" in out and "review 50 records" in out
