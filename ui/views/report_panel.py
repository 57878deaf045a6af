"""The Report panel: what a report contains and a button that opens the Report dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr


class ReportPanel(QWidget):
    """Calls ``open_dialog`` when the analyst asks for a report."""

    def __init__(self, open_dialog: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton()
        self.button.clicked.connect(lambda: open_dialog())
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.body)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.body.setText(tr("report_panel.body"))
        self.button.setText(tr("report_panel.create"))
