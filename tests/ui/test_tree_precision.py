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
    assert not view.banner.isHidden() and not view.banner_box.isHidden()
    text = view.banner.text()
    assert "让大模型判断 450 条记录（约 158 分钟，按基准测试速度，本机尚未实测）" in text and "复核 50 条记录" in text
    assert not LATIN.search(text)  # no English on a zh screen
    assert view.judge_button.text() == "让大模型判断 450 条记录（约 158 分钟）"
    assert view.review_button.text() == "复核 50 条记录"
    with qtbot.waitSignal(view.judgeRequested) as judged:
        view.judge_button.click()
    assert judged.args == [450]
    with qtbot.waitSignal(view.reviewRequested):
        view.review_button.click()
    set_language("en")
    view.retranslate()
    assert "Let the model judge 450 records (≈ 158 min at the benchmark's speed" in view.banner.text()
    assert "or review 50 records" in view.banner.text()
    assert view.judge_button.text() == "Let the model judge 450 records (≈ 158 min)"
    assert view.review_button.text() == "Review 50 records"
    assert view.model.horizontalHeaderItem(PRECISION_COL).text() == "Precision"
    assert view.model.item(0, 0).child(_row(view, "物流"), PRECISION_COL).text() == "80% (49–94%)"
    view.set_data(NODES, COUNTS, 50, HISTORY, TRUSTED)
    assert view.banner_box.isHidden()


def test_the_banner_buttons_run_the_model_and_open_the_review_queue(qtbot: Any, zh: None, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """In the main window on a project tagged by rules and the student: the judge button starts a budgeted
    run through the runner (status-bar progress with Cancel) in which the model (the test stand-in) judges the
    number the button names at most; the review button opens the review queue with 50 records."""
    from datetime import date

    from PySide6.QtCore import QSettings
    from sqlalchemy import func, select

    from tests.reports.surge import build
    from ui.windows.main_window import MainWindow
    from workbench.project import Project
    from workbench.store import schema

    monkeypatch.setenv("KESHENG_FAKE_LLM", "1")
    project = Project.open(build(tmp_path, date(2024, 3, 31)), create=False)
    window = MainWindow(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    window.runner.show_dialogs = False
    qtbot.addWidget(window)
    window.set_project(project)
    window.show()
    assert window.wait_idle()
    tree = window.tree
    assert not tree.banner_box.isHidden() and tree._accuracy is not None
    n = tree._accuracy.judge_records
    assert 0 < n < tree._accuracy.trust.guessed and f"{n:,} 条记录" in tree.judge_button.text()
    tree.review_button.click()
    qtbot.waitUntil(lambda: len(window.review.items) == 50, timeout=60_000)
    assert window.docks["review"].isVisible()
    tree.judge_button.click()
    assert window.judging is not None
    qtbot.waitUntil(lambda: not window.judging.running, timeout=120_000)  # type: ignore[union-attr]
    assert window.wait_idle()
    with project.read() as conn:
        judged = conn.execute(select(func.count()).select_from(schema.assessments)
                              .where(schema.assessments.c.method == "llm")).scalar_one()
    assert 0 < judged <= n  # a budget: the model judges at most n (the sample, then the records the student doubts)
    assert tree._accuracy is not None and tree._accuracy.trust.guessed == tree._accuracy.trust.tagged - judged
    window.close()
    project.close()


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
