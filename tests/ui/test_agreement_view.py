"""The Review panel's agreement table: κ per node, and the disagreeing records one double-click away."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from tests.tagging.conftest import add_records, small_taxonomy
from ui.views.agreement_view import AgreementView
from ui.views.review_view import ReviewView
from ui.workers.runner import TaskRunner
from workbench.project import Project
from workbench.selection import Selection
from workbench.store import schema
from workbench.tagging.labels import label_records
from workbench.taxonomy.repository import save_version

A = "物流/配送时效"


def _populate(project: Project) -> list[int]:
    save_version(project, small_taxonomy(), "t")
    ids = add_records(project, ["一", "二", "三", "四"])
    with project.write() as conn:
        conn.execute(schema.tags.insert().values(record_id=ids[0], node_key="k", path=A, method="rule"))
    label_records(project, [(rid, (A,) if i < 2 else ("产品/口味",), None) for i, rid in enumerate(ids)], "alice")
    return ids


def _project(path: Path) -> list[int]:
    with Project.open(path) as project:
        return _populate(project)


def test_table_and_double_click_lists_disagreements(qtbot: QtBot, tmp_path: Path) -> None:
    ids = _project(tmp_path / "p.kesheng")
    view = AgreementView()
    qtbot.addWidget(view)
    with Project.open(tmp_path / "p.kesheng") as project:
        view.refresh(project)
        row = next(r for r, q in enumerate(view.rows) if (q.node, q.pairs) == (A, "analyst-machine"))
        assert view.table.item(row, 1).text() == A
        assert view.table.item(row, 2).text() == "0.50"  # analyst 1 1 0 0 vs machine 1 0 0 0
        # pooled: analyst A 1100, 口味 0011; machine A 1000, 口味 0000 → po 5/8, pe 1/2 → κ 0.25
        assert "0.25" in view.overall.text() and "4" in view.overall.text()
        view.table.cellDoubleClicked.emit(row, 0)
        assert [view.records.item(i).data(256) for i in range(view.records.count())] == [ids[1]]
        with qtbot.waitSignal(view.recordActivated) as signal:
            view.records.itemClicked.emit(view.records.item(0))
        assert signal.args == [ids[1]]


def test_review_panel_shows_it(qtbot: QtBot, tmp_path: Path) -> None:
    _project(tmp_path / "p.kesheng")
    runner = TaskRunner()
    view = ReviewView(runner)
    qtbot.addWidget(view)
    with Project.open(tmp_path / "p.kesheng") as project:
        view.set_context(project, Selection())
        assert view.agreement.table.rowCount() == 2
    runner.shutdown()


def test_double_click_opens_the_disagreements_in_the_record_table(make_window: Any, qtbot: QtBot) -> None:
    from ui.i18n import set_language

    set_language("zh")
    ids: list[int] = []
    win = make_window(lambda p: ids.extend(_populate(p)))
    view = win.review.agreement
    view.refresh(win.project)
    row = next(r for r, q in enumerate(view.rows) if (q.node, q.pairs) == (A, "analyst-machine"))
    view.table.cellClicked.emit(row, 0)  # one click lists them under the table
    assert view.records.count() == 1
    view.table.cellDoubleClicked.emit(row, 0)  # a double click opens them in the verbatim table
    assert win.wait_idle()
    assert [win.table.model.record_id(r) for r in range(win.table.model.rowCount())] == [ids[1]]
    assert win.statusBar().currentMessage().startswith(f"原文列表显示“{A}”的 1 条分歧记录（人工–机器）")
    win.reset_filters()  # Clear filters shows every record again
    assert win.wait_idle() and win.table.model.rowCount() == 4
