"""The issue tree's Δ column and 8-week sparkline."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtGui import QColor

from ui.models.issue_tree_model import DELTA_COL, SPARK_COL, SortRole, SparkRole
from ui.views.issue_tree_view import IssueTreeView
from workbench.queries.node_trends import NodeHistory
from workbench.queries.records import NodeCount
from workbench.taxonomy.model import Node

NODES = [Node(key="a", parent_key=None, path="物流", name="物流", level=1),
         Node(key="b", parent_key=None, path="售后", name="售后", level=1),
         Node(key="c", parent_key=None, path="产品", name="产品", level=1)]
WEEKS = [date(2025, 3, 3) + timedelta(weeks=i) for i in range(8)]
HISTORY = NodeHistory(WEEKS, {"": [5, 6, 5, 7, 6, 5, 9, 30], "a": [1, 1, 2, 1, 1, 2, 5, 24],
                              "b": [4, 5, 3, 6, 5, 3, 4, 6]},
                      current={"": 50, "a": 40, "b": 10, "c": 3}, previous={"": 40, "a": 10, "b": 20},
                      period=(date(2025, 4, 1), date(2025, 4, 28)))


def _row(view: IssueTreeView, name: str) -> int:
    root = view.model.item(0, 0)
    return next(i for i in range(root.rowCount()) if root.child(i, 0).text() == name)


def test_delta_and_sparkline_cells(qtbot: Any) -> None:
    view = IssueTreeView()
    qtbot.addWidget(view)
    counts = {"a": NodeCount(40, 30, 0.8), "b": NodeCount(10, 2, 0.2), "c": NodeCount(3, 0, 0.06)}
    view.set_data(NODES, counts, 50, HISTORY)
    root = view.model.item(0, 0)
    assert view.model.item(0, DELTA_COL).text() == "+25%"
    a, b, c = (_row(view, n) for n in ("物流", "售后", "产品"))
    assert root.child(a, DELTA_COL).text() == "+300%"
    assert root.child(a, DELTA_COL).foreground().color() == QColor("#d9534f")  # a surge is red
    assert root.child(b, DELTA_COL).text() == "-50%"
    assert root.child(c, DELTA_COL).text() == "新"  # nothing in the previous period
    assert root.child(a, SPARK_COL).data(SparkRole) == HISTORY.weekly["a"]
    assert root.child(c, SPARK_COL).data(SparkRole) == [0] * 8
    assert root.child(a, DELTA_COL).data(SortRole) == 3.0
    assert "2025-04-01" in root.child(a, DELTA_COL).toolTip()


def test_sparkline_is_painted(qtbot: Any) -> None:
    view = IssueTreeView()
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.show()
    view.set_data(NODES, {"a": NodeCount(40, 30, 0.8)}, 50, HISTORY)
    qtbot.waitExposed(view)
    image = view.tree.viewport().grab().toImage()
    x0 = view.tree.header().sectionViewportPosition(SPARK_COL)
    width = view.tree.header().sectionSize(SPARK_COL)
    red = sum(1 for x in range(x0, x0 + width) for y in range(image.height())
              if (lambda c: c.red() > 180 and c.green() < 120 and c.blue() < 120)(image.pixelColor(x, y)))
    assert red > 5  # the rising "物流" line is drawn in red


def test_without_history_the_columns_stay_empty(qtbot: Any) -> None:
    view = IssueTreeView()
    qtbot.addWidget(view)
    view.set_data(NODES, {}, 0)
    assert view.model.item(0, DELTA_COL).text() == "" and view.model.item(0, SPARK_COL).data(SparkRole) is None


def test_model_with_history_passes_modeltester(qtmodeltester: Any) -> None:
    from ui.models.issue_tree_model import IssueTreeModel

    model = IssueTreeModel()
    model.set_data(NODES, {"a": NodeCount(40, 30, 0.8), "b": NodeCount(10, 2, 0.2)}, 50, HISTORY)
    qtmodeltester.check(model)
