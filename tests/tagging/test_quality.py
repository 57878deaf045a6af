"""Label quality: the per-node maths, the audit kept when an analyst labels, the CLI table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.tagging.conftest import add_records, small_taxonomy
from workbench.cli import main
from workbench.project import Project
from workbench.tagging.labels import label_records
from workbench.tagging.quality import node_quality, quality_of
from workbench.tagging.run import TagOptions, tag_project
from workbench.taxonomy.repository import save_version


def test_precision_recall_agreement_and_flags_with_known_answers() -> None:
    pairs = [(["A"], ["A"]), (["A"], ["A"]), (["A"], ["A"]), (["A"], ["B"]), (["B"], ["B"]),
             ([], ["B"]), (["C"], [])]
    q = {n.path: n for n in quality_of(pairs)}
    a, b, c = q["A"], q["B"], q["C"]
    assert (a.machine, a.human, a.both) == (4, 3, 3)
    assert a.precision == pytest.approx(0.75) and a.recall == pytest.approx(1.0)
    assert a.agreement == pytest.approx(6 / 7) and a.flag == ""  # 3 both + 3 neither of 7
    assert (b.machine, b.human, b.both) == (1, 3, 1) and b.recall == pytest.approx(1 / 3)
    assert b.flag == "low recall"
    assert c.precision == 0.0 and c.recall is None and c.flag == "few human labels"
    assert [n.path for n in quality_of(pairs)][-1] == "A"  # flagged nodes first, the fine one last
    assert quality_of([]) == []


def test_labelling_keeps_what_the_machine_said(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.kesheng") as project:
        save_version(project, small_taxonomy(), "t")
        ids = add_records(project, ["配送超时了，等了一个小时", "味道很好吃", "客服态度差", "包装洒了"])
        tag_project(project, TagOptions(llm_budget=0))
        assert node_quality(project) == []
        label_records(project, [(ids[0], ("物流/配送时效",), "negative"), (ids[1], ("产品/温度",), "positive")])
        label_records(project, [(ids[1], ("产品/口味",), "positive")])  # relabelled: the machine's view stays
        q = {n.path: n for n in node_quality(project)}
        assert q["物流/配送时效"].both == 1 and q["物流/配送时效"].precision == 1.0
        assert q["产品/口味"].both == 1 and q["产品/口味"].human == 1
        assert "产品/温度" not in q  # the first label was replaced by the second


def test_eval_quality_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "p.kesheng"
    with Project.open(target) as project:
        save_version(project, small_taxonomy(), "t")
        ids = add_records(project, ["配送超时了", "味道很好吃"])
    assert main(["eval", str(target), "--quality"]) == 0
    assert "no analyst labels yet" in capsys.readouterr().out
    assert main(["tag", str(target), "--llm-budget", "0"]) == 0
    with Project.open(target) as project:
        label_records(project, [(ids[0], ("服务/客服态度",), "negative")])
    capsys.readouterr()
    assert main(["eval", str(target), "--quality"]) == 0
    out = capsys.readouterr().out
    assert "服务/客服态度" in out and "物流/配送时效" in out and "need attention" in out
    assert main(["eval", str(target), "--quality", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["path"] for r in rows} == {"服务/客服态度", "物流/配送时效"}
    assert main(["eval", str(target)]) == 2  # --gold or --quality
