"""An honest panel for a capability that is not built yet: says what it will do and what it waits for."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.i18n import tr


class PendingPanel(QWidget):
    """Shows "<panel> is not available yet" and the reason text ``pending.<key>``."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.title, self.body = QLabel(), QLabel()
        for label in (self.title, self.body):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(f"<b>{tr('pending.title', panel=tr('panel.' + self.key))}</b>")
        self.body.setText(tr(f"pending.{self.key}"))
