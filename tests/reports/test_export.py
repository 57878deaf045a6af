"""`export`: every selected record once, with tags, provenance and neutralised formula text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.reports.conftest import HOSTILE
from workbench.cli import main
from workbench.errors import UsageError
from workbench.exporting import COLUMNS
from workbench.filters import parse_filters


def records_in(target: str) -> int:
    from workbench.project import Project

    with Project.open(target) as project:
        return project.stats().records


def test_csv_export_round_trip(tagged_project: str, tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    assert main(["export", tagged_project, "--out", str(out)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == COLUMNS
    n = records_in(tagged_project)
    assert len(rows) == n and len({r["record_id"] for r in rows}) == n
    hostile = [r for r in rows if "HYPERLINK" in r["text"]]
    assert hostile and hostile[0]["text"] == "'" + HOSTILE
    tagged = [r for r in rows if r["tags"]]
    assert tagged and all(r["primary_tag"] == r["tags"].split("|")[0] for r in tagged)
    assert all(len(r["tags"].split("|")) == len(r["evidence"].split("|")) for r in tagged)
    assert all(r["source"].startswith("feedback.csv:") for r in rows)


def test_xlsx_export_with_filters(tagged_project: str, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "june.xlsx"
    assert main(["export", tagged_project, "--out", str(out), "--filter", "from=2026-06-01",
                 "--filter", "to=2026-06-30"]) == 0
    ws = openpyxl.load_workbook(out)["records"]
    dates = [row[3].value for row in ws.iter_rows(min_row=2)]
    assert dates and all("2026-06-01" <= d[:10] <= "2026-06-30" for d in dates)
    cells = [row[4] for row in ws.iter_rows(min_row=2) if row[4].value == HOSTILE]
    assert cells and cells[0].data_type == "s"


def test_filter_errors() -> None:
    with pytest.raises(UsageError, match="KEY=VALUE"):
        parse_filters(["channel"])
    with pytest.raises(UsageError, match="sentiment must be"):
        parse_filters(["sentiment=angry"])
    with pytest.raises(UsageError, match="no taxonomy node"):
        parse_filters(["node=不存在"], {})
    with pytest.raises(UsageError, match="date"):
        parse_filters(["from=yesterday"])
    flt = parse_filters(["channel=chat", "channel=review", "q='; DROP TABLE records; --"])
    assert flt.channels == ("chat", "review") and flt.text == "'; DROP TABLE records; --"


def test_hostile_search_is_only_a_parameter(tagged_project: str, tmp_path: Path) -> None:
    out = tmp_path / "none.csv"
    assert main(["export", tagged_project, "--out", str(out), "--filter", "q='; DROP TABLE records; --"]) == 0
    assert main(["export", tagged_project, "--out", str(tmp_path / "all.csv")]) == 0
    with (tmp_path / "all.csv").open(encoding="utf-8-sig") as fh:
        assert sum(1 for _ in csv.reader(fh)) == records_in(tagged_project) + 1
