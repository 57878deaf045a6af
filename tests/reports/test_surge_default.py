"""The default report and `top --by rising` lead with a planted surge (issue 23): the latest complete month
against the month before, and a partial month against the same days before it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.reports.surge import SURGE_NODE, build
from workbench.cli import main
from workbench.project import Project
from workbench.reports.gather import gather
from workbench.reports.model import ReportSpec


@pytest.fixture(scope="module")
def complete(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build(tmp_path_factory.mktemp("surge"), date(2024, 3, 31))


@pytest.fixture(scope="module")
def partial(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build(tmp_path_factory.mktemp("surge_partial"), date(2024, 3, 17))


def _rising(project: str, capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    capsys.readouterr()
    assert main(["top", project, "--by", "rising", "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_top_rising_names_the_surge(complete: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = _rising(complete, capsys)
    assert out["period"] == {"from": "2024-03-01", "to": "2024-03-31"}
    assert out["previous_period"] == {"from": "2024-02-01", "to": "2024-02-29"}
    assert (out["grain"], out["partial"]) == ("month", False)
    first = out["items"][0]
    assert first["node"].endswith(SURGE_NODE)
    assert first["count"] > 2 * first["previous"]


def test_default_report_leads_with_the_surge(complete: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                             ) -> None:
    with Project.open(complete, create=False) as project:
        content = gather(project, ReportSpec())
    assert content.period == (date(2024, 3, 1), date(2024, 3, 31))
    assert content.previous == (date(2024, 2, 1), date(2024, 2, 29))
    assert SURGE_NODE in content.summary[0] and "上升最快" in content.summary[0]
    assert "完整" in content.summary[1]  # says which period it chose
    assert content.issues and all("首个分析周期" not in i.narrative for i in content.issues)
    out = tmp_path / "r.docx"
    assert main(["report", complete, "--format", "docx", "--out", str(out), "--title", "充电器专项"]) == 0
    assert "complete month" in capsys.readouterr().out
    from docx import Document

    doc = Document(str(out))
    assert doc.core_properties.title == "充电器专项"
    assert any(p.text == "充电器专项" for p in doc.paragraphs[:5])


def test_partial_month_is_compared_with_the_same_days(partial: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = _rising(partial, capsys)
    assert out["partial"] is True
    assert out["period"] == {"from": "2024-03-01", "to": "2024-03-17"}
    assert out["previous_period"] == {"from": "2024-02-13", "to": "2024-02-29"}
    assert out["items"][0]["node"].endswith(SURGE_NODE)
    assert main(["top", partial, "--by", "rising"]) == 0
    assert "same 17 days before" in capsys.readouterr().out
    with Project.open(partial, create=False) as project:
        content = gather(project, ReportSpec(lang="en"))
    assert SURGE_NODE in content.summary[0] or "Overheating" in content.summary[0]
    assert "incomplete" in content.summary[1] and "17 days" in content.summary[1]
