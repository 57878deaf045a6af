"""Cleaning is on by default, reported, and can be switched off per import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from workbench.cli import main
from workbench.project import Project
from workbench.store import schema

CSV = "内容,时间\n<b>快递太慢</b>了！！,2026-03-01\n[图片],2026-03-02\nＡＢＣ全角,2026-03-03\n"


def texts(target: str) -> list[str]:
    with Project.open(target) as project, project.read() as conn:
        return [r[0] for r in conn.execute(select(schema.records.c.text).order_by(schema.records.c.id))]


def test_default_cleans_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "f.csv").write_text(CSV, encoding="utf-8")
    target = str(tmp_path / "a.kesheng")
    assert main(["import", target, str(tmp_path / "f.csv"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)["sources"][0]
    assert report["cleaning"] == {"clean": True, "drop_noise": True}
    assert report["rejected"] == 1 and "system noise" in report["problems"][0]
    assert texts(target) == ["快递太慢了！！", "ＡＢＣ全角"]  # issue 22: stored as written, markup removed, no NFKC


def test_cleaning_can_be_switched_off(tmp_path: Path) -> None:
    (tmp_path / "f.csv").write_text(CSV, encoding="utf-8")
    target = str(tmp_path / "b.kesheng")
    assert main(["import", target, str(tmp_path / "f.csv"), "--no-clean", "--keep-noise"]) == 0
    assert texts(target) == ["<b>快递太慢</b>了！！", "[图片]", "ＡＢＣ全角"]
