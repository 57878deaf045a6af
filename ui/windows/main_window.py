"""The main window: the verbatim table in the middle, issue tree, detail and trend docked around it,
the filters bar on top, and one dock per workbench panel.

The window keeps the project and the analyst's :class:`workbench.selection.Selection`; whenever either
changes it hands both to every panel (``set_context``), and whenever an operation has finished it hands
the runner's ``changed`` broadcast to every panel (``apply_changes``) — see :mod:`ui.views.panel`.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSystemTrayIcon,
    QToolBar,
    QWidget,
)

from ui import i18n, state, theme
from ui.i18n import error_tr, tr
from ui.views.alerts_view import AlertsView
from ui.views.ask_view import AskView
from ui.views.customer_view import CustomerView
from ui.views.dashboard_view import DashboardView
from ui.views.discovery_view import DiscoveryView
from ui.views.filters_bar import FiltersBar
from ui.views.issue_tree_view import IssueTreeView
from ui.views.monitor_view import MonitorView, notification_text
from ui.views.panel import Panel
from ui.views.record_detail_view import RecordDetailView
from ui.views.record_table_view import RecordTableView
from ui.views.report_panel import ReportPanel
from ui.views.review_view import ReviewView
from ui.views.service_view import ServiceView
from ui.views.tagging_view import TaggingView
from ui.views.top_lists_view import TopListsView
from ui.views.trend_plot import MAX_COMPARE, TrendPlot
from ui.windows import actions, edit_history
from ui.windows.import_wizard import ImportWizardDialog
from ui.windows.report_dialog import ReportDialog
from ui.windows.saved_views import SavedViews
from ui.windows.selection import SelectionQueries, TableData, TreeData
from ui.windows.settings_dialog import SettingsDialog
from ui.windows.taxonomy_dialog import TaxonomyDialog
from ui.windows.taxonomy_editor import TaxonomyEditor
from ui.workers.runner import TaskHandle, TaskRunner
from workbench.changes import Changes
from workbench.errors import KeshengError
from workbench.exporting import export_records
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.queries import records
from workbench.selection import Selection

if TYPE_CHECKING:
    from ui.windows.theme_dialog import ThemeDialog
    from workbench.tagging.theme import ThemeResult

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """The analyst's workbench window. Owns the open :class:`Project` and closes it on exit."""

    def __init__(self, settings: QSettings | None = None, runner: TaskRunner | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings or state.app_settings()
        self.runner = runner or TaskRunner(self)
        self.judging: TaskHandle[Any] | None = None  # the accuracy banner's model run, while it runs
        self.project: Project | None = None
        self._total = 0
        self._shown: int | None = None  # records the table shows (None: not counted yet)
        self.selection = Selection()
        self.queries = SelectionQueries(self.runner, self)
        self.filters = FiltersBar()
        self.tree, self.table = IssueTreeView(), RecordTableView()
        self.detail = RecordDetailView(settings=self.settings, runner=self.runner)
        self.trend, self.top = TrendPlot(), TopListsView()
        self.report = ReportPanel(self.open_report_dialog)
        self.service, self.ask = ServiceView(self.runner), AskView(self.runner)
        self.tagging, self.alerts = TaggingView(self.runner), AlertsView(self.runner)
        self.review, self.dashboard = ReviewView(self.runner), DashboardView(self.runner)
        self.customer = CustomerView(self.runner)
        self.discovery = DiscoveryView(self.runner)
        self.monitor = MonitorView(self.runner)
        self._tray: QSystemTrayIcon | None = None
        self.taxonomy_editor = TaxonomyEditor(self.runner, self)
        self.panels: list[Panel] = [self.queries, self.table, self.detail, self.service, self.ask, self.discovery,
                                    self.tagging, self.alerts, self.review, self.dashboard, self.customer,
                                    self.monitor]
        self._summary_pending = False
        self._history_busy = False  # an undo or redo is running
        self.docks: dict[str, QDockWidget] = {}
        self._status_project, self._status_records = QLabel(), QLabel()
        self._build()
        self.acts = actions.build(self)
        self._default_state = self.saveState(state.LAYOUT_VERSION)
        state.restore_window(self.settings, self)
        self._unsubscribe = i18n.on_language_changed(self.retranslate)
        self._connect()
        self.saved_views = SavedViews(self)
        self.panels.append(self.saved_views)
        self.setAcceptDrops(True)
        self.retranslate()

    # -- construction ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.resize(1400, 880)
        self.setCentralWidget(self.table)
        bar = QToolBar("filters")
        bar.setObjectName("filtersBar")
        bar.setMovable(False)
        bar.addWidget(self.filters)
        self.addToolBarBreak()
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        area = Qt.DockWidgetArea
        self._dock("tree", self.tree, area.LeftDockWidgetArea)
        self._dock("detail", self.detail, area.RightDockWidgetArea)
        self._dock("trend", self.trend, area.BottomDockWidgetArea)
        extra: list[tuple[str, QWidget]] = [("top", self.top), ("service", self.service), ("ask", self.ask),
                                            ("tagging", self.tagging), ("review", self.review), ("alerts", self.alerts),
                                            ("dashboard", self.dashboard), ("report", self.report),
                                            ("customer", self.customer), ("discovery", self.discovery),
                                            ("monitor", self.monitor)]
        for key, panel in extra:
            self._dock(key, panel, area.BottomDockWidgetArea)
            self.tabifyDockWidget(self.docks["trend"], self.docks[key])
        self.docks["trend"].raise_()
        self.resizeDocks([self.docks["tree"], self.docks["detail"]], [440, 400], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["trend"]], [260], Qt.Orientation.Vertical)
        self.statusBar().addWidget(self._status_project)
        self.statusBar().addWidget(self._status_records)

    def _dock(self, key: str, widget: QWidget, where: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(tr(f"panel.{key}"), self)
        dock.setObjectName(f"dock_{key}")
        dock.setWidget(widget)
        self.addDockWidget(where, dock)
        self.docks[key] = dock

    def _connect(self) -> None:
        """What the analyst asks for; refreshes follow from ``set_context`` and the runner's ``changed``."""
        self.runner.changed.connect(self._on_changes)
        self.filters.filterChanged.connect(lambda flt: self._select(base=flt, record_ids=()))
        self.tree.nodeSelected.connect(lambda key: self._select(node_key=key))
        self.tree.editRequested.connect(self.taxonomy_editor.request)
        self.tree.summaryRequested.connect(self._summarise_node)
        self.tree.compareRequested.connect(self.compare_node)
        self.tree.judgeRequested.connect(self.judge_guessed)
        self.tree.reviewRequested.connect(self.review_sample)
        self.trend.compareCleared.connect(self.stop_comparing)
        self.trend.periodSelected.connect(self._on_period)
        self.trend.granularityChanged.connect(lambda grain: self._select(granularity=grain))
        self.taxonomy_editor.edited.connect(self._show_message)
        self.discovery.taxonomyChanged.connect(self._show_message)
        self.monitor.cycleFinished.connect(self._on_monitor_cycle)
        self.queries.treeReady.connect(self._update_tree)
        self.queries.tableReady.connect(self._update_table)
        self.queries.topReady.connect(self._update_top)
        self.table.themeRequested.connect(self.define_theme)
        self.review.agreement.recordsRequested.connect(self.show_records)
        self.top.optionsChanged.connect(self._on_top_options)
        self.top.nodeSelected.connect(self.tree.select_key)
        self.queries.top_options = self.top.options()
        self.detail.customerRequested.connect(self.show_customer)
        self.detail.llmRequested.connect(self.ask_llm_about)
        self.table.recordSelected.connect(self._show_record)
        for view in (self.service, self.ask, self.alerts, self.review, self.customer):
            view.recordActivated.connect(self._show_record)

    def _select(self, **fields: Any) -> None:
        """The analyst changed the selection: every panel follows."""
        selection = self.selection.with_(**fields)
        if selection != self.selection:
            self.selection = selection
            self._set_context()

    def _set_context(self) -> None:
        self.queries.table_shape = self.table.model.shape()
        for panel in self.panels:
            panel.set_context(self.project, self.selection)

    def _on_changes(self, changes: Changes) -> None:
        """An operation finished: every panel refreshes what it shows of ``changes``."""
        if self.project is not None and (changes.records or changes.sources):
            self._update_choices(self.project)
        for panel in self.panels:
            panel.apply_changes(changes)
        self.update_history_actions()  # the change may be an undoable action (or undo one)
        self._update_status()

    def _show_record(self, record_id: int) -> None:
        self.detail.show_record(self.project, record_id)

    def _show_message(self, message: str) -> None:
        self.statusBar().showMessage(message, 15_000)

    # -- project --------------------------------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        """Show ``project`` (closing the previous one); None shows an empty window."""
        if self.project is not None and self.project is not project:
            self.monitor.stop()
            self.runner.shutdown()
            self.project.close()
        self.project = project
        self._total, self._shown = 0, None
        if project is not None:
            self._update_choices(project)
            if not project.target.startswith(("postgresql", "mysql")):
                state.add_recent(self.settings, project.target)
            self.acts = actions.build(self)
        self.filters.blockSignals(True)
        self.filters.reset()
        self.filters.blockSignals(False)
        self.selection = Selection(self.filters.current_filter(), granularity=self.selection.granularity)
        self._set_context()
        self._update_status()

    def _update_choices(self, project: Project) -> None:
        """The filters bar offers the project's channels and products; the status bar counts its records."""
        stats = project.stats()
        self._total = stats.records
        self.filters.set_choices([c for c, _ in records.channels(project)],
                                 [p for p, _ in records.products(project)], stats.last)

    def open_project(self, target: str) -> bool:
        try:
            project = Project.open(target)
        except KeshengError as exc:
            from ui.dialogs.restore_dialog import offer_restore  # damaged file: offer its backups

            restored = offer_restore(self, target, exc)
            if restored is None:
                return False
            project = restored
        self.set_project(project)
        return True

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("act.new"), str(Path.home() / "project.kesheng"),
                                              tr("dlg.open_filter"))
        if path:
            self.open_project(path if Path(path).suffix else path + ".kesheng")

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("act.open"), str(Path.home()), tr("dlg.open_filter"))
        if path:
            self.open_project(path)

    def open_url_dialog(self) -> None:
        url, ok = QInputDialog.getText(self, tr("act.open_url"), tr("dlg.url_prompt"))
        if ok and url.strip():
            self.open_project(url.strip())

    def open_bundle_dialog(self) -> None:
        from ui.windows.bundle_dialog import open_bundle_dialog

        open_bundle_dialog(self)

    def open_demo(self) -> None:
        from ui.windows.demo import open_demo_project

        open_demo_project(self)

    def clear_recent(self) -> None:
        state.clear_recent(self.settings)
        self.acts = actions.build(self)

    # -- selection ------------------------------------------------------------------------------------
    def show_records(self, ids: list[int], note: str = "") -> None:
        """Show exactly these records in the table (the node and period stay off); Clear filters or any filter
        change ends it."""
        self._select(record_ids=tuple(sorted(set(ids))) or (-1,), node_key=None, period=None)  # none: an empty table
        self.tree.select_key(None)
        if note:
            self._show_message(note)

    def _on_period(self, start: Any, end: Any) -> None:
        self._select(period=None if start is None else (start, end))

    def _update_tree(self, data: TreeData) -> None:
        self.tree.set_data(data.nodes, data.counts, data.total, data.history, data.accuracy, data.experience)
        self.tree.undo_note = data.undo_note
        self.taxonomy_editor.set_tree(self.project, data.nodes, data.version,
                                      {k: c.count for k, c in data.counts.items()})

    def show_customer(self, key: str) -> None:
        """Every contact of the customer ``key`` in the Customer panel."""
        self.customer.show_customer(self.project, key)
        self.show_panel("customer")

    def compare_node(self, key: str) -> None:
        """Add an issue to the trend comparison (at most five), and show the trend."""
        selection = self.selection.compare(key, MAX_COMPARE)
        if selection is None:
            self.statusBar().showMessage(tr("trend.compare_full"), 8000)
            return
        if selection != self.selection:
            self.show_panel("trend")
            self._select(compare_keys=selection.compare_keys)

    def stop_comparing(self) -> None:
        self._select(compare_keys=())

    def _summarise_node(self, key: str | None) -> None:
        """Select the node, and once the panels follow, summarise its verbatims in the Ask panel."""
        self._summary_pending = True
        if key == self.tree.selected_key():
            self.queries.refresh(tree=False)
        else:
            self.tree.select_key(key)

    def _update_table(self, data: TableData) -> None:
        self.table.model.set_query(self.project, data.filter, data.count,
                                   (data.order, data.first_ids, data.first_rows))
        if self._summary_pending:
            self._summary_pending = False
            self.show_panel("ask")
            self.ask.summarise()
        paths = {n.key: n.path for n in self.tree.model.nodes()}
        self.trend.set_series(data.trend, [(paths.get(k, k), series) for k, series in data.compare])
        if data.count:
            self.table.select_row(0)
        else:
            self.detail.show_record(None, None)
        self._shown = data.count
        self._update_status()

    def _on_top_options(self) -> None:
        self.queries.top_options = self.top.options()
        self.queries.refresh_top()

    def _update_top(self, result: Any) -> None:
        if isinstance(result, KeshengError):
            self.top.set_message(error_tr(result))
        else:
            self.top.set_result(result)

    def _update_status(self) -> None:
        name = self.project.name if self.project else "—"
        self._status_project.setText(tr("status.project", name=name))
        self.setWindowTitle(f"{name} — {tr('app.title')}")
        if self.project is None:
            self._status_records.setText("")
            return
        total = self._total
        shown = total if self._shown is None else self._shown
        self._status_records.setText(tr("status.records", shown=shown, total=total))

    def refresh_all(self) -> None:
        """View ▸ Refresh: every panel reads the project again (another process may have written to it)."""
        self.table.model.refresh()
        self.runner.broadcast(Changes(records=True, tags=True, taxonomy=True, sources=True, alerts=True))

    def _on_monitor_cycle(self, imported: int, fired: int) -> None:
        """After a watch cycle: new records refresh the views; new alerts notify the analyst."""
        self.runner.broadcast(Changes(records=imported > 0, tags=imported > 0, sources=imported > 0,
                                      alerts=fired > 0))
        if fired:
            self.notify(notification_text(fired))

    def notify(self, message: str) -> None:
        """A desktop notification (the tray's balloon) where there is a tray, else the status bar."""
        if QSystemTrayIcon.isSystemTrayAvailable():
            if self._tray is None:
                self._tray = QSystemTrayIcon(self.windowIcon(), self)
                self._tray.show()
            self._tray.showMessage(tr("app.title"), message, QSystemTrayIcon.MessageIcon.Warning, 10_000)
        self.statusBar().showMessage(message, 15_000)

    def reset_filters(self) -> None:
        self._select(node_key=None, period=None, compare_keys=(), record_ids=())
        self.trend.select_period(None, None)
        self.tree.select_key(None)
        self.filters.reset()

    def focus_search(self) -> None:
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    def wait_idle(self, timeout_s: float = 30.0) -> bool:
        """Process events until no background query is running (tests, smoke test, screenshots)."""
        app = QApplication.instance()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if app is not None:
                app.processEvents()
            if not self.runner.active():
                if app is not None:
                    app.processEvents()
                return True
            time.sleep(0.01)
        return False

    # -- import / export / panels ---------------------------------------------------------------------
    def open_import_wizard(self, paths: list[str]) -> None:
        if self.project is None:
            return
        dialog = ImportWizardDialog(self.project, [Path(p) for p in paths], self)
        dialog.imported.connect(lambda _reports: self.runner.broadcast(
            Changes(records=True, sources=True, tags=True)))
        dialog.open()

    def ask_llm_about(self, record_id: int) -> None:
        """The analyst asks the LLM to judge a record (its machine tags are replaced; a human label stays)."""
        if self.project is None:
            return
        from workbench.config import load_preferences
        from workbench.project import tag_options
        from workbench.tagging.run import TagResult, tag_project

        project = self.project
        options = tag_options(project, load_preferences(), llm_budget=None, record_ids=(record_id,))

        def job(progress: Progress, cancel: CancelToken) -> TagResult:
            progress(-1, "")
            return tag_project(project, options, progress, cancel)

        self.runner.start(job, title=tr("act.ask_llm"), on_done=lambda _result: None, parent=self, modal=True,
                          changes=Changes(tags=True, record_ids=frozenset({record_id})))

    def judge_guessed(self, n: int) -> None:
        """The accuracy banner's way out: a budgeted run in which the model judges ``n`` of the records that
        rules and the student tagged, and the student re-learns the rest from its judgements (status-bar
        progress with Cancel; a cancelled run keeps what it did and resumes)."""
        if self.project is None or n <= 0:
            return
        from workbench.config import load_preferences
        from workbench.tagging.run import TagOptions, TagResult, tag_project

        project, prefs = self.project, load_preferences()
        options = TagOptions(llm_budget=n, relearn=True, model=prefs.model or None, server=prefs.server_url or None,
                             threads=prefs.threads or None, concurrency=max(prefs.server_concurrency, 1),
                             server_timeout=max(prefs.server_timeout, 1))

        def job(progress: Progress, cancel: CancelToken) -> TagResult:
            return tag_project(project, options, progress, cancel)

        # the broadcast refreshes the tree, table, TOP lists, dashboard and tagging panel
        self.judging = self.runner.start(job, title=tr("tree.judging", n=n), on_done=lambda _result: None,
                                         parent=self, modal=False, changes=Changes(tags=True))

    def review_sample(self) -> None:
        """The banner's other way out: the review queue with the 50 records the system most wants checked."""
        from workbench.analysis.precision import REVIEW_SAMPLE

        self.show_panel("review")
        self.review.count.setValue(REVIEW_SAMPLE)
        self.review.load()

    def open_report_dialog(self) -> None:
        if self.project is None:
            return
        dialog = ReportDialog(self.project, self.runner, self)
        dialog.open()

    def export(self, path: str | None = None) -> None:
        """Export the records the table shows (current filters, node and period) to CSV, Excel, or a REFI-QDA
        project (.qdpx: sources, codes, coded segments and who coded them, for NVivo, MAXQDA, ATLAS.ti…)."""
        if self.project is None:
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, tr("act.export"),
                                                  str(Path.home() / f"{self.project.name}.xlsx"),
                                                  tr("dlg.export_filter"))
        if not path:
            return
        project, flt, target = self.project, self.selection.table_filter(), path

        def job(progress: Progress, cancel: CancelToken) -> int:
            if target.lower().endswith(".qdpx"):
                from workbench.export_qdpx import export_qdpx

                return export_qdpx(project, target, flt, progress, cancel).sources
            return export_records(project, target, flt, progress, cancel)

        self.runner.start(job, title=tr("act.export"), parent=self,
                          on_done=lambda n: self.statusBar().showMessage(tr("act.exported", n=n, path=target), 8000))

    def bulk_label(self) -> None:
        """“Tag all N results as …”: the records the table shows (filters, search, node, period)."""
        if self.project is None:
            return
        from ui.windows.bulk_label_dialog import BulkLabelDialog

        dialog = BulkLabelDialog(self.project, self.runner, self.selection.table_filter(), self)
        dialog.labelled.connect(lambda n: self.statusBar().showMessage(tr("act.bulk_done", n=n), 8000))
        dialog.open()

    def define_theme(self, example_records: list[int]) -> ThemeDialog | None:
        """Themes by example: the dialog, with ``example_records`` (the table's selection) as examples."""
        if self.project is None:
            return None
        from ui.windows.theme_dialog import ThemeDialog

        dialog = ThemeDialog(self.project, self.runner, example_records, self)
        dialog.applied.connect(self._on_theme_applied)
        dialog.open()
        return dialog

    def _on_theme_applied(self, result: ThemeResult) -> None:
        self._show_message(tr("act.theme_done", node=result.node, n=result.tagged))

    def undo(self) -> None:
        """Edit ▸ Undo: take the project's latest analyst action back (the status bar says which)."""
        self._history_step(backwards=True)

    def redo(self) -> None:
        self._history_step(backwards=False)

    def update_history_actions(self) -> None:
        """Name what Undo and Redo will do (the Edit menu asks before it opens)."""
        if "undo" in getattr(self, "acts", {}):
            edit_history.update_actions(self.project, self.acts["undo"], self.acts["redo"])

    def _history_step(self, backwards: bool) -> None:
        """Undo or redo on the runner (a big bulk label restores many rows), with progress and Cancel."""
        if self.project is None or self._history_busy:
            return
        project = self.project
        self._history_busy = True
        self.acts["undo"].setEnabled(False)
        self.acts["redo"].setEnabled(False)

        def job(progress: Progress, cancel: CancelToken) -> tuple[str, Any]:
            progress(-1, "")
            return edit_history.step(project, backwards, cancel)

        def failed(error: BaseException) -> None:
            self._history_busy = False
            self.runner.report_error(error, self)
            self.update_history_actions()

        self.runner.start(job, title=tr("act.undo" if backwards else "act.redo"), on_done=self._on_history_step,
                          on_error=failed, parent=self, modal=True)

    def _on_history_step(self, result: tuple[str, Any]) -> None:
        self._history_busy = False
        message, changes = result
        self.statusBar().showMessage(message, 8000)
        if changes is not None:  # whatever the action was (tags, taxonomy, rules, views): the panels follow
            self.runner.broadcast(changes)
        self.update_history_actions()

    def open_taxonomy(self) -> None:
        if self.project is None:
            return
        dialog = TaxonomyDialog(self.project, self.runner, self)
        dialog.exec()
        if dialog.changed_to is not None:  # another taxonomy: the old nodes are gone
            self.tree.select_key(None)  # the dialog's run broadcast the new taxonomy already
            self._select(compare_keys=())

    def open_settings(self) -> None:
        dialog = SettingsDialog(self)
        if dialog.exec() and dialog.saved is not None:
            self.set_theme(dialog.saved.theme)
            if dialog.saved.language in ("zh", "en"):
                self.set_language(dialog.saved.language)

    def show_panel(self, key: str) -> None:
        self.docks[key].show()
        self.docks[key].raise_()

    def about(self) -> None:
        QMessageBox.about(self, tr("act.about"), tr("about.text"))

    # -- look and language ----------------------------------------------------------------------------
    def set_theme(self, name: str) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_theme(app, name)
            self.settings.setValue("ui/theme", name)
        self.trend.plot.setBackground("#232629" if theme.is_dark() else "w")
        self.trend.retranslate()
        self.detail.retranslate()
        self.acts = actions.build(self)

    def set_language(self, lang: str) -> None:
        self.settings.setValue("ui/language", lang)
        i18n.set_language(lang)

    def retranslate(self) -> None:
        for key, dock in self.docks.items():
            dock.setWindowTitle(tr(f"panel.{key}"))
        views: list[Any] = [self.filters, self.tree, self.table, self.detail, self.trend, self.top, self.report,
                            self.customer]
        for view in views:
            view.retranslate()
        self.acts = actions.build(self)
        self._update_status()

    def reset_layout(self) -> None:
        self.restoreState(self._default_state, state.LAYOUT_VERSION)
        for dock in self.docks.values():
            dock.setFloating(False)

    # -- events ---------------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_import_wizard(paths))

    def closeEvent(self, event: QCloseEvent) -> None:
        state.save_window(self.settings, self)
        self.monitor.stop()
        self.runner.shutdown()
        self._unsubscribe()
        if self.project is not None:
            self.project.close()
            self.project = None
        super().closeEvent(event)

