"""PDF report with reportlab: cover, table of contents, page header/footer with numbers, CJK font embedded.

The CJK font comes from resources/fonts (fetched at set-up) and is embedded as a subset; charts are
200-dpi images. reportlab is used rather than Qt so that the core stays Qt-free and headless.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workbench.errors import KeshengError, Phrase
from workbench.paths import font_files
from workbench.progress import CancelToken, Progress, no_progress
from workbench.reports import charts
from workbench.reports.labels import (
    experience_rows,
    fmt_delta,
    fmt_float,
    fmt_int,
    fmt_kpi,
    fmt_pct,
    fmt_period,
    impact_text,
    t,
)
from workbench.reports.method_text import model_lines, precision_lines, run_lines
from workbench.reports.model import ReportContent, TopRow, depth

FONT = "KeshengCJK"
BLUE = "#1F4E79"


def _register_font() -> str:
    """Register the CJK TrueType font once; returns its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    files = font_files()
    if not files:
        raise KeshengError.of("errors.report.font")
    pdfmetrics.registerFont(TTFont(FONT, str(files[0]), subfontIndex=0))
    return FONT


def _styles(lang: str) -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=14, wordWrap="CJK")
    return {
        "base": base,
        # English column heads wrap between words ("Rank statistic", not "Rank stat / istic")
        "head": ParagraphStyle("head", parent=base, wordWrap="CJK" if lang == "zh" else None),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11, textColor="#555555"),
        "quote": ParagraphStyle("quote", parent=base, leftIndent=12, textColor="#333333", backColor="#F3F6FA",
                                borderPadding=(4, 6, 4, 6), spaceBefore=3, spaceAfter=5),
        "h1": ParagraphStyle("h1", parent=base, fontSize=16, leading=22, textColor=BLUE, spaceBefore=8, spaceAfter=8,
                             keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12, leading=17, textColor=BLUE, spaceBefore=8, spaceAfter=4,
                             keepWithNext=1),
        "title": ParagraphStyle("title", parent=base, fontSize=26, leading=34, textColor=BLUE, spaceAfter=18),
        "toc1": ParagraphStyle("toc1", parent=base, fontSize=11, leading=18),
        "tree1": ParagraphStyle("tree1", parent=base, fontSize=9, leading=12, textColor=BLUE),
        "tree2": ParagraphStyle("tree2", parent=base, fontSize=8, leading=11, leftIndent=14, textColor="#333333"),
        "tree3": ParagraphStyle("tree3", parent=base, fontSize=8, leading=11, leftIndent=28, textColor="#555555"),
    }


def _p(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(html.escape(text), style)


def _delta(count: int, previous: int, c: ReportContent) -> str:
    return fmt_delta(count, previous, c.previous is not None, c.spec.lang)


def _table(rows: Sequence[Sequence[Any]], widths: Sequence[float], st: dict[str, Any],
           extra: Sequence[tuple[Any, ...]] = ()) -> Any:
    """A table of paragraphs; a cell that is already a flowable (an indented tree label) is kept as it is."""
    from reportlab.lib import colors
    from reportlab.platypus import Flowable, Table, TableStyle

    data = [[v if isinstance(v, Flowable) else _p(str(v), st["small"] if i else st["head"]) for v in row]
            for i, row in enumerate(rows)]
    table = Table(data, colWidths=list(widths), repeatRows=1)
    table.setStyle(TableStyle([*extra, ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DCE6F1")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor(BLUE)),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F7F9FC")]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _tree_table(c: ReportContent, st: dict[str, Any], width: float) -> Any:
    """The issue tree, each level indented under its parent; first-level rows are set in bold blue with a
    rule above them so the groups read at a glance."""
    from reportlab.lib import colors

    lang = c.spec.lang
    head = [t(k, lang) for k in ("issue", "count", "share", "negative_share", "delta")]
    rows: list[list[Any]] = [head]
    extra: list[tuple[Any, ...]] = []
    for r in (r for r in c.tree if r.level <= depth(c.spec)[1]):
        if r.level == 1 and len(rows) > 1:
            extra.append(("LINEABOVE", (0, len(rows)), (-1, len(rows)), 0.5, colors.HexColor("#9FB6CD")))
        rows.append([_p(r.path.rsplit("/", 1)[-1], st[f"tree{min(r.level, 3)}"]), fmt_int(r.count),
                     fmt_pct(r.share), fmt_pct(r.negative_share), _delta(r.count, r.previous, c)])
    return _table(rows, [width * x for x in (0.46, 0.12, 0.12, 0.14, 0.16)], st, extra)


def _image(png: bytes, width: float) -> Any:
    import io

    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    iw, ih = ImageReader(io.BytesIO(png)).getSize()
    return Image(io.BytesIO(png), width=width, height=width * ih / iw)


def _top_rows(rows: list[TopRow], lang: str, c: ReportContent) -> list[list[str]]:
    head = [t(k, lang) for k in ("rank", "issue", "count", "delta", "share", "negative_share", "score")]
    return [head] + [[str(r.rank), r.path, fmt_int(r.count), _delta(r.count, r.previous, c), fmt_pct(r.share),
                      fmt_pct(r.negative_share), f"{r.score:.2f}"] for r in rows]


def _story(c: ReportContent, st: dict[str, Any], width: float) -> list[Any]:
    from reportlab.platypus import KeepTogether, PageBreak, Spacer, TableStyle
    from reportlab.platypus.tableofcontents import TableOfContents

    lang = c.spec.lang
    h1 = st["h1"]
    story: list[Any] = [Spacer(1, 120), _p(c.title, st["title"])]
    if c.summary:  # the finding leads, on the first page (a reader who stops at the cover still has it)
        story += [_p(f"{t('lead', lang)}：{c.summary[0]}" if lang == "zh" else f"{t('lead', lang)}: {c.summary[0]}",
                     st["h2"]), Spacer(1, 12)]
    for key, value in (("prepared_for", c.spec.client or "—"), ("period", fmt_period(c.period, lang)),
                       ("previous", fmt_period(c.previous, lang)), ("records", fmt_int(c.records)),
                       ("generated", c.generated_at.strftime("%Y-%m-%d %H:%M"))):
        story.append(_p(f"{t(key, lang)}：{value}" if lang == "zh" else f"{t(key, lang)}: {value}", st["base"]))
    toc = TableOfContents(tableStyle=TableStyle([  # FONT: the table's own default is un-embedded Helvetica
        ("FONT", (0, 0), (-1, -1), FONT, 11), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    toc.levelStyles = [st["toc1"]]
    story += [PageBreak(), _p(t("contents", lang), st["h2"]), toc, PageBreak()]
    story.append(_p(t("summary", lang), h1))
    story += [_p(line, st["base"]) for line in c.summary]
    story.append(_p(t("kpis", lang), st["h2"]))
    story.append(_table([[t("kpis", lang), t("period", lang), t("prev", lang)]] +
                        [[t(k.key, lang), fmt_kpi(k), fmt_kpi(type(k)(k.key, k.previous, None, k.kind))]
                         for k in c.kpis], [width * 0.5, width * 0.25, width * 0.25], st))
    if c.trend:
        story.append(KeepTogether([_p(t("trend", lang), h1), _image(charts.trend_png(c.trend, lang), width)]))
    for key, rows in (("top_frequent", c.top_frequent), ("top_rising", c.top_rising)):
        if rows and key == "top_frequent":
            story.append(KeepTogether([_p(t(key, lang), h1), _image(charts.top_png(rows, lang), width * 0.9)]))
        else:
            story.append(_p(t(key, lang), h1))
        w = [0.06, 0.4, 0.1, 0.14, 0.1, 0.1, 0.1]
        story.append(_table(_top_rows(rows, lang, c), [width * x for x in w], st) if rows
                     else _p(t("none", lang), st["base"]))
    story.append(_p(t("tree", lang), h1))
    story.append(_tree_table(c, st, width))
    if c.breakdown:
        story.append(_p(t(c.breakdown_key, lang), h1))
        head = [t(k, lang) for k in (c.breakdown_key, "records", "negative_share", "top_issue", "count")]
        story.append(_table([head] + [[b.label, fmt_int(b.records), fmt_pct(b.negative_share), b.top_issue,
                                       fmt_int(b.top_count)] for b in c.breakdown],
                            [width * x for x in (0.18, 0.14, 0.14, 0.4, 0.14)], st))
    story += _issues(c, st, width)
    story += _more(c, st, width)
    return story


def _issues(c: ReportContent, st: dict[str, Any], width: float) -> list[Any]:
    lang = c.spec.lang
    out: list[Any] = [_p(t("issues", lang), st["h1"])]
    from reportlab.platypus import KeepTogether

    for issue in c.issues:
        out.append(KeepTogether([_p(issue.path, st["h2"]), _p(issue.narrative, st["base"])]))
        for q in issue.quotes:
            out.append(_p(f"“{q.text}”  — #{q.record_id} · {q.channel}", st["quote"]))
    return out


def _more(c: ReportContent, st: dict[str, Any], width: float) -> list[Any]:
    lang = c.spec.lang
    out: list[Any] = []
    if c.drivers:
        out.append(_p(t("drivers", lang), st["h1"]))
        head = [t(k, lang) for k in ("issue", "count", "with", "without", "effect", "impact_ci")]
        out.append(_table([head] + [[d.path, fmt_int(d.n_with), fmt_float(d.mean_with), fmt_float(d.mean_without),
                                     f"{d.effect:+.2f}", impact_text(d.impact, d.impact_low, d.impact_high)]
                                    for d in c.drivers],
                          [width * x for x in (0.32, 0.09, 0.11, 0.11, 0.11, 0.26)], st))
    if c.experience:
        out.append(_p(t("experience", lang), st["h1"]))
        out.append(_p(t("experience_note", lang), st["base"]))
        out.append(_table(experience_rows(c), [width * x for x in (0.42, 0.12, 0.14, 0.18, 0.14)], st))
    if c.alerts:
        out.append(_p(t("alerts", lang), st["h1"]))
        out.append(_table([[t(k, lang) for k in ("rule", "fired_at", "count", "delivered")]] +
                          [[a.rule, a.fired_at.strftime("%Y-%m-%d %H:%M"), fmt_int(a.records), a.delivered or "—"]
                           for a in c.alerts], [width * x for x in (0.4, 0.25, 0.15, 0.2)], st))
    if c.service:
        out.append(_p(t("service", lang), st["h1"]))
        out.append(_p(c.service_diagnosis, st["base"]))
        head = [t(k, lang) for k in ("agent", "conversations", "first_response", "sop", "resolved", "flags")]
        out.append(_table([head] + [[r.key, fmt_int(r.conversations), fmt_float(r.first_response_s, 0),
                                     fmt_pct(r.sop_compliance), fmt_pct(r.resolved_share), ", ".join(r.flags)]
                                    for r in c.service], [width * x for x in (0.12, 0.12, 0.14, 0.12, 0.12, 0.38)], st))
    out += _appendix(c, st, width)
    return out


def _appendix(c: ReportContent, st: dict[str, Any], width: float) -> list[Any]:
    lang, m = c.spec.lang, c.method
    out: list[Any] = [_p(t("method", lang), st["h1"]), _p(t("sources", lang), st["h2"])]
    head = [t(k, lang) for k in ("file", "sheet", "read", "imported", "duplicates", "masked", "rejected")]
    out.append(_table([head] + [[Path(s.path).name, s.sheet or "", fmt_int(s.read), fmt_int(s.imported),
                                 fmt_int(s.duplicates), fmt_int(s.masked), fmt_int(s.rejected)] for s in m.sources],
                      [width * x for x in (0.3, 0.14, 0.11, 0.11, 0.11, 0.11, 0.12)], st))
    out.append(_p(t("cleaning", lang), st["h2"]))
    out += [_p(f"• {line}", st["base"]) for line in m.cleaning]
    out.append(_p(t("taxonomy", lang), st["h2"]))
    out.append(_p(f"{t('version', lang)} {m.taxonomy_version} · {t('nodes', lang)} {m.taxonomy_nodes}", st["base"]))
    out.append(_p(t("models", lang), st["h2"]))
    out += [_p(line, st["base"]) for line in model_lines(m, lang)]
    out.append(_p(t("stages", lang), st["h2"]))
    out += [_p(f"• {line}", st["base"]) for line in run_lines(m, lang)]
    out.append(_p(t("accuracy", lang), st["h2"]))
    out += [_p(f"• {line}", st["base"]) for line in precision_lines(m, lang)]
    if m.label_quality:
        out.append(_p(t("quality", lang), st["h2"]))
        out += [_p(f"{k}: {v:.3f}", st["base"]) for k, v in m.label_quality.items()]
    out.append(_p(t("caveats", lang), st["h2"]))
    out += [_p(f"• {line}", st["base"]) for line in m.caveats]
    return out


def write_pdf(content: ReportContent, path: Path, progress: Progress = no_progress,
              cancel: CancelToken | None = None) -> None:
    """Write the PDF report to ``path`` (two passes: the second fills in the table of contents)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    _register_font()
    st = _styles(content.spec.lang)
    lang = content.spec.lang
    header = f"{content.title} · {fmt_period(content.period, lang)}"

    class Doc(SimpleDocTemplate):  # type: ignore[misc]
        def afterFlowable(self, flowable: Any) -> None:
            if getattr(flowable, "style", None) is st["h1"]:
                self.notify("TOCEntry", (0, flowable.getPlainText(), self.page))

    def decorate(canvas: Any, doc: Any) -> None:
        if doc.page == 1:
            return
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor("#777777")
        canvas.drawString(18 * mm, A4[1] - 12 * mm, header)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, t("page", lang, n=doc.page))
        canvas.drawString(18 * mm, 10 * mm, "Kesheng 客声")
        canvas.restoreState()

    doc = Doc(str(path), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
              bottomMargin=16 * mm, initialFontName=FONT, initialFontSize=9.5, title=content.title,
              author="Kesheng", subject=content.project)
    if cancel:
        cancel.check()
    progress(0.3, Phrase("progress.report.writing", fmt="PDF"))
    doc.multiBuild(_story(content, st, doc.width), onFirstPage=decorate, onLaterPages=decorate)
