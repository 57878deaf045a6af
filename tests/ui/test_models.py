"""The custom Qt models pass qtmodeltester and stay lazy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.ui.sample_project import fill
from ui.models.issue_tree_model import IssueTreeModel, NodeKeyRole
from ui.models.record_table_model import BLOCK, RecordIdRole, RecordTableModel
from ui.views.detail_html import highlight, render
from workbench.project import Project
from workbench.queries import records
from workbench.types import RecordFilter


@pytest.fixture
def filled(tmp_path: Path) -> Any:
    project = Project.open(tmp_path / "m.kesheng")
    fill(project, n=500)
    yield project
    project.close()


def test_record_table_model_passes_modeltester(qtmodeltester: Any, filled: Project) -> None:
    model = RecordTableModel()
    model.set_query(filled, RecordFilter(), records.count(filled, RecordFilter()))
    qtmodeltester.check(model)
    model.sort(model.columns.index("created_at"), Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)


def test_record_table_model_is_lazy(filled: Project) -> None:
    model = RecordTableModel(filled)
    model.set_query(filled, RecordFilter(), 500)
    assert model.fetches == 0  # nothing read until a row is asked for
    assert model.data(model.index(0, 0)) is not None
    assert model.fetches == 1
    model.data(model.index(BLOCK - 1, 0))
    assert model.fetches == 1  # same block
    last = model.index(499, 0)
    assert model.data(last, RecordIdRole) is not None
    assert model.fetches == 2  # jumped straight to the last block, skipping those between


def test_record_table_model_rows_match_the_store(filled: Project) -> None:
    model = RecordTableModel(filled, ("id", "channel", "sentiment", "tags", "text"))
    flt = RecordFilter(node_key="aftersales")
    model.set_query(filled, flt, records.count(filled, flt))
    assert model.rowCount() == 125
    ids = {model.record_id(r) for r in range(model.rowCount())}
    assert ids == set(records.page_ids(filled, flt, limit=1000))
    assert all(model.data(model.index(r, 3)) == "售后/退款流程" for r in range(model.rowCount()))
    assert model.headerData(1, Qt.Orientation.Horizontal) in ("渠道", "Channel")


def test_issue_tree_model_passes_modeltester(qtmodeltester: Any, filled: Project) -> None:
    model = IssueTreeModel()
    model.set_data(records.current_nodes(filled), records.node_counts(filled, RecordFilter()), 500)
    qtmodeltester.check(model)
    root = model.item(0, 0)
    assert root.data(NodeKeyRole) == ""
    quality = next(root.child(i, 0) for i in range(root.rowCount()) if root.child(i, 0).data(NodeKeyRole) == "quality")
    assert quality.child(0, 0).child(0, 0).text() == "鼓包"  # three levels deep
    assert [n.name for n in model.node_path("quality.battery.swell")] == ["产品质量", "电池", "鼓包"]


def test_detail_html_highlights_evidence_and_bubbles(filled: Project) -> None:
    html = render(records.record_detail(filled, 3))
    assert html.count("<table") >= 3  # tags + two bubbles
    assert "background-color:#ffd166" in html  # the evidence span in its tag's colour
    assert "客户反馈.xlsx" in html
    plain = render(records.record_detail(filled, 4))
    assert "编号4" in plain and "<table width=\"78%\"" not in plain


def test_highlight_escapes_and_skips_overlaps() -> None:
    out = highlight("a<b>c", [(0, 1, "#f00"), (0, 3, "#0f0"), (3, 4, "#00f")])
    assert out.count("<span") == 2
    assert "&lt;b" in out


def test_top_list_model_passes_modeltester(qtmodeltester: Any, filled: Project) -> None:
    from ui.models.top_list_model import NodeKeyRole as TopKeyRole
    from ui.models.top_list_model import TopListModel
    from workbench.queries.analysis_rows import top_list

    model = TopListModel()
    model.set_items(top_list(filled, "frequent", grain="month", limit=10).items)
    qtmodeltester.check(model)
    assert model.rowCount() > 0
    assert model.index(0, 0).data() == "1"
    assert model.index(0, 0).data(TopKeyRole)
