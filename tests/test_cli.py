"""The CLI frame: every command of CLI.md is registered, exit codes and error lines follow the contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from workbench.cli import build_parser, main

CONTRACT = ["gui", "demo", "import", "taxonomy", "tag", "review", "label", "export", "top", "alerts", "ask",
            "report", "eval", "service", "bench"]


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in CONTRACT:
        assert f"    {command} " in out or f"    {command}\n" in out


def test_usage_error_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["top"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ")


def test_unknown_command_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_info_on_missing_project_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", str(tmp_path / "none.kesheng")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no project at" in err[0]


def test_info_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from workbench.project import Project

    Project.open(tmp_path / "p.kesheng").close()
    assert main(["info", str(tmp_path / "p.kesheng"), "--json"]) == 0
    assert '"records": 0' in capsys.readouterr().out


def test_bench_unknown_name_lists_available(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "no-such-bench"]) == 2
    assert "no benchmark named" in capsys.readouterr().err


def test_parser_builds_without_heavy_imports() -> None:
    code = ("import sys, workbench.cli as c; c.build_parser(); "
            "print(sorted(m for m in ('PySide6','jieba','llama_cpp','sklearn','sqlalchemy','openpyxl') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_contract_command_has_a_module() -> None:
    import importlib

    parser = build_parser()
    assert parser.prog == "kesheng"
    for command in CONTRACT:
        name = "import_" if command == "import" else command
        module = importlib.import_module(f"workbench.commands.{name}")
        assert callable(module.run)
