"""The filters bar: time range (presets relative to the latest record, or custom), channel, product,
sentiment and a free-text search; emits a :class:`RecordFilter` whenever any of them changes. The views
button saves the whole selection under a name and brings it back (the window stores views in the project)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QMenu, QToolButton, QWidget

from ui.i18n import tr
from workbench.types import SENTIMENTS, RecordFilter

PRESETS = ("all_time", "last7", "last30", "last90", "this_month", "custom")
SEARCH_DELAY_MS = 300


class FiltersBar(QWidget):
    """Emits ``filterChanged(RecordFilter)``; node and trend-period restrictions are added by the window."""

    filterChanged = Signal(object)
    viewChosen = Signal(str)  # a saved view's name
    saveViewRequested = Signal()
    deleteViewRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._latest: datetime | None = None
        self._labels = {k: QLabel() for k in ("time", "channel", "product", "sentiment")}
        self.preset = QComboBox()
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setVisible(False)
        self.channel, self.product, self.sentiment = QComboBox(), QComboBox(), QComboBox()
        for combo in (self.channel, self.product):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.views = QToolButton()
        self.views.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._view_names: list[str] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._layout()
        self._connect()
        self.retranslate()

    def _layout(self) -> None:
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        for widget in (self._labels["time"], self.preset, self.date_from, self.date_to, self._labels["channel"],
                       self.channel, self._labels["product"], self.product, self._labels["sentiment"],
                       self.sentiment):
            row.addWidget(widget)
        row.addWidget(self.search, 1)
        row.addWidget(self.views)

    def _connect(self) -> None:
        self.preset.currentIndexChanged.connect(self._on_preset)
        for combo in (self.channel, self.product, self.sentiment):
            combo.currentIndexChanged.connect(self._emit)
        self.date_from.dateChanged.connect(self._emit)
        self.date_to.dateChanged.connect(self._emit)
        self.search.textChanged.connect(lambda _: self._timer.start())
        self.search.returnPressed.connect(self._emit)
        self._timer.timeout.connect(self._emit)

    def retranslate(self) -> None:
        for key, label in self._labels.items():
            label.setText(tr(f"flt.{key}"))
        self._fill(self.preset, [(tr(f"flt.{p}"), p) for p in PRESETS], keep_first=False)
        self.preset.setToolTip(tr("flt.relative_tip"))
        self._fill(self.sentiment, [(tr(f"sent.{s}"), s) for s in SENTIMENTS])
        self.channel.setItemText(0, tr("flt.all"))
        self.product.setItemText(0, tr("flt.all"))
        self.search.setPlaceholderText(tr("flt.search"))
        self.views.setText(tr("flt.views"))
        self.set_views(self._view_names)

    def set_views(self, names: list[str]) -> None:
        """The saved views the menu offers."""
        self._view_names = list(names)
        menu = QMenu(self.views)
        for name in names:
            menu.addAction(name).triggered.connect(lambda _=False, n=name: self.viewChosen.emit(n))
        if names:
            menu.addSeparator()
        menu.addAction(tr("flt.save_view")).triggered.connect(self.saveViewRequested.emit)
        if names:
            remove = menu.addMenu(tr("flt.delete_view"))
            for name in names:
                remove.addAction(name).triggered.connect(lambda _=False, n=name: self.deleteViewRequested.emit(n))
        old = self.views.menu()
        self.views.setMenu(menu)
        if old is not None:
            old.deleteLater()

    def state(self) -> dict[str, Any]:
        """Everything the bar selects, as plain JSON values (a saved view's state)."""
        return {"preset": self.preset.currentData(), "from": self.date_from.date().toString("yyyy-MM-dd"),
                "to": self.date_to.date().toString("yyyy-MM-dd"), "channel": self.channel.currentData(),
                "product": self.product.currentData(), "sentiment": self.sentiment.currentData(),
                "search": self.search.text()}

    def apply_state(self, state: dict[str, Any]) -> None:
        """Select what ``state`` says (values the project no longer has fall back to "all"); emits once."""
        widgets: list[Any] = [self.preset, self.channel, self.product, self.sentiment, self.date_from,
                              self.date_to, self.search]
        for widget in widgets:
            widget.blockSignals(True)
        for combo, key in ((self.preset, "preset"), (self.channel, "channel"), (self.product, "product"),
                           (self.sentiment, "sentiment")):
            combo.setCurrentIndex(max(combo.findData(state.get(key)), 0))
        for edit, key in ((self.date_from, "from"), (self.date_to, "to")):
            day = QDate.fromString(str(state.get(key) or ""), "yyyy-MM-dd")
            if day.isValid():
                edit.setDate(day)
        self.search.setText(str(state.get("search") or ""))
        for widget in widgets:
            widget.blockSignals(False)
        self._on_preset()

    def _fill(self, combo: QComboBox, items: list[tuple[str, str]], keep_first: bool = True) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        if keep_first:
            combo.addItem(tr("flt.all"), None)
        for text, data in items:
            combo.addItem(text, data)
        found = combo.findData(current)
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    def set_choices(self, channels: list[str], products: list[str], latest: datetime | None) -> None:
        """Offer the project's channels and products; presets count back from ``latest``."""
        self._latest = latest
        self._fill(self.channel, [(c, c) for c in channels])
        self._fill(self.product, [(p, p) for p in products])
        self.product.setEnabled(bool(products))
        if latest is not None:
            self.date_to.setDate(QDate(latest.year, latest.month, latest.day))
            self.date_from.setDate(QDate(latest.year, latest.month, latest.day).addDays(-30))

    def reset(self) -> None:
        """Back to no restriction (emits once)."""
        for combo in (self.preset, self.channel, self.product, self.sentiment):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._on_preset()

    def _on_preset(self) -> None:
        custom = self.preset.currentData() == "custom"
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)
        self._emit()

    def _emit(self) -> None:
        self._timer.stop()
        self.filterChanged.emit(self.current_filter())

    def current_filter(self) -> RecordFilter:
        date_from, date_to = self._range()
        channel, product = self.channel.currentData(), self.product.currentData()
        sentiment = self.sentiment.currentData()
        text = self.search.text().strip()
        return RecordFilter(date_from=date_from, date_to=date_to, channels=(channel,) if channel else (),
                            products=(product,) if product else (), sentiments=(sentiment,) if sentiment else (),
                            text=text or None)

    def _range(self) -> tuple[datetime | None, datetime | None]:
        preset = self.preset.currentData()
        if preset == "custom":
            lo, hi = self.date_from.date(), self.date_to.date()
            return (datetime(lo.year(), lo.month(), lo.day()),
                    datetime(hi.year(), hi.month(), hi.day()) + timedelta(days=1))
        if preset in (None, "all_time") or self._latest is None:
            return None, None
        end = datetime(self._latest.year, self._latest.month, self._latest.day) + timedelta(days=1)
        if preset == "this_month":
            return datetime(self._latest.year, self._latest.month, 1), end
        days = {"last7": 7, "last30": 30, "last90": 90}[preset]
        return end - timedelta(days=days), end
