"""Builds the demo project end to end: generate (if needed) → import every export → taxonomy → tagging.

The project is built in a temporary file next to the target and moved into place only when every step
succeeded, so a failed or cancelled build leaves nothing half-made (and an existing demo untouched).
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from workbench.demo.generate import SEED, DemoFiles, demo_files, generate_demo, is_current
from workbench.errors import Phrase, ProjectError, UsageError
from workbench.paths import DEMO_DIR
from workbench.progress import CancelToken, Progress, Scaled, no_progress
from workbench.store.handle import Project

TEMPLATE = "consumer_electronics"
DEMO_SETTING = "demo.build"
TIMEZONE = "Asia/Shanghai"
DEFAULT_MODEL = "fast"
DEFAULT_LLM_BUDGET = 0  # rules only unless asked: the LLM on 20,000 records would take hours on a laptop
PLAN: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("chats", "chat", {"session": "会话ID", "turn": "轮次", "role": "发送方", "agent": "客服工号", "time": "发送时间",
                       "text": "内容", "product": "商品", "customer": "客户昵称", "rating": "满意度",
                       "extra:客服组": "客服组"}),
    ("tickets", "ticket", {"id": "工单号", "time": "创建时间", "text": "问题描述", "customer": "客户ID",
                           "product": "产品", "extra:渠道": "渠道", "extra:状态": "状态"}),
    ("reviews", "review", {"id": "订单号", "time": "评价时间", "rating": "星级", "product": "商品", "text": "评论内容",
                           "customer": "买家", "extra:SKU": "SKU"}),
    ("survey", "survey", {"id": "response_id", "time": "date", "rating": "nps", "text": "comment",
                          "customer": "customer", "product": "product"}),
    ("social", "social", {"id": "id", "time": "created_at", "text": "text", "customer": "user",
                          "extra:platform": "platform"}),
)


@dataclass
class DemoSummary:
    """What the build did, for the CLI's summary and the GUI's status line."""

    project: Path
    records: dict[str, int] = field(default_factory=dict)
    conversations: int = 0
    messages: int = 0
    first: datetime | None = None
    last: datetime | None = None
    masked: int = 0
    duplicates: int = 0
    rejected: int = 0
    taxonomy_nodes: int = 0
    tagged: int = 0
    steps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """The short, printable summary."""
        span = f"{self.first:%Y-%m-%d} .. {self.last:%Y-%m-%d}" if self.first and self.last else "-"
        per = ", ".join(f"{k} {v:,}" for k, v in sorted(self.records.items()))
        out = [f"demo project: {self.project}",
               f"records: {sum(self.records.values()):,} ({per})",
               f"conversations: {self.conversations:,} with {self.messages:,} messages",
               f"dates: {span}",
               f"personal data masked: {self.masked:,}; duplicates skipped: {self.duplicates:,}; "
               f"rows rejected: {self.rejected:,}",
               f"taxonomy nodes: {self.taxonomy_nodes:,}; records tagged: {self.tagged:,}",
               f"steps: {', '.join(self.steps)} ({self.seconds:.1f} s)"]
        return out + [f"note: {n}" for n in self.notes]


def is_demo_project(path: Path) -> bool:
    """True when ``path`` is a project built by :func:`build_demo_project` (read without modifying it)."""
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT 1 FROM settings WHERE key = ?", (DEMO_SETTING,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return row is not None


def build_demo_project(target: Path, progress: Progress = no_progress, cancel: CancelToken | None = None,
                       model: str | None = None, llm_budget: int | None = None,
                       folder: Path | None = None) -> DemoSummary:
    """Build the demo project at ``target`` (replacing an earlier demo there).

    The exports are taken from ``folder`` (default resources/demo) and generated there first when missing
    or stale. ``model`` (default "fast") and ``llm_budget`` (default 0: rules only) are passed to tagging.

    Raises:
        UsageError: ``target`` is a database URL, or an existing file that is not a demo project.
        ProjectError: the folder of ``target`` does not exist.
        InputError, ModelError: an import or tagging step failed (nothing is left behind).
        Cancelled: ``cancel`` was triggered (nothing is left behind).
    """
    started = time.monotonic()
    target = _check_target(target)
    cancel = cancel or CancelToken()
    summary = DemoSummary(project=target)
    files = _ensure_files(folder or DEMO_DIR, Scaled(progress, 0.0, 0.1), summary)
    cancel.check()
    staging = target.with_name(f".{target.name}.building")
    _remove_db(staging)
    done = False
    try:
        with Project.open(staging) as project:
            project.set_setting("timezone", TIMEZONE)
            _import_all(project, files, Scaled(progress, 0.1, 0.55), cancel, summary)
            if _apply_taxonomy(project, summary):
                cancel.check()
                _tag(project, Scaled(progress, 0.6, 0.99), cancel, summary, model, llm_budget)
            else:
                summary.notes.append("tagging skipped: it needs the taxonomy step")
            project.set_setting(DEMO_SETTING, {"seed": SEED, "built_at": datetime.now().isoformat(timespec="seconds"),
                                               "steps": summary.steps})
            _fill_stats(project, summary)
            _checkpoint(project)
        _remove_db(target)
        os.replace(staging, target)
        done = True
    finally:
        if not done:
            _remove_db(staging)
    summary.seconds = time.monotonic() - started
    progress(1.0, Phrase("progress.demo.ready"))
    return summary


def _check_target(target: Path) -> Path:
    if "://" in str(target):
        raise UsageError.of("errors.demo.url")
    target = Path(target).expanduser().resolve()
    if not target.parent.is_dir():
        raise ProjectError.of("errors.project.no_folder", folder=target.parent)
    if target.is_dir():
        raise UsageError.of("errors.demo.folder", path=target, example=target / "demo.kesheng")
    if target.exists() and not is_demo_project(target):
        raise UsageError.of("errors.demo.not_demo", path=target)
    return target


def _ensure_files(folder: Path, progress: Progress, summary: DemoSummary) -> DemoFiles:
    files = demo_files(folder)
    if is_current(files):
        return files
    progress(0.0, Phrase("progress.demo.generating"))
    generate_demo(files.folder)
    summary.steps.append("generate")
    return files


def _import_all(project: Project, files: DemoFiles, progress: Progress, cancel: CancelToken,
                summary: DemoSummary) -> None:
    from workbench.ingest.pipeline import ImportOptions, import_files

    for i, (attr, channel, mapping) in enumerate(PLAN):
        path: Path = getattr(files, attr)
        step = Scaled(progress, i / len(PLAN), (i + 1) / len(PLAN))
        options = ImportOptions(mapping=dict(mapping), channel=channel)
        for report in import_files(project, [str(path)], options, step, cancel):
            summary.masked += report.masked
            summary.duplicates += report.duplicates
            summary.rejected += report.rejected
    summary.steps.append("import")


def _missing(exc: ModuleNotFoundError, module: str) -> bool:
    """True when the capability's own module is absent (not when something it imports is broken)."""
    return exc.name is not None and module.startswith(exc.name)


def _apply_taxonomy(project: Project, summary: DemoSummary) -> bool:
    """Apply the template; False when the taxonomy module is not part of this build."""
    module = "workbench.taxonomy.templates"
    try:
        from workbench.taxonomy.templates import apply_template
    except ModuleNotFoundError as exc:
        if not _missing(exc, module):
            raise
        summary.notes.append("taxonomy skipped: the taxonomy templates are not installed in this build")
        return False
    apply_template(project, TEMPLATE)
    summary.steps.append(f"taxonomy {TEMPLATE}")
    return True


def _tag(project: Project, progress: Progress, cancel: CancelToken, summary: DemoSummary, model: str | None,
         llm_budget: int | None) -> None:
    module = "workbench.tagging.run"
    try:
        from workbench.tagging.run import TagOptions, tag_project
    except ModuleNotFoundError as exc:
        if not _missing(exc, module):
            raise
        summary.notes.append("tagging skipped: the tagging module is not installed in this build")
        return
    budget = DEFAULT_LLM_BUDGET if llm_budget is None else llm_budget
    result = tag_project(project, TagOptions(llm_budget=budget, model=model or DEFAULT_MODEL), progress, cancel)
    summary.steps.append(f"tag ({result.tagged:,} records, {result.llm_records:,} by the LLM)")
    if budget == 0:
        summary.notes.append("tagged by rules and the student model (no LLM); add --llm-budget N to let the local "
                             "model teach on N records too")


def _fill_stats(project: Project, summary: DemoSummary) -> None:
    from sqlalchemy import func, select

    from workbench.store import schema

    stats = project.stats()
    summary.records, summary.conversations = dict(stats.channels), stats.conversations
    summary.first, summary.last = stats.first, stats.last
    summary.taxonomy_nodes, summary.tagged = stats.taxonomy_nodes, stats.tagged
    with project.read() as conn:
        summary.messages = int(conn.execute(select(func.count()).select_from(schema.messages)).scalar_one())


def _checkpoint(project: Project) -> None:
    """Fold the WAL into the main file so that moving the one file moves the whole project."""
    from sqlalchemy import text

    with project.write() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def demo_info(path: Path) -> dict[str, Any] | None:
    """The build record of an existing demo project, or None."""
    if not is_demo_project(path):
        return None
    with Project.open(path, create=False) as project:
        value = project.get_setting(DEMO_SETTING)
    return value if isinstance(value, dict) else None
