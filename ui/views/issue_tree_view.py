"""The issue tree panel: a breadcrumb over a sortable tree of taxonomy nodes with their counts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import language, taxonomy_note, tr
from ui.models.issue_tree_model import (
    ACTIONABLE_COL,
    ALL_KEY,
    EFFORT_COL,
    EMOTION_COL,
    IMPACT_COL,
    PRECISION_COL,
    SPARK_COL,
    IssueTreeModel,
    NodeKeyRole,
    SortRole,
)
from ui.views.sparkline_delegate import SparklineDelegate
from workbench.queries.node_experience import NodeExperience
from workbench.queries.node_trends import NodeHistory
from workbench.queries.records import NodeCount
from workbench.tagging.accuracy import Accuracy
from workbench.taxonomy.model import Node

MIN_NAME = 110
EDIT_ACTIONS = ("add", "rename", "move", "merge", "split", "delete")
"""The taxonomy edits the context menu offers (``ui.windows.taxonomy_editor`` carries them out)."""


class IssueTreeView(QWidget):
    """Emits ``nodeSelected(key)`` with the node key, or None for "all issues".

    Its context menu emits ``editRequested(action, key)`` (see :data:`EDIT_ACTIONS`;
    ``add`` with key None adds a top-level node) when editing is enabled.
    """

    nodeSelected = Signal(object)
    editRequested = Signal(str, object)
    summaryRequested = Signal(object)  # "summarise" from the context menu, with the node key
    compareRequested = Signal(str)  # "compare in the trend" from the context menu
    judgeRequested = Signal(int)  # the banner's way out: let the model judge this many records
    reviewRequested = Signal()  # the banner's other way out: review 50 records

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = IssueTreeModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.breadcrumb = QLabel()
        self.breadcrumb.setTextFormat(Qt.TextFormat.RichText)
        self.breadcrumb.setWordWrap(True)
        self.breadcrumb.linkActivated.connect(self._on_crumb)
        self.empty = QLabel(tr("tree.empty"))
        self.empty.setWordWrap(True)
        self.empty.setVisible(False)
        self.banner = QLabel()  # the tags are mostly a guess: says so, with the way out as two buttons
        self.banner.setWordWrap(True)
        self.judge_button, self.review_button = QPushButton(), QPushButton()
        self.judge_button.clicked.connect(self._on_judge)
        self.review_button.clicked.connect(self.reviewRequested.emit)
        self.banner_box = self._banner_box()
        self._accuracy: Accuracy | None = None
        self.tree = QTreeView()
        self.tree.setMinimumHeight(160)  # a long banner in a narrow dock never squeezes the tree away
        self.tree.setModel(self.proxy)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)  # see _fit_name_column
        header.setStretchLastSection(False)
        for col in (1, 2, 3, 4, PRECISION_COL, IMPACT_COL, EFFORT_COL, EMOTION_COL, ACTIONABLE_COL):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SPARK_COL, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(SPARK_COL, 76)
        self.tree.setItemDelegateForColumn(SPARK_COL, SparklineDelegate(self.tree))
        header.sectionResized.connect(lambda col, _old, _new: col and self._fit_name_column())
        self.tree.selectionModel().currentRowChanged.connect(self._on_current)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._on_menu)
        self.editable = True
        self.undo_note: str | None = None  # set by the window from the tree data
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.breadcrumb)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.banner_box)  # below the tree: when it appears, no row moves under the analyst's cursor
        self._key: str | None = None
        self._update_breadcrumb()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_name_column()

    def _fit_name_column(self) -> None:
        """The issue names take the room the numbers leave, but never less than MIN_NAME px (then it scrolls)."""
        header = self.tree.header()
        others = sum(header.sectionSize(c) for c in range(1, header.count()))
        header.resizeSection(0, max(MIN_NAME, self.tree.viewport().width() - others - 2))

    def retranslate(self) -> None:
        self._rebuild(self.model.retranslate)
        self.empty.setText(tr("tree.empty"))
        self._update_banner()
        self._update_breadcrumb()

    def set_data(self, nodes: list[Node], counts: dict[str, NodeCount], total: int,
                 history: NodeHistory | None = None, accuracy: Accuracy | None = None,
                 experience: dict[str, NodeExperience] | None = None) -> None:
        """Show new counts, keeping the selected node selected (without emitting); ``accuracy`` fills the
        precision column and the banner."""
        self._accuracy = accuracy
        self._update_banner()
        self._rebuild(lambda: self.model.set_data(nodes, counts, total, history,
                                                  accuracy.nodes if accuracy else None, experience))
        self.empty.setVisible(not nodes)
        self._update_breadcrumb()
        self._fit_name_column()

    def _banner_box(self) -> QFrame:
        box = QFrame()
        box.setObjectName("accuracyBanner")
        box.setStyleSheet("QFrame#accuracyBanner { background: #fff4ce; border: 1px solid #e8c95a; "
                          "border-radius: 3px; } QFrame#accuracyBanner QLabel { color: #5c4400; }")
        col = QVBoxLayout(box)
        col.setContentsMargins(6, 4, 6, 4)
        col.addWidget(self.banner)
        row = QHBoxLayout()
        row.addWidget(self.judge_button)
        row.addWidget(self.review_button)
        row.addStretch(1)
        col.addLayout(row)
        box.setVisible(False)
        self.banner.setVisible(False)
        return box

    def _rebuild(self, build: Callable[[], None]) -> None:
        """Rebuild the model with ``build`` keeping the analyst's expanded nodes and the selected node (without
        emitting); the first build opens the top level."""
        first = self.model.rowCount() == 0
        expanded = self.expanded_keys()
        self.tree.selectionModel().blockSignals(True)
        try:
            build()
            if first:
                self.tree.expandToDepth(0)
            for key in expanded:
                index = self._proxy_index(key)
                if index is not None:
                    self.tree.setExpanded(index, True)
            self._select(self._key)
        finally:
            self.tree.selectionModel().blockSignals(False)

    def expanded_keys(self) -> set[str]:
        """The keys of the expanded rows ('' is "all issues")."""
        keys: set[str] = set()
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop()
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                if self.tree.isExpanded(index):
                    keys.add(str(index.data(NodeKeyRole) or ""))
                    pending.append(index)
        return keys

    def _proxy_index(self, key: str | None) -> QModelIndex | None:
        matches = self.model.match(self.model.index(0, 0), NodeKeyRole, key or ALL_KEY, 1,
                                   Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        return self.proxy.mapFromSource(matches[0]) if matches else None

    def _update_banner(self) -> None:
        lang = language()
        warning = self._accuracy.warning(lang) if self._accuracy else None
        self.banner.setText(warning or "")
        self.banner.setToolTip(warning or "")
        self.banner.setVisible(bool(warning))
        self.banner_box.setVisible(bool(warning))
        if self._accuracy is not None and warning:
            judge = self._accuracy.judge_label(lang)
            self.judge_button.setText(judge[0].upper() + judge[1:])
            review = self._accuracy.review_label(lang)
            self.review_button.setText(review[0].upper() + review[1:])
            self.judge_button.setEnabled(self._accuracy.judge_records > 0)

    def _on_judge(self) -> None:
        if self._accuracy is not None and self._accuracy.judge_records > 0:
            self.judgeRequested.emit(self._accuracy.judge_records)

    def selected_key(self) -> str | None:
        return self._key

    def select_key(self, key: str | None) -> None:
        """Select ``key`` (None = all issues) and emit ``nodeSelected``."""
        self._select(key)
        if key != self._key:
            self._key = key
            self._update_breadcrumb()
            self.nodeSelected.emit(key)

    def _select(self, key: str | None) -> None:
        index = self._proxy_index(key)
        if index is not None:
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = current.data(NodeKeyRole) if current.isValid() else None
        key = key or None
        if key != self._key:
            self._key = key
            self._update_breadcrumb()
            self.nodeSelected.emit(key)

    def edit_menu(self, key: str | None) -> QMenu:
        """The context menu of the node ``key`` (None: the "all issues" row)."""
        menu = QMenu(self)
        if key is None:
            menu.addAction(tr("taxedit.add_top")).triggered.connect(lambda: self.editRequested.emit("add", None))
            self._add_undo(menu)
            return menu
        is_leaf = not any(n.parent_key == key for n in self.model.nodes())
        menu.addAction(tr("tree.show")).triggered.connect(lambda: self.select_key(key))
        menu.addAction(tr("tree.summarise")).triggered.connect(lambda: self.summaryRequested.emit(key))
        menu.addAction(tr("tree.compare")).triggered.connect(lambda: self.compareRequested.emit(key))
        menu.addSeparator()
        for action in EDIT_ACTIONS:
            item = menu.addAction(tr(f"taxedit.{action}"))
            item.setEnabled(action != "split" or is_leaf)
            item.triggered.connect(lambda _=False, a=action: self.editRequested.emit(a, key))
            if action in ("rename", "split"):
                menu.addSeparator()
        self._add_undo(menu)
        return menu

    def _add_undo(self, menu: QMenu) -> None:
        menu.addSeparator()
        note = self.undo_note
        item = menu.addAction(tr("taxedit.undo", note=taxonomy_note(note)) if note else tr("taxedit.undo_none"))
        item.setEnabled(note is not None)
        item.triggered.connect(lambda: self.editRequested.emit("undo", None))

    def _on_menu(self, pos: QPoint) -> None:
        if not self.editable or not self.model.nodes():
            return
        index = self.tree.indexAt(pos)
        key = (index.data(NodeKeyRole) or None) if index.isValid() else None
        self.edit_menu(key).exec(self.tree.viewport().mapToGlobal(pos))

    def _on_crumb(self, link: str) -> None:
        self.select_key(link or None)

    def _update_breadcrumb(self) -> None:
        parts = [f'<a href="">{tr("tree.all")}</a>']
        chain = self.model.node_path(self._key) if self._key else []
        for i, node in enumerate(chain):
            last = i == len(chain) - 1
            parts.append(f"<b>{node.name}</b>" if last else f'<a href="{node.key}">{node.name}</a>')
        self.breadcrumb.setText(" › ".join(parts))
