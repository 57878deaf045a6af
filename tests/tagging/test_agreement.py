"""Agreement with known answers: Cohen's κ analyst vs machine and analyst vs analyst, Krippendorff's α,
the records where they disagree, the CLI's JSON shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.tagging.conftest import add_records, small_taxonomy
from workbench.cli import main
from workbench.project import Project
from workbench.store import schema
from workbench.tagging.agreement import agreement, disagreements
from workbench.tagging.labels import label_records
from workbench.taxonomy.repository import save_version

A, B = "物流/配送时效", "产品/口味"


def _machine_tags(project: Project, tags: dict[int, list[str]]) -> None:
    with project.write() as conn:
        conn.execute(schema.tags.insert(), [dict(record_id=rid, node_key="k", path=p, method="rule", confidence=0.9)
                                            for rid, paths in tags.items() for p in paths])


@pytest.fixture
def target(tmp_path: Path) -> str:
    """Four records. Machine on A: 1 0 0 0; analyst alice on A: 1 1 0 0 (κ 0.5); on B: machine 0 0 1 1,
    alice 0 0 1 1 (κ 1). Bob labels the first two records too: A on both, B on the second."""
    path = tmp_path / "p.kesheng"
    with Project.open(path) as project:
        save_version(project, small_taxonomy(), "t")
        ids = add_records(project, ["一", "二", "三", "四"])
        _machine_tags(project, {ids[0]: [A], ids[2]: [B], ids[3]: [B]})
        label_records(project, [(ids[0], (A,), None), (ids[1], (A,), None), (ids[2], (B,), None),
                                (ids[3], (B,), None)], "alice")
        label_records(project, [(ids[0], (A,), None), (ids[1], (A, B), None)], "bob")
    return str(path)


def test_analyst_vs_machine_kappa_per_node_and_pooled(target: str) -> None:
    with Project.open(target) as project:
        result = agreement(project)
        per = {(q.pairs, q.node): q for q in result.per_node}
        # node A: po = 3/4, pe = 1/4·2/4 + 3/4·2/4 = 1/2 → κ = 0.5
        assert per[("analyst-machine", A)].kappa == pytest.approx(0.5)
        # the machine's view before the first label stays: bob's relabel of record 2 adds B for the analyst side
        # node B, latest labels (bob on 1-2, alice on 3-4): analyst 0 1 1 1, machine 0 0 1 1 → po 3/4,
        # pe = 3/4·2/4 + 1/4·2/4 = 1/2 → κ 0.5
        assert per[("analyst-machine", B)].kappa == pytest.approx(0.5)
        assert per[("analyst-machine", A)].n == 4 and per[("analyst-machine", A)].disagreements == 1
        # pooled over 8 decisions: analyst A 1 1 0 0, B 0 1 1 1; machine A 1 0 0 0, B 0 0 1 1
        # po = 6/8; analyst yes 5/8, machine yes 3/8 → pe = 5/8·3/8 + 3/8·5/8 = 30/64 → κ = (48-30)/(64-30)
        assert result.kappa == pytest.approx(18 / 34) and result.n == 4
        assert disagreements(project, A, "analyst-machine") == [2]
        assert disagreements(project, B, "analyst-machine") == [2]


def test_analyst_vs_analyst_kappa_and_krippendorff_alpha(target: str) -> None:
    with Project.open(target) as project:
        result = agreement(project)
        per = {(q.pairs, q.node): q for q in result.per_node}
        # records 1-2: alice A A, bob A A → node A constant and equal: κ undefined, full agreement
        assert per[("analyst-analyst", A)].kappa is None and per[("analyst-analyst", A)].agreement == 1.0
        # node B: alice 0 0, bob 0 1 → κ 0 (alice constant); one disagreement, on record 2
        assert per[("analyst-analyst", B)].kappa == pytest.approx(0.0)
        assert disagreements(project, B, "analyst-analyst") == [2]
        assert result.analyst_n == 2
        # units (record, node) = (1,A) (1,B) (2,A) (2,B): alice 1 0 1 0, bob 1 0 1 1
        # pooled κ: po 3/4; alice yes 1/2, bob yes 3/4 → pe = 1/2·3/4 + 1/2·1/4 = 1/2 → κ 0.5
        assert result.analyst_kappa == pytest.approx(0.5)
        # nominal α: 8 values, five 1s, three 0s; one disagreeing unit → 1 - 7·2/(2·5·3) = 8/15
        assert result.analyst_alpha == pytest.approx(8 / 15)


def test_cli_json_shape(target: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["agreement", target, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["overall"] == {"kappa": pytest.approx(18 / 34), "n": 4}
    assert {(row["pairs"], row["node"]) for row in doc["per_node"]} == {
        ("analyst-machine", A), ("analyst-machine", B), ("analyst-analyst", A), ("analyst-analyst", B)}
    assert all(set(row) >= {"node", "kappa", "n", "pairs"} for row in doc["per_node"])
    assert main(["agreement", target, "--disagreements", B, "--pairs", "analyst-analyst", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["records"] == [2]
    assert main(["agreement", target]) == 0
    assert "analyst vs machine: κ  0.53 on 4 labelled records" in capsys.readouterr().out


def test_no_labels_yet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.kesheng"
    Project.open(path).close()
    assert main(["agreement", str(path)]) == 0
    assert "no analyst labels yet" in capsys.readouterr().out
    assert main(["agreement", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["overall"] == {"kappa": None, "n": 0}
