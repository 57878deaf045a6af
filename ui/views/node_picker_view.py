"""The issue picker of "改为" / "Fix to": a button showing the chosen node's full path that opens a searchable
tree of the taxonomy, keyboard-first.

Type to filter (a substring of a node's name or path, case-insensitive); ↑/↓ move among the matching leaves
without leaving the search box; Enter takes the highlighted leaf, Esc closes. The last choices come first
("最近使用"), kept in the layout settings (QSettings) across sessions. Names are never elided: the tree
scrolls sideways and the popup is as wide as its longest path allows.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import tr
from ui.state import app_settings
from workbench.taxonomy.model import Node, Taxonomy

RECENT_KEY = "picker/recent"
MAX_RECENT = 6
PATH_ROLE = Qt.ItemDataRole.UserRole


def matches(node: Node, needle: str) -> bool:
    """Whether the filter text finds this node: a substring of its name or its path, any case."""
    needle = needle.strip().casefold()
    return not needle or needle in node.name.casefold() or needle in node.path.casefold()


class NodePickerPopup(QFrame):
    """The search box over the tree; emits ``chosen(path)`` when a leaf is taken."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("picker.search"))
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.tree.header().setStretchLastSection(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self.search.textChanged.connect(self._update_tree)
        self.search.installEventFilter(self)
        self.tree.itemActivated.connect(self._on_activated)
        self.tree.itemClicked.connect(self._on_activated)
        self._taxonomy = Taxonomy([])
        self._recent: list[str] = []

    def set_nodes(self, taxonomy: Taxonomy, recent: Sequence[str]) -> None:
        self._taxonomy, self._recent = taxonomy, [p for p in recent if taxonomy.by_path(p) is not None]
        self._update_tree()

    def open_at(self, anchor: QWidget, text: str = "") -> None:
        """Show below ``anchor`` with the search box focused (``text`` typed into it)."""
        self.search.setText(text)
        self.resize(self._width(anchor), 420)
        self.move(anchor.mapToGlobal(anchor.rect().bottomLeft()))
        self.show()
        self.search.setFocus()

    def leaves(self) -> list[QTreeWidgetItem]:
        """The visible leaves, top to bottom (what ↑/↓ walk through)."""
        out: list[QTreeWidgetItem] = []
        stack = [self.tree.topLevelItem(i) for i in reversed(range(self.tree.topLevelItemCount()))]
        while stack:
            item = stack.pop()
            if item.isHidden():
                continue
            if item.data(0, PATH_ROLE):
                out.append(item)
            stack.extend(item.child(i) for i in reversed(range(item.childCount())))
        return out

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._step(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                current = self.tree.currentItem()
                if current is not None and current.data(0, PATH_ROLE):
                    self._on_activated(current)
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
        return super().eventFilter(watched, event)

    def _step(self, delta: int) -> None:
        leaves = self.leaves()
        if not leaves:
            return
        current = self.tree.currentItem()
        at = leaves.index(current) + delta if current in leaves else (0 if delta > 0 else len(leaves) - 1)
        self.tree.setCurrentItem(leaves[max(0, min(at, len(leaves) - 1))])

    def _on_activated(self, item: QTreeWidgetItem) -> None:
        path = item.data(0, PATH_ROLE)
        if path:
            self.hide()
            self.chosen.emit(str(path))

    def _update_tree(self) -> None:
        needle = self.search.text()
        self.tree.clear()
        taxonomy = self._taxonomy
        if self._recent and not needle.strip():
            group = QTreeWidgetItem(self.tree, [tr("picker.recent")])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for path in self._recent:
                QTreeWidgetItem(group, [path]).setData(0, PATH_ROLE, path)
        for root in taxonomy.roots():
            self._add(None, root, needle)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        leaves = self.leaves()
        self.tree.setCurrentItem(leaves[0] if leaves else None)

    def _add(self, parent: QTreeWidgetItem | None, node: Node, needle: str) -> bool:
        """Add the node if it or a descendant matches (a matching parent shows all its leaves)."""
        kids = self._taxonomy.children(node.key)
        hit = matches(node, needle)
        item = QTreeWidgetItem([node.name])
        item.setToolTip(0, node.path)
        shown = False
        for kid in kids:
            shown = self._add(item, kid, "" if hit else needle) or shown
        if not kids:
            item.setData(0, PATH_ROLE, node.path)
            shown = hit
        else:
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a parent groups; labels go on leaves
        if shown:
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
        return shown

    def _width(self, anchor: QWidget) -> int:
        wanted = self.tree.sizeHintForColumn(0) + 48
        screen = anchor.screen().availableGeometry().width() if anchor.screen() else 1200
        return max(360, min(wanted, screen - 40))


class NodePickerView(QWidget):
    """The button that shows the chosen leaf's full path and opens the picker; ``currentData()`` is the path."""

    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self._settings = settings or app_settings()
        self.button = QPushButton(tr("picker.none"))
        self.button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.popup = NodePickerPopup(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        self.button.clicked.connect(lambda: self.open_picker())
        self.button.installEventFilter(self)
        self.popup.chosen.connect(self.choose)
        self._taxonomy = Taxonomy([])
        self._path: str | None = None

    def set_nodes(self, nodes: Sequence[Node]) -> None:
        """The taxonomy to choose from; the choice is kept when its leaf is still there."""
        self._taxonomy = Taxonomy(list(nodes))
        if self._path is not None and self._taxonomy.by_path(self._path) is None:
            self._set(None)

    def currentData(self) -> str | None:  # the QComboBox name it replaces
        return self._path

    def set_current(self, path: str | None) -> None:
        """Show ``path`` as the choice without counting it as a recent one (the record's own tag)."""
        self._set(path if path and self._taxonomy.by_path(path) is not None else None)

    def choose(self, path: str) -> None:
        """The analyst's choice: shown, and first among the recent ones."""
        self._set(path)
        recent = [path, *(p for p in self.recent() if p != path)][:MAX_RECENT]
        self._settings.setValue(RECENT_KEY, recent)
        self._settings.sync()
        self.changed.emit(path)

    def recent(self) -> list[str]:
        value = self._settings.value(RECENT_KEY, [])
        items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        return [str(v) for v in items if v]

    def open_picker(self, text: str = "") -> None:
        self.popup.set_nodes(self._taxonomy, self.recent())
        self.popup.open_at(self.button, text)

    def retranslate(self) -> None:
        self.popup.search.setPlaceholderText(tr("picker.search"))
        self._set(self._path)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Typing on the focused button opens the picker with what was typed; so do Enter, Space and ↓."""
        if watched is self.button and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space, Qt.Key.Key_Down):
                self.open_picker()
                return True
            if event.text().strip() and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
                self.open_picker(event.text())
                return True
        return super().eventFilter(watched, event)

    def _set(self, path: str | None) -> None:
        self._path = path
        self.button.setText(path or tr("picker.none"))
        self.button.setToolTip(path or "")
