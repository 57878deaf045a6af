"""Issue 26's “Done when” through the window's widgets, on a client export we did not write (the after-sales
tickets of ``../shared/exports``): a search and “Tag all results as …”, a theme by example, agreement per node
with the disagreeing records opened in the table, a mistake and two more actions undone three steps back with
Edit ▸ Undo, and File ▸ Export to a REFI-QDA project that validates against the standard's schema."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ui.i18n import set_language
from ui.windows.bulk_label_dialog import BulkLabelDialog
from ui.windows.main_window import MainWindow
from ui.windows.theme_dialog import ThemeDialog
from workbench.cli import main
from workbench.paths import ROOT
from workbench.project import Project
from workbench.store import schema
from workbench.taxonomy.repository import load_current

TICKETS = Path(ROOT).parent / "shared" / "exports" / "04_售后工单导出_20261102.xlsx"
XSD = Path(__file__).parents[1] / "fixtures" / "refi_qda" / "Project.xsd"
Q = "{urn:QDA-XML:project:1.0}"
FIX = "售后服务/维修与保修/维修进度"
pytestmark = pytest.mark.skipif(not TICKETS.is_file(), reason="no ../shared/exports")


def _populate(project: Project) -> None:
    project.close()  # the CLI writes the file; the window's project reconnects on its next query
    assert main(["import", project.target, str(TICKETS)]) == 0
    assert main(["taxonomy", project.target, "--template", "consumer_electronics"]) == 0
    assert main(["tag", project.target, "--llm-budget", "0"]) == 0


def _state(project: Project) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with project.read() as conn:
        for table in (schema.tags, schema.assessments, schema.label_events, schema.alert_rules):
            out[table.name] = sorted(tuple(sorted((k, str(v)) for k, v in r._mapping.items()))
                                     for r in conn.execute(select(table)))
        out["views"] = conn.execute(select(schema.settings.c.value).where(
            schema.settings.c.key == "ui.saved_views")).scalar()
    taxonomy = load_current(project)
    assert taxonomy is not None
    out["tree"] = sorted(n.path for n in taxonomy.nodes)
    return out


def _table_ids(win: MainWindow) -> list[int]:
    model = win.table.model
    return [i for i in (model.record_id(r) for r in range(model.rowCount())) if i is not None]


def test_the_coding_workflow_through_the_window(make_window: Any, qtbot: QtBot, tmp_path: Path) -> None:
    set_language("zh")
    win = make_window(_populate)
    project = win.project
    assert project is not None and project.stats().records == 80
    # --- search, then “Tag all results as …” with a preview
    win.filters.search.setText("维修")
    win.filters.search.returnPressed.emit()
    assert win.wait_idle()
    found = _table_ids(win)
    assert found
    win.bulk_label()
    bulk = win.findChild(BulkLabelDialog)
    assert bulk is not None
    bulk.tag.setCurrentIndex(bulk.tag.findData(FIX))
    bulk.by.setText("王芳")
    bulk.preview_button.click()
    qtbot.waitUntil(lambda: bulk.plan is not None, timeout=60_000)
    assert bulk.plan is not None and bulk.plan.records == len(found)
    with qtbot.waitSignal(bulk.labelled, timeout=60_000):
        bulk.ok.click()
    assert win.wait_idle()
    win.reset_filters()
    assert win.wait_idle()
    # --- a theme by example, applied from its dialog
    win.define_theme([])
    theme = win.findChild(ThemeDialog)
    assert theme is not None
    theme.name.setText("上门维修")
    theme.parent_node.setCurrentIndex(theme.parent_node.findData("售后服务/维修与保修"))
    theme.examples.setPlainText("空调不制冷，要求上门维修\n报修后超过72小时无人上门")
    theme.keywords.setText("上门")
    theme.by.setText("王芳")
    theme.preview_button.click()
    qtbot.waitUntil(lambda: theme.preview_result is not None, timeout=60_000)
    assert theme.preview_result is not None and len(theme.preview_result.record_ids) > 10
    with qtbot.waitSignal(theme.applied, timeout=60_000) as applied:
        theme.ok.click()
    assert win.wait_idle() and "售后服务/维修与保修/上门维修" in {n.path for n in win.tree.model.nodes()}
    assert applied.args[0].tagged == len(theme.preview_result.record_ids)
    # --- agreement per node; a double click opens the disagreeing records in the table
    view = win.review.agreement
    view.refresh(project)
    row = next(r for r, q in enumerate(view.rows) if (q.node, q.pairs) == (FIX, "analyst-machine"))
    assert view.table.item(row, 2).text() not in ("", "—")  # κ
    view.table.cellDoubleClicked.emit(row, 0)
    assert win.wait_idle()
    differ = view.rows[row].disagreements
    assert differ > 0 and len(_table_ids(win)) == differ
    win.reset_filters()
    assert win.wait_idle()
    good = _state(project)
    # --- a mistake (a fix in the record detail), an alert rule, a saved view; then undo three steps back
    win.detail.show_record(project, found[0])
    win.detail.issue.set_current("客户服务/服务态度/态度好")
    with qtbot.waitSignal(win.detail.labelled):
        win.detail.buttons["fix"].click()
    win.alerts.name.setText("安全")
    win.alerts.pattern.setText("漏电|起火")
    win.alerts.buttons["add"].click()
    win.saved_views.save("维修视图")
    assert _state(project) != good
    undo = win.acts["undo"]
    assert undo.text() == "撤销：保存视图 维修视图"
    undo.trigger()
    assert win.wait_idle()
    assert undo.text() == "撤销：新增预警规则 安全"
    undo.trigger()
    assert win.wait_idle()
    assert undo.text() == "撤销：标注 1 → 客户服务/服务态度/态度好"
    undo.trigger()
    assert win.wait_idle() and _state(project) == good
    assert undo.text() == "撤销：定义主题 " + f"{applied.args[0].tagged} → 售后服务/维修与保修/上门维修 (+)"
    # --- hand over: File ▸ Export as a REFI-QDA project
    qdpx = tmp_path / "tickets.qdpx"
    win.export(str(qdpx))
    assert win.wait_idle() and qdpx.is_file()
    with zipfile.ZipFile(qdpx) as zf:
        doc = etree.fromstring(zf.read("project.qde"))
    etree.XMLSchema(etree.parse(str(XSD))).assertValid(doc)
    assert "王芳" in {u.get("name") for u in doc.iter(f"{Q}User")}
    assert len(list(doc.iter(f"{Q}TextSource"))) == 80
    assert win.statusBar().currentMessage() == f"已导出 80 条 → {qdpx}"
