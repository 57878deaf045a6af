"""Building blocks of the PowerPoint deck: fonts that name an East Asian typeface, text boxes, native charts.

Every chart is a python-pptx chart part (editable in PowerPoint and LibreOffice), never an image.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workbench.reports.labels import t
from workbench.texts import has_text

# Named, not embedded: PowerPoint on Windows has YaHei, macOS maps it to PingFang; LibreOffice falls back to
# any installed CJK font (the WenQuanYi font Kesheng ships is one).
FONTS = {"zh": "Microsoft YaHei", "en": "Calibri"}
EA_FONT = "Microsoft YaHei"
BLUE = (0x1F, 0x4E, 0x79)
RED = (0xD9, 0x53, 0x4F)
GREY = (0x59, 0x59, 0x59)
LIGHT = (0xA6, 0xB8, 0xCC)
WIDTH_IN, HEIGHT_IN = 13.333, 7.5

def label(key: str, lang: str, **fmt: object) -> str:
    """A deck label (``reports.deck.…`` of the one text table; else the report labels shared by every writer)."""
    return t(f"deck.{key}", lang, **fmt) if has_text(f"reports.deck.{key}") else t(key, lang, **fmt)


def rgb(color: tuple[int, int, int]) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor(*color)  # type: ignore[no-untyped-call]


def chart_data(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
               number_format: str = "#,##0") -> Any:
    """The categories and series of a chart (python-pptx writes them into the chart's embedded workbook)."""
    from pptx.chart.data import CategoryChartData

    data = CategoryChartData(number_format=number_format)  # type: ignore[no-untyped-call]
    data.categories = list(categories)
    for name, values in series:
        data.add_series(name, list(values))  # type: ignore[no-untyped-call]
    return data


def set_font(font: Any, lang: str, size: float | None = None, bold: bool | None = None,
             color: tuple[int, int, int] | None = None) -> None:
    """Latin typeface for the language and an explicit East Asian typeface (``a:ea``) so CJK text never
    falls back to a Latin font."""
    from pptx.oxml.ns import qn
    from pptx.oxml.xmlchemy import OxmlElement
    from pptx.util import Pt

    font.name = FONTS.get(lang, FONTS["en"])
    rpr = font._rPr
    latin = rpr.find(qn("a:latin"))
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = OxmlElement("a:ea")
        latin.addnext(ea)
    ea.set("typeface", EA_FONT)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = rgb(color)


def text_box(slide: Any, box: tuple[float, float, float, float], lines: Sequence[str], lang: str,
             size: float = 16, color: tuple[int, int, int] = GREY, bold: bool = False) -> Any:
    """A word-wrapped text box at ``box`` (left, top, width, height in inches), one paragraph per line."""
    from pptx.util import Inches, Pt

    shape = slide.shapes.add_textbox(*(Inches(v) for v in box))
    frame = shape.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.space_after = Pt(size * 0.5)
        run = para.add_run()
        run.text = line
        set_font(run.font, lang, size, bold, color)
    return shape


def table(slide: Any, box: tuple[float, float, float, float], rows: Sequence[Sequence[str]], lang: str,
          widths: Sequence[float], size: float = 14) -> Any:
    """A native table (editable), header row first, numbers right-aligned; ``widths`` in inches."""
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches

    shape = slide.shapes.add_table(len(rows), len(rows[0]), *(Inches(v) for v in box))
    grid = shape.table
    for i, width in enumerate(widths):
        grid.columns[i].width = Inches(width)
    for y, row in enumerate(rows):
        for x, value in enumerate(row):
            cell = grid.cell(y, x)
            cell.text = value
            para = cell.text_frame.paragraphs[0]
            if x:
                para.alignment = PP_ALIGN.RIGHT
            for run in para.runs:
                set_font(run.font, lang, size, y == 0, (0xFF, 0xFF, 0xFF) if y == 0 else GREY)
    return shape


def header(slide: Any, title: str, lang: str, kicker: str = "") -> None:
    """The slide's title with a blue rule under it (and a small line above it, e.g. "Key issue 2 of 5")."""
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    if kicker:
        text_box(slide, (0.6, 0.25, 12, 0.4), [kicker], lang, 12, LIGHT)
    text_box(slide, (0.6, 0.5, 12.1, 0.8), [title], lang, 26, BLUE, bold=True)
    rule = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(0.6), Inches(1.3), Inches(12.1), Inches(0.04))
    rule.fill.solid()
    rule.fill.fore_color.rgb = rgb(BLUE)
    rule.line.fill.background()


def bar_chart(slide: Any, box: tuple[float, float, float, float], categories: Sequence[str],
              series: Sequence[tuple[str, Sequence[float], tuple[int, int, int]]], lang: str,
              number_format: str = "#,##0") -> Any:
    """Horizontal clustered bars, first category on top, values labelled; returns the chart."""
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION

    data = chart_data(categories[::-1], [(name, values[::-1]) for name, values, _ in series], number_format)
    chart = _add_chart(slide, XL_CHART_TYPE.BAR_CLUSTERED, box, data, lang)
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    plot.gap_width = 60 if len(categories) >= 4 else 220  # one or two bars stay bars, not slabs
    plot.has_data_labels = True
    plot.data_labels.number_format = number_format
    plot.data_labels.number_format_is_linked = False
    for (_, _, color), chart_series in zip(series, plot.series, strict=True):
        _fill(chart_series, color)
    chart.value_axis.has_major_gridlines = False
    chart.value_axis.visible = False
    return chart


def line_chart(slide: Any, box: tuple[float, float, float, float], categories: Sequence[str],
               series: Sequence[tuple[str, Sequence[float], tuple[int, int, int]]], lang: str) -> Any:
    """Lines over time (no markers), legend at the bottom; returns the chart."""
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Pt

    data = chart_data(categories, [(name, values) for name, values, _ in series])
    chart = _add_chart(slide, XL_CHART_TYPE.LINE, box, data, lang)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    for (_, _, color), chart_series in zip(series, chart.plots[0].series, strict=True):
        chart_series.smooth = False
        chart_series.format.line.color.rgb = rgb(color)
        chart_series.format.line.width = Pt(2.25)
    chart.value_axis.major_gridlines.format.line.color.rgb = rgb((0xDD, 0xDD, 0xDD))
    return chart


def _add_chart(slide: Any, kind: Any, box: tuple[float, float, float, float], data: Any, lang: str) -> Any:
    from pptx.util import Inches

    frame = slide.shapes.add_chart(kind, *(Inches(v) for v in box), data)
    chart = frame.chart
    chart.has_title = False  # the slide's header names it (a one-series chart would repeat the series name)
    set_font(chart.font, lang, 12, color=GREY)
    return chart


def _fill(chart_series: Any, color: tuple[int, int, int]) -> None:

    chart_series.format.fill.solid()
    chart_series.format.fill.fore_color.rgb = rgb(color)
    chart_series.invert_if_negative = False
