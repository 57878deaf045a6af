"""The issue tree's precision column and the banner that says when the tags are a guess (issue 23, item 3)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_tree_history import HISTORY, NODES, _row
from ui.i18n import language, set_language
from ui.models.issue_tree_model import PRECISION_COL, SortRole
from ui.views.issue_tree_view import IssueTreeView
from workbench.analysis.precision import Precision, TrustState
from workbench.queries.records import NodeCount
from workbench.tagging.accuracy import Accuracy

COUNTS = {"a": NodeCount(40, 30, 0.8), "b": NodeCount(10, 2, 0.2)}
NODE_PRECISION = {"物流": Precision(0.8, 0.49, 0.94, "audited", 10),
                  "售后": Precision(0.55, 0.18, 0.88, "calibration", 66)}
GUESS = Accuracy(NODE_PRECISION, TrustState(tagged=450, guessed=450, labelled=0), 450, 158.0)
TRUSTED = Accuracy(NODE_PRECISION, TrustState(tagged=450, guessed=100, labelled=120), 100, 35.0)
LATIN = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def zh() -> Any:
    before = language()
    set_language("zh")
    yield
    set_language(before)


def test_precision_column_marks_estimates(qtbot: Any, zh: None) -> None:
    view = IssueTreeView()
    qtbot.addWidget(view)
    view.set_data(NODES, COUNTS, 50, HISTORY, TRUSTED)
    root = view.model.item(0, 0)
    a, b, c = (_row(view, n) for n in ("物流", "售后", "产品"))
    assert view.model.horizontalHeaderItem(PRECISION_COL).text() == "准确率"
    assert root.child(a, PRECISION_COL).text() == "80% (49–94%)"
    assert root.child(b, PRECISION_COL).text() == "≈55% (18–88%)"
    assert root.child(c, PRECISION_COL).text() == ""  # nothing tagged it: no figure
    assert root.child(a, PRECISION_COL).data(SortRole) == 0.8
    assert "10 条人工复核" in root.child(a, PRECISION_COL).toolTip()
    assert "估计" in root.child(b, PRECISION_COL).toolTip() and not LATIN.search(root.child(b, PRECISION_COL).toolTip())
    assert view.banner.isHidden()  # enough labels: no banner


def test_banner_gives_the_way_out_in_the_ui_language(qtbot: Any, zh: None) -> None:
    view = IssueTreeView()
    qtbot.addWidget(view)
    view.set_data(NODES, COUNTS, 50, HISTORY, GUESS)
    assert not view.banner.isHidden()
    text = view.banner.text()
    assert "让大模型判断 450 条记录（约 158 分钟）" in text and "复核 50 条记录" in text
    assert not LATIN.search(text)  # no English on a zh screen
    set_language("en")
    view.retranslate()
    assert "Let the model judge 450 records (≈ 158 min) or review 50 records" in view.banner.text()
    assert view.model.horizontalHeaderItem(PRECISION_COL).text() == "Precision"
    assert view.model.item(0, 0).child(_row(view, "物流"), PRECISION_COL).text() == "80% (49–94%)"


def test_a_real_project_fills_the_column_and_the_banner(qtbot: Any, zh: None, tmp_path: Path) -> None:
    from datetime import date

    from tests.reports.surge import SURGE_NODE, build
    from ui.windows.selection import _tree_job
    from workbench.progress import CancelToken
    from workbench.project import Project
    from workbench.types import RecordFilter

    project = build(tmp_path, date(2024, 3, 31))
    with Project.open(project, create=False) as p:
        data = _tree_job(p, RecordFilter())(lambda *_: None, CancelToken())
    assert data.accuracy is not None and data.accuracy.trust.guess
    view = IssueTreeView()
    qtbot.addWidget(view)
    view.set_data(data.nodes, data.counts, data.total, data.history, data.accuracy)
    found = view.model.match(view.model.index(0, 0), Qt.ItemDataRole.DisplayRole, SURGE_NODE, 1,
                             Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchExactly)
    cell = view.model.itemFromIndex(found[0].siblingAtColumn(PRECISION_COL))
    assert cell.text().startswith("≈") and not view.banner.isHidden()
