"""The wizard's transcript preview: parsed turns coloured by role, and the table where speaker roles are set.

Both only show what the core parsed (:attr:`workbench.ingest.options.Preview.sessions` and ``speakers``);
a role chosen here is handed back as a signal and travels to the import in its options.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from ui.i18n import tr
from ui.theme import current_theme
from workbench.ingest.options import ROLE_NAMES
from workbench.ingest.transcript import Turn

ROLE_COLOURS: dict[str, tuple[str, str]] = {  # role → (light, dark) background
    "customer": ("#dbeafe", "#1e3a5f"), "agent": ("#dcfce7", "#1f4d2c"),
    "bot": ("#fef3c7", "#5c4a12"), "system": ("#e5e7eb", "#3a3d41"),
}


def role_colour(role: str) -> QColor:
    """The background of a turn of ``role`` in the current theme."""
    light, dark = ROLE_COLOURS.get(role, ROLE_COLOURS["system"])
    return QColor(dark if current_theme() == "dark" else light)


class TurnPreviewView(QTableWidget):
    """One row per turn of the first sessions: session, time, role, speaker, text; coloured by role."""

    COLUMNS = ("col.session", "col.time", "col.role", "col.speaker", "col.text")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.COLUMNS), parent)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.setHorizontalHeaderLabels([tr(f"import.{c}") for c in self.COLUMNS])
        self.horizontalHeader().setSectionResizeMode(len(self.COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.setWordWrap(True)

    def set_sessions(self, sessions: Sequence[Sequence[Turn]]) -> None:
        """Show the parsed sessions (an empty list clears the view)."""
        rows = [(n, turn) for n, turns in enumerate(sessions, 1) for turn in turns]
        self.setRowCount(len(rows))
        for r, (n, turn) in enumerate(rows):
            when = turn.sent_at.isoformat(sep=" ", timespec="seconds") if turn.sent_at else ""
            cells = (str(n), when, tr(f"import.role.{turn.role}"), turn.speaker or "", turn.text)
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setBackground(role_colour(turn.role))
                item.setData(Qt.ItemDataRole.UserRole, turn.role)
                if c == len(cells) - 1:
                    item.setToolTip(value)
                self.setItem(r, c, item)
        self.resizeColumnsToContents()
        self.resizeRowsToContents()

    def roles(self) -> list[str]:
        """The role of each row, top to bottom (what the colours stand for)."""
        items = (self.item(r, 2) for r in range(self.rowCount()))
        return [str(item.data(Qt.ItemDataRole.UserRole)) for item in items if item is not None]


class SpeakerRolesView(QTableWidget):
    """Speaker label → role, one combo per label; choosing a role emits :attr:`roleChanged` (label, role)."""

    roleChanged = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels([tr("import.col.label"), tr("import.col.role")])
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.combos: dict[str, QComboBox] = {}

    def set_speakers(self, speakers: dict[str, str]) -> None:
        """Show each label with the role the import gives it."""
        self.combos = {}
        self.setRowCount(len(speakers))
        for r, (label, role) in enumerate(speakers.items()):
            item = QTableWidgetItem(label)
            item.setBackground(role_colour(role))
            self.setItem(r, 0, item)
            combo = QComboBox()
            for name in ROLE_NAMES:
                combo.addItem(tr(f"import.role.{name}"), name)
            combo.setCurrentIndex(max(combo.findData(role), 0))
            combo.activated.connect(lambda _i, lb=label, cb=combo: self.roleChanged.emit(lb, str(cb.currentData())))
            self.setCellWidget(r, 1, combo)
            self.combos[label] = combo
        self.resizeColumnToContents(1)

    def set_role(self, label: str, role: str) -> None:
        """Choose ``role`` for ``label`` as the analyst would."""
        combo = self.combos[label]
        combo.setCurrentIndex(combo.findData(role))
        combo.activated.emit(combo.currentIndex())
