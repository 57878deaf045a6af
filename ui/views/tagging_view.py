"""The Tagging run panel: model, LLM budget with an ETA before starting, progress with records/s, Cancel.

The run itself is ``workbench.tagging.run.tag_project`` on the task runner; it commits in batches and
resumes after a cancel or a crash, which the panel says.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import language, on_language_changed, tr
from ui.views.model_fetch_dialog import offer_model
from ui.workers.runner import TaskHandle, TaskRunner
from workbench.changes import Changes
from workbench.config import load_preferences
from workbench.llm.registry import load_registry
from workbench.progress import CancelToken, Progress
from workbench.project import Project, tag_options
from workbench.selection import Selection
from workbench.tagging.embedding_plan import EMBED_MINUTES, EmbeddingPlan, mean_text_chars, plan_for_project
from workbench.tagging.estimate import estimate_run
from workbench.tagging.run import TagResult, tag_project
from workbench.taxonomy.repository import load_current


class TaggingView(QWidget):
    """Emits ``tagged()`` after a run so the window can refresh its counts."""

    tagged = Signal()

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.project: Project | None = None
        self.task: TaskHandle[TagResult] | None = None
        self.result: TagResult | None = None
        self._started = 0.0
        self._counts = (0, 0, 0)  # records, tagged, leaves — read once per project/run, not on every keystroke
        self._mean_chars = 0.0  # the texts' mean length, for the embedding head's plan (read with the counts)
        self.head: EmbeddingPlan | None = None  # the embedding head's plan for the next run, as the estimate says it
        self.model, self.budget, self.retag = QComboBox(), QSpinBox(), QCheckBox()
        self.minutes = QSpinBox()  # 0 = no time limit (the record budget alone)
        self.embed = QSpinBox()  # the embedding head's minutes (0 = off), as `tag --embed-minutes`
        self.start_button, self.cancel_button = QPushButton(), QPushButton()
        self.estimate, self.status = QLabel(), QLabel()
        self.bar = QProgressBar()
        self.labels = [QLabel(), QLabel(), QLabel(), QLabel()]
        prefs = load_preferences()
        for name, spec in load_registry().items():
            self.model.addItem(f"{name} · {spec.title}", name)
        index = self.model.findData(prefs.model)
        self.model.setCurrentIndex(max(index, 0))
        self.budget.setRange(0, 10_000_000)
        self.budget.setValue(prefs.llm_budget)
        self.minutes.setRange(0, 24 * 60)
        self.embed.setRange(0, 24 * 60)
        self.embed.setValue(int(EMBED_MINUTES))
        self._build()
        self.retranslate()
        unsubscribe = on_language_changed(self.retranslate)
        self.destroyed.connect(lambda *_: unsubscribe())

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow(self.labels[0], self.model)
        form.addRow(self.labels[1], self.budget)
        form.addRow(self.labels[2], self.minutes)
        form.addRow(self.labels[3], self.embed)
        form.addRow("", self.retag)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.estimate)
        layout.addLayout(buttons)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addStretch(1)
        for label in (self.estimate, self.status):
            label.setWordWrap(True)
        self.cancel_button.setEnabled(False)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._on_cancel)
        for signal in (self.budget.valueChanged, self.minutes.valueChanged, self.embed.valueChanged,
                       self.model.currentIndexChanged, self.retag.toggled):
            signal.connect(self._update_estimate)

    def retranslate(self) -> None:
        self.labels[0].setText(tr("tagging.model"))
        self.labels[1].setText(tr("tagging.budget"))
        self.labels[2].setText(tr("tagging.minutes"))
        self.minutes.setSpecialValueText(tr("tagging.no_limit"))
        self.minutes.setSuffix(tr("tagging.minute_suffix"))
        self.labels[3].setText(tr("tagging.embed_minutes"))
        self.embed.setSpecialValueText(tr("tagging.embed_off"))
        self.embed.setSuffix(tr("tagging.minute_suffix"))
        for widget in (self.labels[3], self.embed):
            widget.setToolTip(tr("tagging.embed_tip"))
        self.retag.setText(tr("tagging.retag"))
        self.start_button.setText(tr("tagging.start"))
        self.cancel_button.setText(tr("tagging.cancel"))
        self._update_estimate()

    def set_context(self, project: Project | None, selection: Selection) -> None:
        """A run tags the whole project, whatever the selection."""
        if project is not self.project:
            self.project = project
            self.refresh()

    def apply_changes(self, changes: Changes) -> None:
        if changes.records or changes.tags or changes.taxonomy:
            self.refresh()

    def refresh(self) -> None:
        """Re-read how many records are tagged (after an import or a run)."""
        self._read_counts()

    def _read_counts(self) -> None:
        stats = self.project.stats() if self.project is not None else None
        taxonomy = load_current(self.project) if self.project is not None else None
        leaves = len(taxonomy.leaves()) if taxonomy is not None else 0
        self._counts = (stats.records, stats.tagged, leaves) if stats else (0, 0, 0)
        self._mean_chars = mean_text_chars(self.project) if self.project is not None and stats else 0.0
        self._update_estimate()

    def pending(self) -> int:
        """Records the next run would tag."""
        records, tagged, _ = self._counts
        return records if self.retag.isChecked() else max(records - tagged, 0)

    def time_limit(self) -> float | None:
        """The LLM's minutes (None: no time limit)."""
        return float(self.minutes.value()) or None

    def _update_estimate(self) -> None:
        est = estimate_run(self.pending(), self.budget.value(), self.time_limit(), self.model.currentData(),
                           self._counts[2])
        head = self.head = None if self.project is None else \
            plan_for_project(self.project, self.pending(), float(self.embed.value()), mean_chars=self._mean_chars)
        total = est.total_minutes + (head.minutes if head is not None and head.use else 0.0)
        text = tr("tagging.estimate", n=est.pending, b=est.llm_records, m=est.llm_minutes, t=total)
        if est.checks:
            text += tr("tagging.checks", c=est.checks, m=est.check_minutes)
        if head is not None and est.pending:
            text += tr("tagging.head_line", why=head.why.text(language()))
        self.estimate.setText(text)

    def start(self) -> None:
        if self.project is None or (self.task is not None and self.task.running):
            return
        project = self.project
        options = tag_options(project, load_preferences(), llm_budget=self.budget.value(),
                              llm_minutes=self.time_limit(), model=self.model.currentData(),
                              retag=self.retag.isChecked(), embed_minutes=float(self.embed.value()))
        if not options.server and options.llm_budget > 0 and \
                offer_model(self, self.runner, self.model.currentData(), self.start):
            return  # the model is not on this computer: the user chose to download it, to add a file, or not to

        def job(progress: Progress, cancel: CancelToken) -> TagResult:
            return tag_project(project, options, progress, cancel)

        self._started = time.monotonic()
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.task = self.runner.start(job, title=tr("tagging.title"), on_done=self._on_done, on_error=self._on_error,
                                      changes=Changes(tags=True),
                                      parent=self, modal=False)
        self.task.progressed.connect(self._on_progress)
        self.task.finished.connect(self._on_finished)

    def _on_progress(self, fraction: float, message: str) -> None:
        if fraction < 0:
            self.bar.setRange(0, 0)
            return
        self.bar.setRange(0, 1000)
        self.bar.setValue(int(fraction * 1000))
        elapsed = max(time.monotonic() - self._started, 1e-3)
        total = self.pending() or 1
        rate = fraction * total / elapsed
        eta = (1 - fraction) * elapsed / fraction if fraction > 0 else 0.0
        self.status.setText(f"{tr('tagging.rate', done=fraction, rate=rate, eta=eta)} — {message}")

    def _on_done(self, result: TagResult) -> None:
        self.result = result
        self.bar.setRange(0, 1000)
        self.bar.setValue(1000)  # done is 100 %, whatever the last throttled progress said
        methods = ", ".join(_method(name, n) for name, n in sorted(result.by_method.items()))
        self.status.setText(tr("tagging.done", tagged=result.tagged, methods=methods, tags=result.tags_written,
                               s=result.seconds))
        self.tagged.emit()

    def _on_error(self, error: BaseException) -> None:
        from workbench.errors import Cancelled, ModelCrashed

        if isinstance(error, (Cancelled, ModelCrashed)):  # the finished batches are kept
            self.runner.broadcast(Changes(tags=True))
        if isinstance(error, Cancelled):
            self.status.setText(tr("tagging.resume"))
        elif isinstance(error, ModelCrashed) and error.tagged is not None:  # one sentence in the UI's language
            text = tr("tagging.crashed", reason=error.reason, n=error.tagged)
            self.status.setText(text)
            self.runner.report_error(ModelCrashed(text), self)
        else:
            self.runner.report_error(error, self)

    def _on_cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _on_finished(self) -> None:
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.bar.setRange(0, 1000)
        self._read_counts()


def _method(name: str, n: int) -> str:
    """How many records one tagger took, in the UI's language ("规则 72")."""
    if name in ("rule", "student", "llm", "human"):
        return tr(f"tagging.method.{name}", n=n)
    return tr("tagging.method.other", name=name, n=n)
