"""The TOP lists panel: frequent / rising / negative / new issues of the latest period, each row
clickable into the tree (and so the table, trend and detail)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ui.i18n import tr
from ui.models.top_list_model import NodeKeyRole, TopListModel
from workbench.queries.analysis_rows import TopResult

BY = ("frequent", "rising", "negative", "new")
GRAINS = ("auto", "month", "week", "day")  # auto: the grain `top` and reports choose from the data's span


def period_text(result: TopResult) -> str:
    """"Month · 2026-08-01 – 2026-08-31 (vs 2026-07-01 – 2026-07-31)", saying so when the period is partial."""
    p, q = result.period, result.previous
    text = tr("top.period", start=p.start.isoformat(), end=p.last_day.isoformat(),
              pstart=q.start.isoformat(), pend=q.last_day.isoformat())
    return f"{tr(f'trend.{result.grain}')} · {text}" + (tr("top.partial") if result.partial else "")


class TopListsView(QWidget):
    """Emits ``optionsChanged()`` when the list kind, period or level changes, ``nodeSelected(key)`` on a row."""

    optionsChanged = Signal()
    nodeSelected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TopListModel()
        self._result: TopResult | None = None
        self.by, self.grain, self.level = QComboBox(), QComboBox(), QComboBox()
        self.period = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.clicked.connect(self._on_clicked)
        for combo in (self.by, self.grain, self.level):
            combo.currentIndexChanged.connect(lambda _: self.optionsChanged.emit())
        bar = QHBoxLayout()
        for w in (self.by, self.grain, self.level):
            bar.addWidget(w)
        bar.addWidget(self.period, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def options(self) -> tuple[str, str, int | None]:
        """(list kind, period grain or ``auto``, taxonomy level or None for every level)."""
        return str(self.by.currentData() or "frequent"), str(self.grain.currentData() or "auto"), \
            self.level.currentData()

    def retranslate(self) -> None:
        levels = [(tr("top.all_levels"), None), *((tr("top.level", n=n), n) for n in (1, 2, 3))]
        grains = [(tr("top.auto" if g == "auto" else f"trend.{g}"), g) for g in GRAINS]
        for combo, items in ((self.by, [(tr(f"top.by_{b}"), b) for b in BY]),
                             (self.grain, grains), (self.level, levels)):
            current = combo.currentIndex()
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(current, 0))
            combo.blockSignals(False)
        self.model.set_items(self.model.items())  # re-reads the headers in the new language
        if self._result is not None:
            self.period.setText(period_text(self._result))

    def set_result(self, result: TopResult) -> None:
        self._result = result
        self.period.setText(period_text(result))
        self.model.set_items(result.items)

    def set_message(self, text: str) -> None:
        self._result = None
        self.period.setText(text)
        self.model.set_items([])

    def _on_clicked(self, index: QModelIndex) -> None:
        key = index.data(NodeKeyRole)
        if key:
            self.nodeSelected.emit(str(key))
