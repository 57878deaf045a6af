"""Agent scorecards as a table model (a small in-memory list; sorting via a proxy is fine here)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ui.i18n import language
from workbench.service.scorecard import ScoreRow

SortRole = Qt.ItemDataRole.UserRole + 1
COLUMNS = (("key", "客服", "Agent"), ("conversations", "会话数", "Conversations"),
           ("first_response_s", "首次响应(秒)", "First response (s)"),
           ("avg_response_s", "平均响应(秒)", "Avg response (s)"),
           ("sop_compliance", "SOP 合规", "SOP compliance"), ("resolved_share", "解决率", "Resolved"),
           ("dissatisfaction", "不满度", "Dissatisfaction"), ("csat", "满意度", "CSAT"), ("flags", "提示", "Flags"))
PERCENT = {"sop_compliance", "resolved_share"}
FLAG_TEXT = {"slow responses": "响应慢", "slow first response": "首次响应慢", "low SOP compliance": "SOP 合规低",
             "few resolutions": "解决率低", "dissatisfied customers": "客户不满"}


def flag_text(flag: str) -> str:
    """A scorecard flag in the UI language."""
    if language() != "zh":
        return flag
    if flag.startswith("skips "):
        return "常跳过：" + flag[6:].replace("identity_check", "核实身份").replace("greeting", "问候")
    if flag.startswith("says "):
        return "使用禁语 " + flag[5:]
    return FLAG_TEXT.get(flag, flag)


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
            return COLUMNS[section][1 if language() == "zh" else 2]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row, name = self.rows[index.row()], COLUMNS[index.column()][0]
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
