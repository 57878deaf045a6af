"""The background queries behind the tree, table, trend and TOP panels for the window's selection
(:class:`workbench.selection.Selection`); stale answers are dropped by generation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QObject, Signal

from ui.workers.runner import TaskRunner
from workbench.changes import Changes
from workbench.errors import Cancelled, KeshengError
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.queries import records
from workbench.queries.analysis_rows import TopResult, top_list
from workbench.queries.node_experience import NodeExperience, node_experience
from workbench.queries.node_trends import NodeHistory, node_history
from workbench.queries.records import NodeCount, Period, TrendSeries
from workbench.selection import Selection
from workbench.tagging.accuracy import Accuracy, accuracy
from workbench.taxonomy.model import Node
from workbench.types import RecordFilter


@dataclass(frozen=True)
class TreeData:
    nodes: list[Node]
    counts: dict[str, NodeCount]
    total: int
    version: int | None = None  # the taxonomy version the nodes belong to (edits name it: optimistic locking)
    history: NodeHistory | None = None  # per-node sparkline and change against the previous period
    undo_note: str | None = None  # the taxonomy edit an undo would revert (None: nothing to undo)
    accuracy: Accuracy | None = None  # each node's precision and whether the tags are a guess (project-wide)
    experience: dict[str, NodeExperience] | None = None  # per node: impact, effort, emotion, actionable


@dataclass(frozen=True)
class TableData:
    filter: RecordFilter
    count: int
    trend: TrendSeries
    first_ids: list[int]  # the first block of the table in its current order, read off the GUI thread
    first_rows: dict[int, dict[str, Any]]
    order: tuple[str, bool]
    compare: list[tuple[str, TrendSeries]] = field(default_factory=list)  # (node key, trend) per compared issue


class SelectionQueries(QObject):
    """The tree, table (with its trend) and TOP panels' queries for the window's selection, run on the runner
    (never on the GUI thread); the answers arrive as ``treeReady``, ``tableReady`` and ``topReady``.

    A panel like the others (:class:`ui.views.panel.Panel`): ``set_context`` re-runs the queries whose filter changed,
    ``apply_changes`` the ones an operation made stale. The tree counts ignore the selected node (so siblings
    stay visible); the trend ignores the selected period (so the band has context); the table honours all three.
    """

    treeReady = Signal(object)
    tableReady = Signal(object)
    topReady = Signal(object)  # a TopResult, or a KeshengError when there is nothing to rank

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.project: Project | None = None
        self.selection = Selection()
        self.table_shape: tuple[tuple[str, bool], tuple[str, ...], int] = (("created_at", True), (), 200)
        """(sort column and descending, columns, block size) of the record table, for its first block."""
        self.top_options: tuple[str, str, int | None] | None = None  # (by, grain, level); None: no TOP panel
        self._generation = {"tree": 0, "table": 0, "top": 0}

    @property
    def compare_keys(self) -> tuple[str, ...]:
        return self.selection.compare_keys

    def table_filter(self) -> RecordFilter:
        return self.selection.table_filter()

    def set_context(self, project: Project | None, selection: Selection) -> None:
        """Re-run the queries whose answer the new project or selection changes."""
        old, new_project = self.selection, project is not self.project
        self.project, self.selection = project, selection
        tree = new_project or old.tree_filter() != selection.tree_filter()
        table = tree or _table_inputs(old) != _table_inputs(selection)
        self.refresh(tree=tree, table=table)

    def apply_changes(self, changes: Changes) -> None:
        """Counts moved: the tree and TOP again; the table too unless only known records' tags changed (the
        table redraws those rows itself)."""
        if changes.counts:
            table = changes.records or changes.taxonomy or changes.project or not changes.record_ids
            self.refresh(tree=True, table=table)

    def refresh(self, tree: bool = True, table: bool = True) -> None:
        """Re-run the queries of the parts that changed."""
        if self.project is None:
            return
        sel = self.selection
        if tree:
            self._start("tree", _tree_job(self.project, sel.tree_filter()), self.treeReady.emit)
            self.refresh_top()
        if table:
            job = _table_job(self.project, sel.table_filter(), sel.trend_filter(), sel.granularity, self.table_shape,
                             sel.compare_filters())
            self._start("table", job, self.tableReady.emit)

    def refresh_top(self) -> None:
        """Re-rank the TOP list for the tree's selection (its latest period of the chosen grain)."""
        if self.project is None or self.top_options is None:
            return
        self._start("top", _top_job(self.project, self.selection.tree_filter(), *self.top_options),
                    self.topReady.emit, errors_too=True)

    def _start(self, kind: str, job: Callable[[Progress, CancelToken], Any], deliver: Callable[[Any], None],
               errors_too: bool = False) -> None:
        self._generation[kind] += 1
        generation = self._generation[kind]

        def done(result: Any) -> None:
            if generation == self._generation[kind]:
                deliver(result)

        def failed(error: BaseException) -> None:
            if isinstance(error, KeshengError) and not isinstance(error, Cancelled):
                done(error)
            elif not isinstance(error, Cancelled):
                self.runner.report_error(error)

        self.runner.start(job, title=kind, on_done=done, on_error=failed if errors_too else None, parent=None,
                          modal=False)


def _table_inputs(sel: Selection) -> tuple[object, ...]:
    return sel.table_filter(), sel.trend_filter(), sel.granularity, sel.compare_keys


def _tree_job(project: Project, flt: RecordFilter) -> Callable[[Progress, CancelToken], TreeData]:
    def job(progress: Progress, cancel: CancelToken) -> TreeData:
        with project.read() as conn:  # read before the nodes: a stale version can only refuse an edit
            version = records.current_version_id(conn)
        nodes = records.current_nodes(project)
        cancel.check()
        total = records.count(project, flt)
        cancel.check()
        counts = records.node_counts(project, flt) if nodes else {}
        cancel.check()
        from workbench.taxonomy.undo import can_undo

        history = node_history(project, flt)
        cancel.check()
        sure = accuracy(project, _preferred_model()) if nodes else None
        cancel.check()
        experience = node_experience(project, flt) if nodes else None
        return TreeData(nodes, counts, total, version, history, can_undo(project), sure, experience)
    return job


def _table_job(project: Project, flt: RecordFilter, trend_flt: RecordFilter, period: Period,
               shape: tuple[tuple[str, bool], tuple[str, ...], int],
               compare: list[tuple[str, RecordFilter]]) -> Callable[[Progress, CancelToken], TableData]:
    (order, desc), columns, block = shape

    def job(progress: Progress, cancel: CancelToken) -> TableData:
        total = records.count(project, flt)
        cancel.check()
        ids = records.page_ids(project, flt, order, desc, 0, block)
        rows = records.fetch_rows(project, ids, ("id", *columns))
        cancel.check()
        trends = [(key, records.daily_counts(project, f, period)) for key, f in compare]
        return TableData(flt, total, records.daily_counts(project, trend_flt, period), ids, rows, (order, desc),
                         trends)
    return job


def _top_job(project: Project, flt: RecordFilter, by: str, grain: str,
             level: int | None) -> Callable[[Progress, CancelToken], TopResult]:
    at = (flt.date_to - timedelta(days=1)).date() if flt.date_to is not None else None

    def job(progress: Progress, cancel: CancelToken) -> TopResult:
        return top_list(project, by, level=level, grain=None if grain == "auto" else grain,  # type: ignore[arg-type]
                        at=at, limit=20,
                        flt=flt.with_(date_from=None, date_to=None))
    return job


def _preferred_model() -> str | None:
    """The model the banner's way out would run (the preferences'; None: the default), whose speed it quotes."""
    from workbench.config import load_preferences

    return load_preferences().model or None
