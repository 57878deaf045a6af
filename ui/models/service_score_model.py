"""Agent scorecards as a table model (a small in-memory list; sorting via a proxy is fine here)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ui.i18n import has_text, tr
from workbench.service.scorecard import ScoreRow

SortRole = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("key", "conversations", "first_response_s", "avg_response_s", "sop_compliance", "resolved_share",
           "dissatisfaction", "csat", "flags")
PERCENT = {"sop_compliance", "resolved_share"}
def flag_text(flag: str) -> str:
    """A scorecard flag (the core's English code) in the UI language."""
    if flag.startswith("skips "):
        item = flag.removeprefix("skips ")
        return tr("service.flag.skips", item=tr(f"service.item.{item}") if has_text(f"service.item.{item}") else item)
    if flag.startswith("says "):
        return tr("service.flag.says", phrase=flag.removeprefix("says "))
    return tr(f"service.flag.{flag}") if has_text(f"service.flag.{flag}") else flag


class ServiceScoreModel(QAbstractTableModel):
    """One row per agent (or team/day); flagged rows are tinted."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ScoreRow] = []

    def set_rows(self, rows: list[ScoreRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return tr(f"service.col.{COLUMNS[section]}")
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row, name = self.rows[index.row()], COLUMNS[index.column()]
        value = getattr(row, name)
        if role == SortRole:
            return -1.0 if value is None else (len(value) if isinstance(value, list) else value)
        if role == Qt.ItemDataRole.DisplayRole:
            if name == "flags":
                return "；".join(flag_text(f) for f in value)
            if value is None:
                return "—"
            if name in PERCENT:
                return f"{value:.0%}"
            return f"{value:.1f}" if isinstance(value, float) else str(value)
        if role == Qt.ItemDataRole.BackgroundRole and row.flags:
            return QColor(255, 235, 230)
        if role == Qt.ItemDataRole.TextAlignmentRole and name not in ("key", "flags"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
