"""The issue tree as an item model: taxonomy nodes with record count, share, negative share, the change
against the previous period and an 8-week sparkline (weekly counts in :data:`SparkRole`, painted by
:class:`ui.views.sparkline_delegate.SparklineDelegate`).

A small in-memory tree (hundreds of nodes), rebuilt when counts arrive; numbers sort numerically through
:data:`SortRole`. The first row is "all issues" (the whole selection).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel

from ui.i18n import language, tr
from ui.theme import SENTIMENT_COLORS
from workbench.analysis.precision import Precision
from workbench.queries.node_experience import NodeExperience
from workbench.queries.node_trends import NodeHistory
from workbench.queries.records import NodeCount
from workbench.taxonomy.model import Node

NodeKeyRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
PathRole = Qt.ItemDataRole.UserRole + 3
SparkRole = Qt.ItemDataRole.UserRole + 4
ALL_KEY = ""
DELTA_COL, SPARK_COL, PRECISION_COL, IMPACT_COL, EFFORT_COL, EMOTION_COL, ACTIONABLE_COL = 4, 5, 6, 7, 8, 9, 10


class IssueTreeModel(QStandardItemModel):
    """Columns: issue, count, share, negative %, Δ, 8 weeks, precision, score impact, mean effort, main emotion,
    actionable share. Node key in :data:`NodeKeyRole` ('' = all issues). Precision is the project's (by node
    path), not the selection's: it says how sure a tag is. The last four are the selection's
    (:func:`workbench.queries.node_experience.node_experience`)."""

    def __init__(self) -> None:
        super().__init__()
        self._nodes: list[Node] = []
        self._counts: dict[str, NodeCount] = {}
        self._total = 0
        self._history: NodeHistory | None = None
        self._precision: dict[str, Precision] = {}
        self._experience: dict[str, NodeExperience] = {}
        self._set_headers()

    def _set_headers(self) -> None:
        self.setHorizontalHeaderLabels([tr("col.node"), tr("col.count"), tr("col.share"), tr("col.negative"),
                                        tr("col.delta"), tr("col.spark"), tr("col.precision"),
                                        tr("col.impact"), tr("col.effort"), tr("col.emotion"), tr("col.actionable")])

    def retranslate(self) -> None:
        """Headers, "all issues" and English node names (where the taxonomy has them) follow the language."""
        self._set_headers()
        if self.rowCount():
            self.set_data(self._nodes, self._counts, self._total, self._history, self._precision, self._experience)

    def set_data(self, nodes: list[Node], counts: dict[str, NodeCount], total: int,
                 history: NodeHistory | None = None, precision: dict[str, Precision] | None = None,
                 experience: dict[str, NodeExperience] | None = None) -> None:
        """Rebuild from the current taxonomy and per-node counts of the selection (``total`` records);
        ``precision``: per node path (``workbench.tagging.accuracy``); ``experience``: per node key."""
        self._nodes, self._counts, self._total, self._history = nodes, counts, total, history
        self._precision, self._experience = precision or {}, experience or {}
        self.removeRows(0, self.rowCount())
        root = self._row(tr("tree.all"), ALL_KEY, "", NodeCount(total, 0, 1.0 if total else 0.0), show_neg=False)
        self.appendRow(root)
        items: dict[str | None, QStandardItem] = {None: root[0]}
        for node in sorted(nodes, key=lambda n: (n.level, n.sort, n.name)):
            parent = items.get(node.parent_key)
            if parent is None:
                continue
            name = node.name_en if language() == "en" and node.name_en else node.name
            row = self._row(name, node.key, node.path, counts.get(node.key, NodeCount(0, 0, 0.0)))
            parent.appendRow(row)
            items[node.key] = row[0]

    def _row(self, name: str, key: str, path: str, c: NodeCount, show_neg: bool = True) -> list[QStandardItem]:
        cells = [QStandardItem(name), QStandardItem(f"{c.count:,}"), QStandardItem(f"{c.share:.1%}"),
                 QStandardItem(f"{c.negative_share:.0%}" if show_neg and c.count else "")]
        for cell, value in zip(cells, (name, c.count, c.share, c.negative_share), strict=True):
            cell.setEditable(False)
            cell.setData(key, NodeKeyRole)
            cell.setData(path, PathRole)
            cell.setData(value, SortRole)
        cells += self._history_cells(key)
        cells.append(self._precision_cell(key, path))
        cells += self._experience_cells(key)
        for cell in cells[1:]:
            cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if show_neg and c.count and c.negative_share >= 0.5:
            cells[3].setForeground(QColor(SENTIMENT_COLORS["negative"]))
        if c.count == 0:
            for cell in cells:
                cell.setForeground(QColor("#9aa0a6"))
        cells[0].setToolTip(path or name)
        return cells

    def _history_cells(self, key: str) -> list[QStandardItem]:
        history = self._history
        delta_cell, spark_cell = QStandardItem(), QStandardItem()
        for cell in (delta_cell, spark_cell):
            cell.setEditable(False)
            cell.setData(key, NodeKeyRole)
        if history is None or not history.week_starts:
            delta_cell.setData(float("-inf"), SortRole)
            spark_cell.setData(0, SortRole)
            return [delta_cell, spark_cell]
        change = history.delta(key)
        cur, prev = history.current.get(key, 0), history.previous.get(key, 0)
        if change is not None:
            delta_cell.setText(f"{change:+.0%}")
            if change >= 0.3 and cur >= 5:
                delta_cell.setForeground(QColor(SENTIMENT_COLORS["negative"]))
        elif cur:
            delta_cell.setText(tr("top.new_mark"))
        delta_cell.setData(change if change is not None else (float("inf") if cur else float("-inf")), SortRole)
        a, b = history.period
        delta_cell.setToolTip(tr("tree.delta_tip", a=a.isoformat(), b=b.isoformat(), cur=cur, prev=prev))
        weekly = history.weekly.get(key, [0] * len(history.week_starts))
        spark_cell.setData(weekly, SparkRole)
        spark_cell.setData(weekly[-1] - weekly[0], SortRole)
        spark_cell.setToolTip(" · ".join(f"{d:%m-%d} {n}" for d, n in zip(history.week_starts, weekly, strict=True)))
        return [delta_cell, spark_cell]

    def _precision_cell(self, key: str, path: str) -> QStandardItem:
        cell = QStandardItem()
        cell.setEditable(False)
        cell.setData(key, NodeKeyRole)
        found = self._precision.get(path) if path else None
        cell.setData(found.value if found else -1.0, SortRole)
        if found is None:
            return cell
        cell.setText(found.text())
        fmt = {"v": f"{found.value:.0%}", "lo": f"{found.low:.0%}", "hi": f"{found.high:.0%}", "n": found.n}
        cell.setToolTip(tr("tree.prec_estimate" if found.estimated else "tree.prec_audited", **fmt))
        if found.estimated:
            cell.setForeground(QColor("#8a8f96"))  # a guess looks like one
        return cell

    def _experience_cells(self, key: str) -> list[QStandardItem]:
        cells = [QStandardItem() for _ in range(4)]
        for cell in cells:
            cell.setEditable(False)
            cell.setData(key, NodeKeyRole)
            cell.setData(float("-inf"), SortRole)
        found = self._experience.get(key) if key else None
        if found is None:
            return cells
        impact, effort, emotion, action = cells
        if found.impact is not None:
            i = found.impact
            impact.setText(f"{i.impact:+.2f}" if abs(i.impact) >= 0.005 else "0.00")  # never "-0.00"
            impact.setData(i.impact, SortRole)
            impact.setToolTip(tr("tree.impact_tip", v=i.impact, lo=i.low, hi=i.high, w=i.mean_with,
                                 o=i.mean_without, n=i.n))
            if i.low > 0:  # the interval excludes zero: a problem that costs score
                impact.setForeground(QColor(SENTIMENT_COLORS["negative"]))
        if found.mean_effort is not None:
            effort.setText(f"{found.mean_effort:.1f}")
            effort.setData(found.mean_effort, SortRole)
            effort.setToolTip(tr("tree.effort_tip", n=found.n))
        dominant = found.dominant_emotion()
        if dominant is not None:
            name, share = dominant
            emotion.setText(f"{tr('emotion.' + name)} {share:.0%}")
            emotion.setData(share, SortRole)
            felt = sorted(found.emotions.items(), key=lambda kv: -kv[1])
            emotion.setToolTip(tr("tree.emotion_tip", n=found.n,
                                  emotions=" · ".join(f"{tr('emotion.' + e)} {c:,}" for e, c in felt)))
        if found.actionable_share is not None:
            action.setText(f"{found.actionable_share:.0%}")
            action.setData(found.actionable_share, SortRole)
            action.setToolTip(tr("tree.actionable_tip", k=found.actionable, n=found.n))
        return cells

    def nodes(self) -> list[Node]:
        return list(self._nodes)

    def node_path(self, key: str) -> list[Node]:
        """The chain of nodes from the top level down to ``key`` (empty for all issues or unknown keys)."""
        by_key = {n.key: n for n in self._nodes}
        chain: list[Node] = []
        node = by_key.get(key)
        while node is not None:
            chain.append(node)
            node = by_key.get(node.parent_key) if node.parent_key else None
        return chain[::-1]
