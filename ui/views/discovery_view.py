"""The Discover panel: clusters of records no issue covers, proposed as new taxonomy nodes.

Find runs discovery on the current selection (optionally naming clusters with the local model); each
proposal shows its size, top words and example quotes. Accept adds the node under the chosen parent
(editable name) and marks the cluster's records for re-tagging; Dismiss hides the cluster for good.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import bind, on_language_changed, tr
from ui.workers.runner import TaskRunner
from workbench.changes import Changes
from workbench.discover import Proposal, accept, discover, dismiss
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.selection import Selection
from workbench.taxonomy import edits
from workbench.types import RecordFilter


class DiscoveryView(QWidget):
    """Emits ``taxonomyChanged(message)`` after a proposal was accepted."""

    taxonomyChanged = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.project: Project | None = None
        self.filter = RecordFilter()
        self.proposals: list[Proposal] = []
        self.find_button, self.use_model = QPushButton(), QCheckBox()
        bind(self.find_button.setText, "discovery.find")
        bind(self.use_model.setText, "discovery.model")
        self.status = QLabel(tr("discovery.hint"))
        self.status.setWordWrap(True)
        self.list = QListWidget()
        self.detail = QTextBrowser()
        self.name, self.parent_box = QLineEdit(), QComboBox()
        self.accept_button, self.dismiss_button = QPushButton(), QPushButton()
        bind(self.accept_button.setText, "discovery.accept")
        bind(self.dismiss_button.setText, "discovery.dismiss")
        self._layout()
        self.find_button.clicked.connect(self.find)
        self.list.currentRowChanged.connect(self._show)
        self.accept_button.clicked.connect(self.accept_current)
        self.dismiss_button.clicked.connect(self.dismiss_current)
        self._show(-1)
        self._searched = False
        unsubscribe = on_language_changed(self.retranslate)
        self.destroyed.connect(lambda *_: unsubscribe())

    def retranslate(self) -> None:
        """The proposals' lines and the open one's detail in the new language (their words stay the data's)."""
        if self._searched:
            row = self.list.currentRow()
            self._fill(self.proposals)
            self.list.setCurrentRow(row)
        else:
            self.status.setText(tr("discovery.hint"))

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.find_button)
        top.addWidget(self.use_model)
        top.addWidget(self.status, 1)
        form = QHBoxLayout()
        for key, widget in (("discovery.name", self.name), ("discovery.parent", self.parent_box)):
            label = QLabel()
            bind(label.setText, key)
            form.addWidget(label)
            form.addWidget(widget, 1)
        form.addWidget(self.accept_button)
        form.addWidget(self.dismiss_button)
        body = QHBoxLayout()
        body.addWidget(self.list, 2)
        right = QVBoxLayout()
        right.addWidget(self.detail, 1)
        right.addLayout(form)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(body, 1)

    def set_context(self, project: Project | None, selection: Selection) -> None:
        """Discovery looks at the filtered records of every node (new issues hide outside the taxonomy)."""
        if project is not self.project:
            self.proposals = []
            self.list.clear()
        self.project, self.filter = project, selection.table_filter().with_(node_key=None)

    def apply_changes(self, changes: Changes) -> None:
        """The proposals stay until the analyst looks again (an accepted one is dropped as it is accepted)."""

    def find(self) -> None:
        """Run discovery on the current selection (a worker thread; Cancel in the progress dialog)."""
        if self.project is None:
            return
        project, flt, with_model = self.project, self.filter, self.use_model.isChecked()

        def job(progress: Progress, cancel: CancelToken) -> list[Proposal]:
            backend = None
            if with_model:
                from workbench.llm.factory import open_preferred_backend

                backend = open_preferred_backend()
            try:
                return discover(project, flt, backend, progress, cancel)
            finally:
                if backend is not None:
                    backend.close()

        self.runner.start(job, title=tr("discovery.title"), on_done=self._fill, parent=self)

    def _fill(self, proposals: list[Proposal]) -> None:
        self.proposals, self._searched = proposals, True
        self.list.clear()
        for p in proposals:
            item = QListWidgetItem(tr("discovery.item", name=p.name, n=p.cluster.size, c=p.cluster.cohesion))
            item.setData(Qt.ItemDataRole.UserRole, p.cluster.signature)
            self.list.addItem(item)
        self.status.setText(tr("discovery.hint") if proposals else tr("discovery.none"))
        self._fill_parents()
        self.list.setCurrentRow(0 if proposals else -1)

    def _fill_parents(self) -> None:
        from workbench.queries.records import current_nodes

        self.parent_box.clear()
        self.parent_box.addItem(tr("discovery.top"), "/")
        if self.project is not None:
            for node in current_nodes(self.project):
                if node.level <= 2:
                    self.parent_box.addItem(node.path, node.path)

    def _show(self, row: int) -> None:
        proposal = self.proposals[row] if 0 <= row < len(self.proposals) else None
        for widget in (self.name, self.parent_box, self.accept_button, self.dismiss_button):
            widget.setEnabled(proposal is not None)
        if proposal is None:
            self.detail.clear()
            self.name.clear()
            return
        self.name.setText(proposal.name)
        self.parent_box.setCurrentIndex(max(self.parent_box.findData(proposal.parent or "/"), 0))
        words = "、".join(f"{k.word}（{k.docs}）" for k in proposal.cluster.keywords)
        quotes = "".join(f"<li>{_escape(t[:120])}</li>" for _, t in proposal.cluster.examples)
        desc = f"<p>{_escape(proposal.description)}</p>" if proposal.description else ""
        self.detail.setHtml(f"{desc}<p><b>{tr('discovery.words')}</b>：{_escape(words)}</p><p><b>{tr('discovery.examples')}</b></p>"
                            f"<ul>{quotes}</ul>")

    def _current(self) -> Proposal | None:
        row = self.list.currentRow()
        return self.proposals[row] if 0 <= row < len(self.proposals) else None

    def accept_current(self) -> None:
        proposal, project = self._current(), self.project
        if proposal is None or project is None:
            return
        name, parent = self.name.text().strip() or proposal.name, str(self.parent_box.currentData() or "/")

        def job(progress: Progress, cancel: CancelToken) -> edits.EditResult:
            return accept(project, proposal, name, parent)

        def done(result: edits.EditResult) -> None:
            self._drop(proposal)
            self.taxonomyChanged.emit(tr("discovery.accepted", name=name, v=result.version_id, n=proposal.cluster.size))

        self.runner.start(job, title=tr("discovery.title"), on_done=done, parent=self,
                          changes=lambda result: result.changes)

    def dismiss_current(self) -> None:
        proposal = self._current()
        if proposal is None or self.project is None:
            return
        dismiss(self.project, proposal)
        self._drop(proposal)

    def _drop(self, proposal: Proposal) -> None:
        index = self.proposals.index(proposal)
        self.proposals.pop(index)
        self.list.takeItem(index)
        self._show(self.list.currentRow())


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
