"""The Review panel's agreement table: κ per node, and the disagreeing records one double-click away."""

from __future__ import annotations

from pathlib import Path

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


def _project(path: Path) -> list[int]:
    with Project.open(path) as project:
        save_version(project, small_taxonomy(), "t")
        ids = add_records(project, ["一", "二", "三", "四"])
        with project.write() as conn:
            conn.execute(schema.tags.insert().values(record_id=ids[0], node_key="k", path=A, method="rule"))
        label_records(project, [(rid, (A,) if i < 2 else ("产品/口味",), None) for i, rid in enumerate(ids)], "alice")
    return ids


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
