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

from ui.i18n import on_language_changed, pick
from ui.windows.model_fetch_dialog import offer_model
from ui.workers.runner import TaskHandle, TaskRunner
from workbench.config import load_preferences
from workbench.llm.registry import load_registry
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.tagging.estimate import estimate_run
from workbench.tagging.run import TagOptions, TagResult, tag_project
from workbench.taxonomy.repository import load_current

TEXT = {"model": ("模型", "Model"), "budget": ("大模型预算（条）", "LLM budget (records)"),
        "minutes": ("大模型时间上限", "LLM time limit"), "no_limit": ("不限", "no limit"),
        "minute_suffix": (" 分钟", " min"),
        "retag": ("重新打标全部记录", "Re-tag every record"), "start": ("开始打标", "Start tagging"),
        "cancel": ("取消", "Cancel"), "title": ("打标", "Tagging"),
        "estimate": ("待打标 {n:,} 条；大模型最多处理 {b:,} 条（约 {m:.0f} 分钟），其余由规则和学生模型完成；"
                     "预计共约 {t:.0f} 分钟。",
                     "{n:,} records to tag; the LLM takes at most {b:,} (about {m:.0f} min); rules and the student "
                     "model do the rest; about {t:.0f} min in all."),
        "checks": ("其中含至多 {c:,} 次大模型快速情感复核（约 {m:.0f} 分钟，只复核学生模型拿不准情感的记录）。",
                   " That includes at most {c:,} quick LLM sentiment checks (about {m:.0f} min; only records "
                   "whose sentiment the student doubts)."),
        "done": ("完成：{tagged:,} 条（{methods}），{tags:,} 个标签，用时 {s:.0f} 秒。",
                 "Done: {tagged:,} records ({methods}), {tags:,} tags in {s:.0f} s."),
        "resume": ("已取消：已完成的批次已保存，再次开始会从中断处继续。",
                   "Cancelled: finished batches are saved; starting again resumes where it stopped."),
        "crashed": ("本地模型意外停止（{reason}）；标注在 {n} 条记录后停止，这些记录已保存，再次开始即可继续。",
                    "The local model stopped unexpectedly ({reason}); tagging stopped after {n} records, which "
                    "are kept: start again to resume."),
        "rate": ("{done:.0%} · {rate:.1f} 条/秒 · 剩余约 {eta:.0f} 秒",
                 "{done:.0%} · {rate:.1f} rec/s · ~{eta:.0f} s left")}


def _t(key: str, **fmt: object) -> str:
    return pick(TEXT, key, **fmt)


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
        self.model, self.budget, self.retag = QComboBox(), QSpinBox(), QCheckBox()
        self.minutes = QSpinBox()  # 0 = no time limit (the record budget alone)
        self.start_button, self.cancel_button = QPushButton(), QPushButton()
        self.estimate, self.status = QLabel(), QLabel()
        self.bar = QProgressBar()
        self.labels = [QLabel(), QLabel(), QLabel()]
        prefs = load_preferences()
        for name, spec in load_registry().items():
            self.model.addItem(f"{name} · {spec.title}", name)
        index = self.model.findData(prefs.model)
        self.model.setCurrentIndex(max(index, 0))
        self.budget.setRange(0, 10_000_000)
        self.budget.setValue(prefs.llm_budget)
        self.minutes.setRange(0, 24 * 60)
        self._build()
        self.retranslate()
        unsubscribe = on_language_changed(self.retranslate)
        self.destroyed.connect(lambda *_: unsubscribe())

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow(self.labels[0], self.model)
        form.addRow(self.labels[1], self.budget)
        form.addRow(self.labels[2], self.minutes)
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
        for signal in (self.budget.valueChanged, self.minutes.valueChanged, self.model.currentIndexChanged,
                       self.retag.toggled):
            signal.connect(self._update_estimate)

    def retranslate(self) -> None:
        self.labels[0].setText(_t("model"))
        self.labels[1].setText(_t("budget"))
        self.labels[2].setText(_t("minutes"))
        self.minutes.setSpecialValueText(_t("no_limit"))
        self.minutes.setSuffix(_t("minute_suffix"))
        self.retag.setText(_t("retag"))
        self.start_button.setText(_t("start"))
        self.cancel_button.setText(_t("cancel"))
        self._update_estimate()

    def set_project(self, project: Project | None) -> None:
        if project is not self.project:
            self.project = project
            self.refresh()

    def refresh(self) -> None:
        """Re-read how many records are tagged (after an import or a run)."""
        self._read_counts()

    def _read_counts(self) -> None:
        stats = self.project.stats() if self.project is not None else None
        taxonomy = load_current(self.project) if self.project is not None else None
        leaves = len(taxonomy.leaves()) if taxonomy is not None else 0
        self._counts = (stats.records, stats.tagged, leaves) if stats else (0, 0, 0)
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
        text = _t("estimate", n=est.pending, b=est.llm_records, m=est.llm_minutes, t=est.total_minutes)
        if est.checks:
            text += _t("checks", c=est.checks, m=est.check_minutes)
        self.estimate.setText(text)

    def start(self) -> None:
        if self.project is None or (self.task is not None and self.task.running):
            return
        prefs = load_preferences()
        if not prefs.server_url and self.budget.value() > 0 and \
                offer_model(self, self.runner, self.model.currentData(), self.start):
            return  # the model is not on this computer: the user chose to download it, to add a file, or not to
        options = TagOptions(llm_budget=self.budget.value(), llm_minutes=self.time_limit(),
                             model=self.model.currentData(),
                             server=prefs.server_url or None, retag=self.retag.isChecked(),
                             threads=prefs.threads or None, concurrency=max(prefs.server_concurrency, 1),
                             server_timeout=max(prefs.server_timeout, 1))
        project = self.project

        def job(progress: Progress, cancel: CancelToken) -> TagResult:
            return tag_project(project, options, progress, cancel)

        self._started = time.monotonic()
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.task = self.runner.start(job, title=_t("title"), on_done=self._on_done, on_error=self._on_error,
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
        self.status.setText(f"{_t('rate', done=fraction, rate=rate, eta=eta)} — {message}")

    def _on_done(self, result: TagResult) -> None:
        self.result = result
        methods = ", ".join(f"{k} {v:,}" for k, v in sorted(result.by_method.items()))
        self.status.setText(_t("done", tagged=result.tagged, methods=methods, tags=result.tags_written,
                               s=result.seconds))
        self.tagged.emit()

    def _on_error(self, error: BaseException) -> None:
        from workbench.errors import Cancelled, ModelCrashed

        if isinstance(error, Cancelled):
            self.status.setText(_t("resume"))
        elif isinstance(error, ModelCrashed) and error.tagged is not None:  # one sentence in the UI's language
            text = _t("crashed", reason=error.reason, n=error.tagged)
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
