"""The record detail panel: shows one record (plain text or chat bubbles) with its tags and provenance."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from ui.i18n import tr
from ui.views.detail_html import render
from workbench.errors import KeshengError
from workbench.project import Project
from workbench.store import records


class RecordDetailView(QWidget):
    """Call :meth:`show_record`; reads one record by primary key (fast enough for the GUI thread)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self._project: Project | None = None
        self._record_id: int | None = None
        self.show_record(None, None)

    def record_id(self) -> int | None:
        return self._record_id

    def show_record(self, project: Project | None, record_id: int | None) -> None:
        self._project, self._record_id = project, record_id
        self._update_body()

    def retranslate(self) -> None:
        self._update_body()

    def _update_body(self) -> None:
        if self._project is None or self._record_id is None:
            self.browser.setHtml(f'<p style="color:#888;">{tr("detail.empty")}</p>')
            return
        try:
            self.browser.setHtml(render(records.record_detail(self._project, self._record_id)))
        except KeshengError as exc:
            self.browser.setPlainText(exc.message)
