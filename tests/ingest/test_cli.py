"""`main.py import` follows the CLI contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.ingest.helpers import xlsx
from workbench.cli import main


def test_import_json_report_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = xlsx(tmp_path / "r.xlsx", [["正文", "备注"], ["物流很慢", "vip"], ["包装很好", "new"]])
    target = str(tmp_path / "p.kesheng")
    assert main(["import", target, str(path), "--map", "text=正文", "--channel", "review", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (src,) = data["sources"]
    assert src["imported"] == 2 and src["mapping"]["text"] == "正文"
    assert main(["import", target, str(path)]) == 0
    assert "duplicates 2" in capsys.readouterr().out
    assert main(["import", target, str(path), "--map", "text"]) == 2
    assert "expected FIELD=COLUMN" in capsys.readouterr().err
    assert main(["import", target, str(path), "--map", "text=nope"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: the source has no column 'nope'") and "Traceback" not in err
