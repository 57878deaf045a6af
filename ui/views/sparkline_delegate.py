"""Paints a small line of weekly counts (``SparkRole``) in a tree cell, last point marked."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.models.issue_tree_model import SparkRole

LINE = QColor("#3b7dd8")
RISING = QColor("#d9534f")


class SparklineDelegate(QStyledItemDelegate):
    """Draws ``index.data(SparkRole)`` (a list of counts) as a polyline scaled to the cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        values = index.data(SparkRole)
        if not values or len(values) < 2:
            return
        rect = option.rect.adjusted(4, 4, -6, -4)  # type: ignore[attr-defined]
        top = max(max(values), 1)
        step = rect.width() / (len(values) - 1)
        points = [QPointF(rect.left() + i * step, rect.bottom() - v / top * rect.height())
                  for i, v in enumerate(values)]
        rising = values[-1] > 1.3 * max(1.0, sum(values[:-1]) / (len(values) - 1))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(RISING if rising else LINE, 1.4))
        painter.drawPolyline(QPolygonF(points))
        painter.setBrush(RISING if rising else LINE)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(points[-1], 2.2, 2.2)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(72, super().sizeHint(option, index).height())
