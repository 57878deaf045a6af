"""PowerPoint deck with python-pptx: the slides a consultant presents, from the same content as the PDF.

Title · key findings (KPI tiles and the summary) · TOP issues · rising issues · trend · score impact ·
one slide per key issue with its quotes · method. Charts are native chart parts, editable in PowerPoint.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from workbench.errors import Phrase
from workbench.progress import CancelToken, Progress, no_progress
from workbench.reports.labels import experience_rows, fmt_int, fmt_kpi, fmt_pct, fmt_period, impact_text, t
from workbench.reports.method_text import model_lines, precision_lines, run_lines
from workbench.reports.model import IssueSection, ReportContent, TopRow
from workbench.reports.pptx_parts import (
    BLUE,
    GREY,
    HEIGHT_IN,
    LIGHT,
    RED,
    WIDTH_IN,
    bar_chart,
    header,
    label,
    line_chart,
    table,
    text_box,
)

QUOTE_CHARS = 180  # a slide is read from across the room; the full text stays in the PDF and Excel


def leaf(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def _title_slide(prs: Any, c: ReportContent) -> None:
    lang = c.spec.lang
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, (0.9, 2.2, 11.5, 1.4), [c.title], lang, 40, BLUE, bold=True)
    facts = [(key, value) for key, value in (("prepared_for", c.spec.client), ("period", fmt_period(c.period, lang)),
                                              ("previous", fmt_period(c.previous, lang) if c.previous else ""),
                                              ("records", fmt_int(c.records)),
                                              ("generated", c.generated_at.strftime("%Y-%m-%d"))) if value]
    if c.summary:  # the finding leads, on the first slide
        text_box(slide, (0.9, 3.5, 11.5, 0.9), [f"{t('lead', lang)}{_colon(lang)}{c.summary[0]}"], lang, 20, RED,
                 bold=True)
    text_box(slide, (0.9, 4.4, 11.5, 2.2), [f"{t(k, lang)}{_colon(lang)}{v}" for k, v in facts], lang, 16)
    text_box(slide, (0.9, 6.7, 6, 0.4), ["Kesheng 客声"], lang, 11, LIGHT)


def _findings_slide(prs: Any, c: ReportContent) -> None:
    lang = c.spec.lang
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    header(slide, label("findings", lang), lang)
    kpis = [k for k in c.kpis if k.value is not None][:4]
    for i, kpi in enumerate(kpis):
        left = 0.6 + i * 3.1
        text_box(slide, (left, 1.6, 2.9, 0.9), [fmt_kpi(kpi)], lang, 32, BLUE, bold=True)
        was = fmt_kpi(type(kpi)(kpi.key, kpi.previous, None, kpi.kind)) if c.previous else ""
        lines = [t(kpi.key, lang)] + ([f"{t('prev', lang)} {was}"] if was else [])
        text_box(slide, (left, 2.45, 2.9, 0.8), lines, lang, 13)
    text_box(slide, (0.6, 3.5, 12.1, 3.7), [f"• {line}" for line in c.summary[:6]], lang, 16)


def _top_slide(prs: Any, c: ReportContent, key: str, rows: list[TopRow]) -> None:
    lang = c.spec.lang
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    header(slide, t(key, lang), lang)
    if not rows:
        text_box(slide, (0.6, 1.8, 12, 1), [label("no_rising", lang)], lang, 18)
        return
    names = [leaf(r.path) for r in rows]
    series = [(label("current", lang), [r.count for r in rows], BLUE if key == "top_frequent" else RED)]
    if c.previous is not None:
        series.append((t("prev", lang), [r.previous for r in rows], LIGHT))
    bar_chart(slide, (0.6, 1.5, 7.6, 5.8), names, series, lang)
    notes = [f"{r.rank}. {r.path}  {fmt_int(r.count)} · {t('negative_share', lang)} {fmt_pct(r.negative_share)}"
             for r in rows[:8]]
    text_box(slide, (8.4, 1.6, 4.4, 5.6), notes, lang, 12)


def _trend_slide(prs: Any, c: ReportContent) -> None:
    lang = c.spec.lang
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    header(slide, t("trend", lang), lang)
    days = [p.day.strftime("%m-%d") for p in c.trend]
    line_chart(slide, (0.6, 1.5, 12.1, 5.7), days, [(t("total", lang), [p.total for p in c.trend], BLUE),
                                                    (t("negative", lang), [p.negative for p in c.trend], RED)], lang)


def _impact_slide(prs: Any, c: ReportContent) -> None:
    lang = c.spec.lang
    rows = [d for d in c.drivers if d.impact > 0][:8]
    if not rows:
        return
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    header(slide, label("impact_title", lang), lang)
    bar_chart(slide, (0.6, 1.5, 7.6, 5.8), [leaf(d.path) for d in rows],
              [(label("impact_axis", lang), [round(d.impact, 3) for d in rows], BLUE)], lang, "+0.00;-0.00")
    sep = _colon(lang)
    notes = [f"{leaf(d.path)}{sep}{impact_text(d.impact, d.impact_low, d.impact_high)} · {t('with', lang)} "
             f"{d.mean_with:.2f} · {t('without', lang)} {d.mean_without:.2f}" for d in rows]
    text_box(slide, (8.4, 1.6, 4.4, 0.5), [t("impact_ci", lang)], lang, 13, BLUE, bold=True)
    text_box(slide, (8.4, 2.1, 4.4, 5.1), notes, lang, 12)


def _experience_slide(prs: Any, c: ReportContent) -> None:
    lang = c.spec.lang
    if not c.experience:
        return
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    header(slide, label("experience_title", lang), lang)
    rows = experience_rows(c)[:9]  # all records and the first eight issues fit the slide
    rows = [[leaf(r[0]) if i else r[0], *r[1:]] for i, r in enumerate(rows)]
    table(slide, (0.6, 1.6, 12.1, 0.4 * len(rows)), rows, lang, (4.9, 1.5, 1.8, 2.1, 1.8), 14)
    text_box(slide, (0.6, 6.4, 12.1, 0.8), [t("experience_note", lang)], lang, 11)


def _issue_slide(prs: Any, c: ReportContent, issue: IssueSection, i: int) -> None:
    lang = c.spec.lang
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    header(slide, issue.path, lang, label("issue_of", lang, i=i, n=len(c.issues)))
    text_box(slide, (0.6, 1.5, 12.1, 1.5), [issue.narrative], lang, 16)
    quotes = []
    for q in issue.quotes:
        text = q.text if len(q.text) <= QUOTE_CHARS else q.text[:QUOTE_CHARS] + "…"
        quotes.append(f"“{text}”  — #{q.record_id} · {q.channel}")
    if quotes:
        text_box(slide, (0.6, 3.0, 12.1, 0.5), [t("quotes", lang)], lang, 14, BLUE, bold=True)
        text_box(slide, (0.9, 3.5, 11.8, 3.8), quotes, lang, 15, GREY)


def _method_slide(prs: Any, c: ReportContent) -> None:
    lang, m = c.spec.lang, c.method
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    header(slide, t("method", lang), lang)
    sep = _colon(lang)
    imported = sum(s.imported for s in m.sources)
    lines = [f"{t('sources', lang)}{sep}{len(m.sources)} · {t('imported', lang)} {fmt_int(imported)}",
             f"{t('taxonomy', lang)}{sep}{t('version', lang)} {m.taxonomy_version} · "
             f"{t('nodes', lang)} {m.taxonomy_nodes}",
             *(f"{t('models', lang)}{sep}{line}" for line in model_lines(m, lang)),
             *(f"{t('stages', lang)}{sep}{line}" for line in run_lines(m, lang))]  # the same lines as the PDF
    if m.label_quality:
        lines.append(f"{t('quality', lang)}{sep}" + " · ".join(f"{k} {v:.3f}" for k, v in m.label_quality.items()))
    text_box(slide, (0.6, 1.5, 12.1, 2.2), lines, lang, 15)
    accuracy = precision_lines(m, lang)[:4]  # the warning and the first nodes; the other formats list them all
    text_box(slide, (0.6, 3.7, 12.1, 3.5), [f"• {line}" for line in accuracy + m.cleaning + m.caveats], lang, 11)


def build_deck(content: ReportContent, progress: Progress = no_progress, cancel: CancelToken | None = None) -> Any:
    """The deck as a python-pptx ``Presentation`` (not saved)."""
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(WIDTH_IN), Inches(HEIGHT_IN)
    prs.core_properties.title = content.title
    prs.core_properties.author = "Kesheng"
    prs.core_properties.language = "zh-CN" if content.spec.lang == "zh" else "en-US"
    steps: list[Callable[[], None]] = [lambda: _title_slide(prs, content), lambda: _findings_slide(prs, content),
             lambda: _top_slide(prs, content, "top_frequent", content.top_frequent),
             lambda: _top_slide(prs, content, "top_rising", content.top_rising)]
    if content.trend:
        steps.append(lambda: _trend_slide(prs, content))
    steps.append(lambda: _impact_slide(prs, content))
    steps.append(lambda: _experience_slide(prs, content))
    for i, issue in enumerate(content.issues, 1):
        steps.append(partial(_issue_slide, prs, content, issue, i))
    steps.append(lambda: _method_slide(prs, content))
    for i, step in enumerate(steps):
        if cancel:
            cancel.check()
        progress(i / len(steps), Phrase("progress.report.writing", fmt="PowerPoint"))
        step()
    return prs


def write_pptx(content: ReportContent, path: Path, progress: Progress = no_progress,
               cancel: CancelToken | None = None) -> None:
    """Write the deck to ``path`` (``build.write_report`` publishes it atomically)."""
    build_deck(content, progress, cancel).save(str(path))
