"""The PowerPoint deck read back with python-pptx: native charts whose numbers are the report model's, one slide
per key issue with its quotes, CJK runs that name an East Asian font, and (with LibreOffice) a clean conversion."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from workbench.cli import main
from workbench.project import Project
from workbench.reports.build import write_report
from workbench.reports.model import ReportContent, ReportSpec
from workbench.reports.pptx_parts import EA_FONT

JUNE = ReportSpec(date_from=date(2026, 6, 1), date_to=date(2026, 6, 30))


def _deck(project_path: str, out: Path, spec: ReportSpec = JUNE) -> tuple[Any, ReportContent]:
    from pptx import Presentation

    with Project.open(project_path) as project:
        result = write_report(project, spec, "pptx", out)
    return Presentation(str(result.path)), result.content


def _texts(slide: Any) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def _charts(deck: Any) -> list[tuple[str, Any]]:
    return [(_texts(slide).split("\n")[0], shape.chart) for slide in deck.slides for shape in slide.shapes
            if shape.has_chart]


def test_charts_are_native_and_carry_the_models_numbers(tagged_project: str, tmp_path: Path) -> None:
    deck, content = _deck(tagged_project, tmp_path / "d.pptx")
    charts = dict(_charts(deck))
    top = charts["高频问题 TOP"]
    series = list(top.plots[0].series)
    # bars are drawn bottom-up: the first rank is the last point
    assert list(series[0].values)[::-1] == [r.count for r in content.top_frequent]
    assert list(series[1].values)[::-1] == [r.previous for r in content.top_frequent]
    assert list(top.plots[0].categories)[::-1] == [r.path.rsplit("/", 1)[-1] for r in content.top_frequent]
    trend = charts["趋势"]
    total, negative = trend.plots[0].series
    assert list(total.values) == [p.total for p in content.trend]
    assert sum(total.values) == content.records
    assert list(negative.values) == [p.negative for p in content.trend]
    if content.top_rising:
        rising = list(charts["上升最快的问题"].plots[0].series[0].values)[::-1]
        assert rising == [r.count for r in content.top_rising]


def test_one_slide_per_issue_with_its_quotes_and_the_method(tagged_project: str, tmp_path: Path) -> None:
    deck, content = _deck(tagged_project, tmp_path / "d.pptx")
    slides = [_texts(s) for s in deck.slides]
    assert content.title in slides[0] and "2026-06-01 – 2026-06-30" in slides[0]
    assert "关键发现" in slides[1] and f"{content.records:,}" in slides[1]
    assert content.issues
    for i, issue in enumerate(content.issues, 1):
        [slide] = [s for s in slides if f"重点问题 {i}/{len(content.issues)}" in s]
        assert issue.path in slide and issue.narrative in slide
        for quote in issue.quotes:
            assert quote.text[:100] in slide and f"#{quote.record_id}" in slide
    assert "方法说明" in slides[-1]
    assert f"{content.method.taxonomy_nodes}" in slides[-1]


def test_text_names_an_east_asian_font_and_english_has_no_chinese_labels(tagged_project: str,
                                                                         tmp_path: Path) -> None:
    from pptx.oxml.ns import qn

    deck, _ = _deck(tagged_project, tmp_path / "zh.pptx")
    runs = [r for s in deck.slides for sh in s.shapes if sh.has_text_frame
            for p in sh.text_frame.paragraphs for r in p.runs]
    assert runs and all(r.font._rPr.find(qn("a:ea")).get("typeface") == EA_FONT for r in runs)
    for _, chart in _charts(deck):
        assert chart.font._rPr.find(qn("a:ea")).get("typeface") == EA_FONT
    en, _ = _deck(tagged_project, tmp_path / "en.pptx", ReportSpec(date_from=date(2026, 6, 1),
                                                                     date_to=date(2026, 6, 30), lang="en"))
    titles = [_texts(s).split("\n")[0] for s in list(en.slides)[1:5]]
    assert titles[:2] == ["Key findings", "Most frequent issues"]
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in title) for title in titles)


def test_cli_writes_the_deck(tagged_project: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "deck.pptx"
    assert main(["report", tagged_project, "--format", "pptx", "--out", str(out), "--lang", "en"]) == 0
    assert out.stat().st_size > 20_000 and "wrote" in capsys.readouterr().out
    assert main(["report", tagged_project, "--format", "pptx", "--out", str(tmp_path / "deck.pdf")]) == 1


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_deck(tagged_project: str, tmp_path: Path) -> None:
    _deck(tagged_project, tmp_path / "d.pptx")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "d.pptx")], check=True, timeout=180, capture_output=True)
    assert (tmp_path / "d.pdf").stat().st_size > 10_000
