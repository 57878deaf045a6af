"""Painted pieces of the wall dashboard: a KPI tile, ranked bars and a heat map, sized from their own height so
they stay readable from across a meeting room at 1920×1080 (pixel fonts, high contrast on a dark ground)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

INK, MUTED, PANEL, GROUND = "#F4F7FB", "#9FB3C8", "#13243B", "#0A1628"
BLUE, RED, GREEN, AMBER = "#4EA8FF", "#FF5C61", "#3DDC97", "#FFC857"


def pixel_font(px: float, bold: bool = False) -> QFont:
    """The application font (CJK included) at ``px`` pixels."""
    font = QFont()
    font.setPixelSize(max(8, int(px)))
    font.setBold(bold)
    return font


@dataclass(frozen=True)
class Bar:
    """One bar: its label, length value, the text at its end, and the share of it drawn in red."""

    label: str
    value: float
    text: str
    red_share: float = 0.0
    ghost: float | None = None  # a previous value, drawn as a thin marker


class BarsView(QWidget):
    """Horizontal ranked bars with the label above each bar; ``bars`` holds what is drawn."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.empty_text = ""
        self.setMinimumHeight(120)

    def set_bars(self, bars: list[Bar], empty_text: str = "") -> None:
        self.bars, self.empty_text = bars, empty_text
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        if not self.bars:
            p.setPen(QColor(MUTED))
            p.setFont(pixel_font(h / 14))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        row = h / max(len(self.bars), 5)
        label_px, bar_h = min(30.0, row * 0.36), row * 0.30
        top = max(max(b.value, b.ghost or 0) for b in self.bars) or 1
        text_w = w * 0.38
        for i, bar in enumerate(self.bars):
            y = i * row
            p.setFont(pixel_font(label_px))
            p.setPen(QColor(INK))
            p.drawText(QRectF(0, y, w, row * 0.52), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                       p.fontMetrics().elidedText(bar.label, Qt.TextElideMode.ElideLeft, int(w - 4)))
            by, full = y + row * 0.58, (w - text_w) * bar.value / top
            p.fillRect(QRectF(0, by, full, bar_h), QColor(BLUE))
            if bar.red_share > 0:
                p.fillRect(QRectF(0, by, full * min(bar.red_share, 1.0), bar_h), QColor(RED))
            if bar.ghost is not None:
                x = (w - text_w) * bar.ghost / top
                p.fillRect(QRectF(x - 2, by - 4, 4, bar_h + 8), QColor(AMBER))
            p.setFont(pixel_font(label_px, bold=True))
            p.drawText(QRectF(full + 10, by - row * 0.1, w - full - 10, bar_h + row * 0.2),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, bar.text)


class HeatView(QWidget):
    """A rows × columns grid of shares (None: no records) shaded from dark to red, the share in each cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[str] = []
        self.columns: list[str] = []
        self.values: list[list[float | None]] = []
        self.setMinimumHeight(160)

    def set_grid(self, rows: list[str], columns: list[str], values: list[list[float | None]]) -> None:
        self.rows, self.columns, self.values = rows, columns, values
        self.update()

    def cell_text(self, value: float | None) -> str:
        return "—" if value is None else f"{value:.0%}"

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.rows or not self.columns:
            return
        p = QPainter(self)
        w, h = self.width(), self.height()
        label_w = w * 0.30
        col_w = (w - label_w) / len(self.columns)
        px = min(26.0, h / (len(self.rows) + 1) * 0.55)
        p.setFont(pixel_font(px * 0.8, bold=True))
        # a channel name too long for its column wraps onto a second line (smaller) rather than being cut to "澜…"
        two_lines = any(p.fontMetrics().horizontalAdvance(n) > col_w - 4 for n in self.columns)
        head_h = min(80.0 if two_lines else 44.0, h / (len(self.rows) + 1) * (1.7 if two_lines else 1.0))
        row_h = (h - head_h) / len(self.rows)
        px = min(26.0, row_h * 0.55)
        p.setPen(QColor(MUTED))
        for x, name in enumerate(self.columns):
            size = px
            p.setFont(pixel_font(size, bold=True))
            while p.fontMetrics().horizontalAdvance(name) > col_w - 4 and size > px * 0.7:
                size -= 1
                p.setFont(pixel_font(size, bold=True))
            rect = QRectF(label_w + x * col_w, 0, col_w, head_h)
            if p.fontMetrics().horizontalAdvance(name) <= col_w - 4:
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, name)
                continue
            half = (len(name) + 1) // 2
            lines = [p.fontMetrics().elidedText(part, Qt.TextElideMode.ElideRight, int(col_w - 4))
                     for part in (name[:half], name[half:])]
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "\n".join(lines))
        top = max((v for r in self.values for v in r if v is not None), default=0.0) or 1.0
        for y, name in enumerate(self.rows):
            ry = head_h + y * row_h
            p.setPen(QColor(INK))
            p.setFont(pixel_font(px))
            p.drawText(QRectF(0, ry, label_w - 12, row_h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       p.fontMetrics().elidedText(name, Qt.TextElideMode.ElideLeft, int(label_w - 12)))
            for x, value in enumerate(self.values[y]):
                cell = QRectF(label_w + x * col_w + 2, ry + 2, col_w - 4, row_h - 4)
                p.fillRect(cell, _shade(None if value is None else value / top))
                p.setPen(QColor(INK if value is None or value / top < 0.75 else "#FFFFFF"))
                p.setFont(pixel_font(px, bold=True))
                p.drawText(cell, Qt.AlignmentFlag.AlignCenter, self.cell_text(value))


def _shade(t: float | None) -> QColor:
    """Panel blue (0) to strong red (1); grey for no data."""
    if t is None:
        return QColor("#2A3445")
    lo, hi = QColor("#1D3557"), QColor("#D62839")
    return QColor(int(lo.red() + (hi.red() - lo.red()) * t), int(lo.green() + (hi.green() - lo.green()) * t),
                  int(lo.blue() + (hi.blue() - lo.blue()) * t))
