"""A TOP list (frequent / rising / negative / new) as a small table model over ``TopItem`` values."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ui.i18n import tr
from ui.theme import SENTIMENT_COLORS
from workbench.analysis.top import TopItem

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("rank", "node", "count", "previous", "delta", "share", "negative", "score")
NodeKeyRole = Qt.ItemDataRole.UserRole + 1


class TopListModel(QAbstractTableModel):
    """Rows in rank order; :data:`NodeKeyRole` carries the node key of each row."""

    def __init__(self) -> None:
        super().__init__()
        self._items: list[TopItem] = []

    def set_items(self, items: list[TopItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> list[TopItem]:
        return list(self._items)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return tr(f"top.{COLUMNS[section]}")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items) or not 0 <= index.column() < len(COLUMNS):
            return None
        item, name = self._items[index.row()], COLUMNS[index.column()]
        if role == NodeKeyRole:
            return item.key
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(index.row(), name, item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.node}\n{item.basis}: {item.score:.3f}"
        if role == Qt.ItemDataRole.ForegroundRole and name == "negative" and item.negative_share >= 0.5:
            return QColor(SENTIMENT_COLORS["negative"])
        if role == Qt.ItemDataRole.TextAlignmentRole and name not in ("node",):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _display(row: int, name: str, item: TopItem) -> str:
    if name == "rank":
        return str(row + 1)
    if name == "node":
        return item.node
    if name == "delta":
        return f"{(item.count - item.previous) / item.previous:+.0%}" if item.previous else tr("top.new_mark")
    if name in ("share", "negative"):
        return f"{(item.share if name == 'share' else item.negative_share):.1%}"
    if name == "score":
        return f"{item.score:.2f}"
    return f"{getattr(item, name):,}"
