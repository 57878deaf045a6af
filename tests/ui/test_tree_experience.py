"""The issue tree's impact, effort, emotion and actionable columns (issue 27 items 1 and 2) on a real project:
the impact is the same figure as ``main.py impact``, the other columns are the experience rows' own."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.reports.surge import SURGE_NODE, build
from ui.i18n import language, set_language
from ui.models.issue_tree_model import ACTIONABLE_COL, EFFORT_COL, EMOTION_COL, IMPACT_COL, NodeKeyRole, SortRole
from ui.views.issue_tree_view import IssueTreeView
from ui.windows.selection import _tree_job
from workbench.cli import main
from workbench.progress import CancelToken
from workbench.project import Project
from workbench.store import schema
from workbench.types import RecordFilter

LATIN = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def zh() -> Any:
    before = language()
    set_language("zh")
    yield
    set_language(before)


def test_columns_on_a_real_project(qtbot: Any, zh: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = build(tmp_path, date(2024, 3, 31))
    capsys.readouterr()
    assert main(["impact", project, "--json"]) == 0
    cli = next(i for i in json.loads(capsys.readouterr().out)["items"] if i["node"].endswith(SURGE_NODE))
    with Project.open(project, create=False) as p:
        data = _tree_job(p, RecordFilter())(lambda *_: None, CancelToken())
        with p.read() as conn:
            x = schema.experience
            efforts = dict(conn.execute(x.select().with_only_columns(x.c.record_id, x.c.effort)).all())
    view = IssueTreeView()
    qtbot.addWidget(view)
    view.set_data(data.nodes, data.counts, data.total, data.history, data.accuracy, data.experience)
    found = view.model.match(view.model.index(0, 0), Qt.ItemDataRole.DisplayRole, SURGE_NODE, 1,
                             Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchExactly)[0]

    def cell(col: int) -> Any:
        return view.model.itemFromIndex(found.siblingAtColumn(col))

    assert view.model.horizontalHeaderItem(IMPACT_COL).text() == "评分影响"
    impact = cell(IMPACT_COL)
    assert impact.data(SortRole) == pytest.approx(cli["impact"], abs=5e-5)  # one definition with the CLI
    assert impact.text() == f"{cli['impact']:+.2f}" and cli["low"] > 0
    assert "总体平均评分将提升" in impact.toolTip() and not LATIN.search(impact.toolTip())
    assert data.experience is not None
    key = found.data(NodeKeyRole)
    mine = data.experience[key]
    assert mine.n == data.counts[key].count and 1.0 <= mine.mean_effort <= 5.0  # type: ignore[operator]
    assert len(efforts) == data.total  # every record has an experience row
    assert cell(EFFORT_COL).text() == f"{mine.mean_effort:.1f}"
    emotion, share = mine.dominant_emotion()  # type: ignore[misc]
    assert cell(EMOTION_COL).text() == f"{emotion} {share:.0%}" and emotion in ("愤怒", "失望", "焦虑")
    assert cell(ACTIONABLE_COL).text() == f"{mine.actionable_share:.0%}"
    set_language("en")
    view.retranslate()
    assert view.model.horizontalHeaderItem(EMOTION_COL).text() == "Main emotion"
    en = view.model.match(view.model.index(0, 0), NodeKeyRole, key, 1,
                          Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchExactly)[0]
    assert not re.search(r"[\u4e00-\u9fff]", view.model.itemFromIndex(en.siblingAtColumn(EMOTION_COL)).text())
