"""Excel report: a summary sheet, one sheet per section with native charts, and a streamed verbatim sheet.

Written in openpyxl's write-only mode; the verbatim rows are then streamed into the saved file as
plain SpreadsheetML (:mod:`workbench.reports.xlsx_stream`, constant memory however many). Every text
cell is a typed or inline string, so review text such as ``=HYPERLINK(...)`` can never become a formula.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from itertools import chain
from pathlib import Path
from typing import Any

from workbench.errors import Phrase
from workbench.progress import CancelToken, Progress, no_progress
from workbench.reports.labels import emotion_text, fmt_period, impact_text, t
from workbench.reports.method_text import METHOD_ORDER, method_name, model_lines, precision_line, status_name
from workbench.reports.model import ReportContent, TopRow, VerbatimRow
from workbench.reports.xlsx_stream import stream_rows

HEADER_FILL = "1F4E79"
PCT, INT, FLOAT = "0.0%", "#,##0", "0.00"


class _Sheet:
    """A write-only sheet with typed, styled cells."""

    def __init__(self, wb: Any, title: str, widths: Sequence[int] = ()) -> None:
        self.ws = wb.create_sheet(title=title[:31])
        for i, width in enumerate(widths):
            self.ws.column_dimensions[_col(i)].width = width
        self.rows = 0

    def cell(self, value: Any, fmt: str | None = None, bold: bool = False, header: bool = False) -> Any:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill

        c = WriteOnlyCell(self.ws, value=value)
        if isinstance(value, str):
            c.data_type = "s"
        if fmt:
            c.number_format = fmt
        if header:
            c.font = Font(bold=True, color="FFFFFF")
            c.fill = PatternFill("solid", fgColor=HEADER_FILL)
            c.alignment = Alignment(vertical="center", wrap_text=True)
        elif bold:
            c.font = Font(bold=True)
        return c

    def append(self, values: Iterable[Any], fmts: Sequence[str | None] = ()) -> None:
        cells = [self.cell(v, fmts[i] if i < len(fmts) else None) for i, v in enumerate(values)]
        self.ws.append(cells)
        self.rows += 1

    def header(self, names: Sequence[str]) -> None:
        self.ws.append([self.cell(n, header=True) for n in names])
        self.rows += 1

    def title(self, text: str) -> None:
        from openpyxl.styles import Font

        c = self.cell(text)
        c.font = Font(bold=True, size=14, color=HEADER_FILL)
        self.ws.append([c])
        self.rows += 1

    def blank(self) -> None:
        self.ws.append([])
        self.rows += 1


def _col(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(i + 1))


def _table(sheet: _Sheet, headers: list[str], rows: Iterable[Sequence[Any]],
           fmts: Sequence[str | None]) -> tuple[int, int]:
    """Write a header and rows with a frozen header and filters; returns (first data row, last row).

    Write-only sheets emit their view on the first row written, so a sheet freezes its first table only.
    """
    if sheet.rows == 0:
        sheet.ws.freeze_panes = "A2"
    sheet.header(headers)
    first = sheet.rows + 1
    for row in rows:
        sheet.append(row, fmts)
    last = max(sheet.rows, first)
    sheet.ws.auto_filter.ref = f"A{first - 1}:{_col(len(headers) - 1)}{last}"
    return first, last


def _summary(wb: Any, c: ReportContent) -> None:
    lang = c.spec.lang
    s = _Sheet(wb, t("summary", lang), (28, 18, 18, 60))
    s.title(c.title)
    for key, value in (("period", fmt_period(c.period, lang)), ("previous", fmt_period(c.previous, lang)),
                       ("prepared_for", c.spec.client or "—"), ("records", c.records),
                       ("generated", c.generated_at.strftime("%Y-%m-%d %H:%M"))):
        s.append([t(key, lang), value], (None, INT))
    s.blank()
    s.header([t("kpis", lang), t("period", lang), t("prev", lang)])
    for k in c.kpis:
        fmt = {"pct": PCT, "float": FLOAT}.get(k.kind, INT)
        s.append([t(k.key, lang), k.value, k.previous], (None, fmt, fmt))
    s.blank()
    for line in c.summary:
        s.append([line])


def _top_sheet(wb: Any, c: ReportContent, key: str, rows: list[TopRow]) -> None:
    from openpyxl.chart import BarChart, Reference

    lang = c.spec.lang
    s = _Sheet(wb, t(key, lang), (7, 46, 10, 10, 10, 12, 12, 16))
    headers = [t(k, lang) for k in ("rank", "issue", "count", "prev", "share", "negative_share", "score")]
    first, last = _table(s, headers, ([r.rank, r.path, r.count, r.previous, r.share, r.negative_share, r.score]
                                      for r in rows), (INT, None, INT, INT, PCT, PCT, FLOAT))
    if rows:
        chart = BarChart()
        chart.type, chart.style, chart.title = "bar", 10, t(key, lang)
        chart.add_data(Reference(s.ws, min_col=3, min_row=first - 1, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(s.ws, min_col=2, min_row=first, max_row=last))
        chart.height, chart.width = 9, 18
        s.ws.add_chart(chart, "J2")


def _tree_sheet(wb: Any, c: ReportContent) -> None:
    lang = c.spec.lang
    s = _Sheet(wb, t("tree", lang), (50, 8, 10, 10, 12, 10, 10, 12))
    headers = [t(k, lang) for k in ("issue", "level", "count", "share", "negative_share", "prev", "delta",
                                    "dissatisfaction")]
    _table(s, headers, ([("    " * (r.level - 1)) + r.path.rsplit("/", 1)[-1], r.level, r.count, r.share,
                         r.negative_share, r.previous, r.delta, r.mean_dissatisfaction] for r in c.tree),
           (None, INT, INT, PCT, PCT, INT, INT, FLOAT))


def _trend_sheet(wb: Any, c: ReportContent) -> None:
    from openpyxl.chart import LineChart, Reference

    lang = c.spec.lang
    s = _Sheet(wb, t("trend", lang), (14, 12, 12))
    first, last = _table(s, [t("day", lang), t("total", lang), t("negative", lang)],
                         ([p.day, p.total, p.negative] for p in c.trend), ("yyyy-mm-dd", INT, INT))
    if c.trend:
        chart = LineChart()
        chart.title, chart.height, chart.width = t("trend", lang), 9, 22
        chart.add_data(Reference(s.ws, min_col=2, max_col=3, min_row=first - 1, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(s.ws, min_col=1, min_row=first, max_row=last))
        chart.x_axis.number_format = "mm-dd"
        s.ws.add_chart(chart, "E2")


def _sections(wb: Any, c: ReportContent) -> None:
    lang = c.spec.lang
    if c.drivers:
        s = _Sheet(wb, t("drivers", lang), (46, 10, 12, 12, 10, 18, 14, 26))
        _table(s, [t(k, lang) for k in ("issue", "count", "with", "without", "effect", "ci", "impact", "impact_ci")],
               ([d.path, d.n_with, d.mean_with, d.mean_without, d.effect, f"{d.low:+.2f} … {d.high:+.2f}", d.impact,
                 impact_text(d.impact, d.impact_low, d.impact_high)] for d in c.drivers),
               (None, INT, FLOAT, FLOAT, FLOAT, None, FLOAT, None))
    if c.experience:
        s = _Sheet(wb, t("experience_sheet", lang), (46, 10, 12, 18, 12))
        _table(s, [t(k, lang) for k in ("issue", "records", "effort", "emotion", "actionable")],
               ([e.path or t("all_records", lang), e.records, e.mean_effort,
                 emotion_text(e.emotion, e.emotion_share, lang), e.actionable_share] for e in c.experience),
               (None, INT, FLOAT, None, PCT))
    s = _Sheet(wb, t("issues", lang), (40, 10, 10, 12, 60, 12))
    _table(s, [t(k, lang) for k in ("issue", "count", "prev", "negative_share", "quotes", "record_id")],
           ([i.path, i.count, i.previous, i.negative_share, q.text, q.record_id] for i in c.issues for q in i.quotes),
           (None, INT, INT, PCT, None, INT))
    if c.breakdown:
        s = _Sheet(wb, t(c.breakdown_key, lang), (16, 12, 14, 46, 10))
        _table(s, [t(k, lang) for k in (c.breakdown_key, "records", "negative_share", "top_issue", "count")],
               ([b.label, b.records, b.negative_share, b.top_issue, b.top_count] for b in c.breakdown),
               (None, INT, PCT, None, INT))
    if c.alerts:
        s = _Sheet(wb, t("alerts", lang), (30, 20, 10, 12))
        _table(s, [t(k, lang) for k in ("rule", "fired_at", "count", "delivered")],
               ([a.rule, a.fired_at, a.records, a.delivered or "—"] for a in c.alerts), (None, "yyyy-mm-dd hh:mm", INT))
    if c.service:
        s = _Sheet(wb, t("service", lang), (12, 10, 14, 14, 12, 10, 10, 40))
        _table(s, [t(k, lang) for k in ("agent", "conversations", "first_response", "avg_response", "sop", "resolved",
                                        "dissatisfaction", "flags")],
               ([r.key, r.conversations, r.first_response_s, r.avg_response_s, r.sop_compliance, r.resolved_share,
                 r.dissatisfaction, ", ".join(r.flags)] for r in c.service), (None, INT, FLOAT, FLOAT, PCT, PCT, FLOAT))


def _method(wb: Any, c: ReportContent) -> None:
    lang, m = c.spec.lang, c.method
    s = _Sheet(wb, t("method", lang), (40, 14, 12, 18, 10, 10, 10, 10, 10))
    s.title(t("sources", lang))
    s.header([t(k, lang) for k in ("file", "sheet", "kind", "imported_at", "read", "imported", "duplicates", "masked",
                                   "rejected")])
    for r in m.sources:
        s.append([Path(r.path).name, r.sheet or "", r.kind, r.imported_at, r.read, r.imported, r.duplicates, r.masked,
                  r.rejected], (None, None, None, "yyyy-mm-dd hh:mm", INT, INT, INT, INT, INT))
    s.blank()
    s.title(t("cleaning", lang))
    for line in m.cleaning:
        s.append([line])
    s.blank()
    s.title(t("taxonomy", lang))
    s.append([t("version", lang), m.taxonomy_version])
    s.append([t("nodes", lang), m.taxonomy_nodes])
    s.blank()
    s.title(t("models", lang))
    for line in model_lines(m, lang):
        s.append([line])
    s.blank()
    s.title(t("stages", lang))
    s.append([t(k, lang) for k in ("run", "started", "status", "model")] + [method_name(k, lang) for k in METHOD_ORDER])
    for run in m.runs:
        counts = [None if run.by_method is None else run.by_method.get(k, 0) for k in METHOD_ORDER]
        s.append([run.run_id, run.started_at, status_name(run.status, lang),
                  run.model or t("none", lang), *counts], (INT, "yyyy-mm-dd hh:mm", None, None, INT, INT, INT, INT))
    s.blank()
    s.title(t("accuracy", lang))
    if m.warning:
        s.append([m.warning])
    for row in m.precision:
        s.append([precision_line(row, lang), row.value, row.low, row.high, row.basis, row.n],
                 (None, PCT, PCT, PCT, None, INT))
    if m.label_quality:
        s.blank()
        s.title(t("quality", lang))
        for key, value in m.label_quality.items():
            s.append([key, value], (None, FLOAT))
    s.blank()
    s.title(t("caveats", lang))
    for line in m.caveats:
        s.append([line])


VERBATIM_COLUMNS = ("record_id", "created_at", "channel", "product", "sentiment", "tags", "evidence", "text",
                    "source")


def _verbatim_values(row: VerbatimRow) -> list[Any]:
    return [row.record_id, row.created_at, row.channel, row.product or "", row.sentiment or "", row.tags,
            row.evidence, row.text, row.source]


def _verbatims(wb: Any, c: ReportContent) -> tuple[str, Iterator[VerbatimRow]]:
    """The verbatim sheet's frame: widths, frozen header, filter and one sample row (whose date style the
    streamed rows reuse). Returns the sheet's title and the rows to stream into it after saving."""
    lang = c.spec.lang
    s = _Sheet(wb, t("verbatims", lang), (10, 17, 10, 16, 10, 36, 30, 80, 30))
    s.ws.freeze_panes = "A2"
    s.header([t(k, lang) for k in VERBATIM_COLUMNS])
    rows = iter(c.verbatims() if c.verbatims else ())
    first = next(rows, None)
    if first is not None:
        sample = [s.cell(v) for v in _verbatim_values(first)]
        sample[1] = s.cell(first.created_at or datetime(2000, 1, 1), "yyyy-mm-dd hh:mm")
        s.ws.append(sample)
    s.ws.auto_filter.ref = "A1:I2"
    return s.ws.title, chain([first], rows) if first is not None else iter(())


def write_xlsx(content: ReportContent, path: Path, progress: Progress = no_progress,
               cancel: CancelToken | None = None) -> None:
    """Write the Excel report to ``path`` (the caller writes to a temp file and renames it)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    _summary(wb, content)
    _top_sheet(wb, content, "top_frequent", content.top_frequent)
    _top_sheet(wb, content, "top_rising", content.top_rising)
    _tree_sheet(wb, content)
    _trend_sheet(wb, content)
    _sections(wb, content)
    _method(wb, content)
    title, verbatims = _verbatims(wb, content)
    wb.save(str(path))
    progress(0.5, Phrase("progress.verbatims_sheet"))

    def tick(n: int) -> None:
        if cancel:
            cancel.check()
        progress(-1, Phrase("progress.verbatims", n=n))

    stream_rows(path, title, (_verbatim_values(row) for row in verbatims), tick)
