"""Word report with python-docx: real headings (navigable, a TOC field), tables and chart images,
all editable by the consultant afterwards."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workbench.errors import Phrase
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
from workbench.reports.model import Kpi, ReportContent, depth

EAST_ASIA_FONT = "Microsoft YaHei"


def _set_fonts(doc: Any) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for name in ("Normal", "Heading 1", "Heading 2", "Title"):
        style = doc.styles[name]
        style.font.name = "Calibri"
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), EAST_ASIA_FONT)
    doc.styles["Normal"].font.size = Pt(10)


def _delta(count: int, previous: int, c: ReportContent) -> str:
    return fmt_delta(count, previous, c.previous is not None, c.spec.lang)


def _table(doc: Any, rows: Sequence[Sequence[str]]) -> None:
    table = doc.add_table(rows=0, cols=len(rows[0]))
    table.style = "Light Grid Accent 1"
    for i, row in enumerate(rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)
            if i == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def _toc(doc: Any) -> Any:
    """A placeholder paragraph where :func:`_fill_toc` writes the table of contents once the headings exist."""
    return doc.add_paragraph()


def _field_char(kind: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    return el


def _bookmark(paragraph: Any, name: str, number: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _fill_toc(doc: Any, placeholder: Any) -> int:
    """Write the table of contents as real entries, one per Heading 1/2 after ``placeholder``, each a link
    to a bookmark on its heading, so Word and LibreOffice show them on open without updating fields. The
    entries are the cached result of a TOC field, so "Update field" still refreshes them (and adds page
    numbers). Returns the number of entries."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    body = list(doc.paragraphs)
    after = next(i for i, p in enumerate(body) if p._p is placeholder._p) + 1
    headings = [(p, int(p.style.name[-1])) for p in body[after:]
                if p.style.name in ("Heading 1", "Heading 2") and p.text.strip()]
    entries = []
    for i, (heading, level) in enumerate(headings):
        name = f"_Toc{i + 1:06d}"
        _bookmark(heading, name, i + 1)
        entry = placeholder.insert_paragraph_before()
        entry.paragraph_format.left_indent = Cm(0.8 * (level - 1))
        entry.paragraph_format.space_after = 0
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), name)
        link.set(qn("w:history"), "1")
        run = entry.add_run(heading.text)
        run.bold = level == 1
        link.append(run._r)
        entry._p.append(link)
        entries.append(entry)
    if entries:
        first, last = entries[0]._p, entries[-1]._p
        begin = OxmlElement("w:r")
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = 'TOC \\o "1-2" \\h \\z \\u'
        for el in (_field_char("begin"), instr, _field_char("separate")):
            begin.append(el)
        first.insert(1 if first.pPr is not None else 0, begin)
        end = OxmlElement("w:r")
        end.append(_field_char("end"))
        last.append(end)
    placeholder._p.getparent().remove(placeholder._p)
    return len(entries)


def _picture(doc: Any, png: bytes, width_cm: float = 16.0) -> None:
    from docx.shared import Cm

    doc.add_picture(io.BytesIO(png), width=Cm(width_cm))


def _cover(doc: Any, c: ReportContent) -> Any:
    lang = c.spec.lang
    doc.add_paragraph(c.title, style="Title")
    if c.summary:  # the finding leads, on the first page
        lead = doc.add_paragraph()
        lead.add_run(f"{t('lead', lang)}：" if lang == "zh" else f"{t('lead', lang)}: ").bold = True
        lead.add_run(c.summary[0]).bold = True
    for key, value in (("prepared_for", c.spec.client or "—"), ("period", fmt_period(c.period, lang)),
                       ("previous", fmt_period(c.previous, lang)), ("records", fmt_int(c.records)),
                       ("generated", c.generated_at.strftime("%Y-%m-%d %H:%M"))):
        doc.add_paragraph(f"{t(key, lang)}{'：' if lang == 'zh' else ': '}{value}")
    doc.add_heading(t("contents", lang), level=2)
    toc = _toc(doc)
    doc.add_page_break()
    return toc


def _body(doc: Any, c: ReportContent) -> None:
    lang = c.spec.lang
    doc.add_heading(t("summary", lang), level=1)
    for line in c.summary:
        doc.add_paragraph(line)
    _table(doc, [[t("kpis", lang), t("period", lang), t("prev", lang)]] +
           [[t(k.key, lang), fmt_kpi(k), fmt_kpi(Kpi(k.key, k.previous, None, k.kind))] for k in c.kpis])
    if c.trend:
        doc.add_heading(t("trend", lang), level=1)
        _picture(doc, charts.trend_png(c.trend, lang))
    for key, rows in (("top_frequent", c.top_frequent), ("top_rising", c.top_rising)):
        doc.add_heading(t(key, lang), level=1)
        if rows and key == "top_frequent":
            _picture(doc, charts.top_png(rows, lang), 15)
        head = [t(k, lang) for k in ("rank", "issue", "count", "delta", "share", "negative_share")]
        _table(doc, [head] + [[str(r.rank), r.path, fmt_int(r.count), _delta(r.count, r.previous, c), fmt_pct(r.share),
                               fmt_pct(r.negative_share)] for r in rows] if rows else [[t("none", lang)]])
    doc.add_heading(t("tree", lang), level=1)
    head = [t(k, lang) for k in ("issue", "count", "share", "negative_share", "delta")]
    shown = [r for r in c.tree if r.level <= depth(c.spec)[1]]
    _table(doc, [head] + [["　" * (r.level - 1) + r.path.rsplit("/", 1)[-1], fmt_int(r.count), fmt_pct(r.share),
                           fmt_pct(r.negative_share), _delta(r.count, r.previous, c)] for r in shown])
    if c.breakdown:
        doc.add_heading(t(c.breakdown_key, lang), level=1)
        head = [t(k, lang) for k in (c.breakdown_key, "records", "negative_share", "top_issue", "count")]
        _table(doc, [head] + [[b.label, fmt_int(b.records), fmt_pct(b.negative_share), b.top_issue,
                               fmt_int(b.top_count)] for b in c.breakdown])
    doc.add_heading(t("issues", lang), level=1)
    for issue in c.issues:
        doc.add_heading(issue.path, level=2)
        doc.add_paragraph(issue.narrative)
        for q in issue.quotes:
            doc.add_paragraph(f"“{q.text}” — #{q.record_id} · {q.channel}", style="Intense Quote")


def _rest(doc: Any, c: ReportContent) -> None:
    lang, m = c.spec.lang, c.method
    if c.drivers:
        doc.add_heading(t("drivers", lang), level=1)
        head = [t(k, lang) for k in ("issue", "count", "with", "without", "effect", "impact_ci")]
        _table(doc, [head] + [[d.path, fmt_int(d.n_with), fmt_float(d.mean_with), fmt_float(d.mean_without),
                               f"{d.effect:+.2f}", impact_text(d.impact, d.impact_low, d.impact_high)]
                              for d in c.drivers])
    if c.experience:
        doc.add_heading(t("experience", lang), level=1)
        doc.add_paragraph(t("experience_note", lang))
        _table(doc, experience_rows(c))
    if c.alerts:
        doc.add_heading(t("alerts", lang), level=1)
        _table(doc, [[t(k, lang) for k in ("rule", "fired_at", "count", "delivered")]] +
               [[a.rule, a.fired_at.strftime("%Y-%m-%d %H:%M"), fmt_int(a.records), a.delivered or "—"]
                for a in c.alerts])
    if c.service:
        doc.add_heading(t("service", lang), level=1)
        doc.add_paragraph(c.service_diagnosis)
        head = [t(k, lang) for k in ("agent", "conversations", "first_response", "sop", "resolved", "flags")]
        _table(doc, [head] + [[r.key, fmt_int(r.conversations), fmt_float(r.first_response_s, 0),
                               fmt_pct(r.sop_compliance), fmt_pct(r.resolved_share), ", ".join(r.flags)]
                              for r in c.service])
    doc.add_heading(t("method", lang), level=1)
    doc.add_heading(t("sources", lang), level=2)
    head = [t(k, lang) for k in ("file", "sheet", "read", "imported", "duplicates", "masked", "rejected")]
    _table(doc, [head] + [[Path(s.path).name, s.sheet or "", fmt_int(s.read), fmt_int(s.imported),
                           fmt_int(s.duplicates), fmt_int(s.masked), fmt_int(s.rejected)] for s in m.sources])
    for key, lines in (("cleaning", m.cleaning), ("caveats", m.caveats)):
        doc.add_heading(t(key, lang), level=2)
        for line in lines:
            doc.add_paragraph(line, style="List Bullet")
    doc.add_heading(t("taxonomy", lang), level=2)
    doc.add_paragraph(f"{t('version', lang)} {m.taxonomy_version} · {t('nodes', lang)} {m.taxonomy_nodes}")
    doc.add_heading(t("models", lang), level=2)
    for line in model_lines(m, lang):
        doc.add_paragraph(line)
    doc.add_heading(t("stages", lang), level=2)
    for line in run_lines(m, lang):
        doc.add_paragraph(line, style="List Bullet")
    doc.add_heading(t("accuracy", lang), level=2)
    for line in precision_lines(m, lang):
        doc.add_paragraph(line, style="List Bullet")


def write_docx(content: ReportContent, path: Path, progress: Progress = no_progress,
               cancel: CancelToken | None = None) -> None:
    """Write the Word report to ``path``."""
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2)
        section.header.paragraphs[0].text = f"{content.title} · {fmt_period(content.period, content.spec.lang)}"
    _set_fonts(doc)
    doc.core_properties.title, doc.core_properties.author = content.title, "Kesheng"
    toc = _cover(doc, content)
    if cancel:
        cancel.check()
    progress(0.4, Phrase("progress.report.writing", fmt="Word"))
    _body(doc, content)
    _rest(doc, content)
    _fill_toc(doc, toc)
    doc.save(str(path))
