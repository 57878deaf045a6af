"""Chart images for the PDF and Word reports (matplotlib, Agg backend, CJK font from resources/fonts).

Excel reports use native Excel charts instead (see ``xlsx_writer``).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from typing import Any

from workbench.paths import font_files
from workbench.reports.labels import t
from workbench.reports.model import TopRow, TrendPoint

DPI = 200
_lock = threading.Lock()
_ready = False
PALETTE = {"total": "#2F6DB5", "negative": "#D9534F", "bar": "#2F6DB5", "grid": "#DDDDDD"}


def _plt() -> Any:
    """pyplot with the Agg backend and a CJK font (set up once per process)."""
    global _ready
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    with _lock:
        if not _ready:
            names = []
            for path in font_files():
                font_manager.fontManager.addfont(str(path))
                names.append(font_manager.FontProperties(fname=str(path)).get_name())
            plt.rcParams["font.family"] = [*names, "DejaVu Sans"]
            plt.rcParams["axes.unicode_minus"] = False
            _ready = True
    return plt


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight")
    _plt().close(fig)
    return buf.getvalue()


def trend_png(points: Sequence[TrendPoint], lang: str, width: float = 7.0) -> bytes:
    """Volume over time with the negative part as a second line."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(width, 2.8))
    days = [p.day for p in points]
    ax.plot(days, [p.total for p in points], color=PALETTE["total"], linewidth=1.6, label=t("total", lang))
    ax.plot(days, [p.negative for p in points], color=PALETTE["negative"], linewidth=1.4, label=t("negative", lang))
    ax.fill_between(days, [p.negative for p in points], color=PALETTE["negative"], alpha=0.12)
    ax.grid(axis="y", color=PALETTE["grid"], linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, loc="upper left", fontsize=8)
    ax.tick_params(labelsize=8)
    fig.autofmt_xdate()
    return _png(fig)


def top_png(rows: Sequence[TopRow], lang: str, width: float = 7.0) -> bytes:
    """Horizontal bars of the TOP issues (leaf name only, full path in the table)."""
    plt = _plt()
    rows = list(rows)[:10][::-1]
    fig, ax = plt.subplots(figsize=(width, 0.35 * len(rows) + 0.8))
    labels = [r.path.rsplit("/", 1)[-1] for r in rows]
    ax.barh(labels, [r.count for r in rows], color=PALETTE["bar"])
    for y, r in enumerate(rows):
        ax.text(r.count, y, f" {r.count:,}", va="center", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)
    ax.set_xlabel(t("count", lang), fontsize=8)
    return _png(fig)
