"""The log file: versions, command timings and errors with tracebacks — never record text or personal data."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from workbench import logs

ROOT = Path(__file__).resolve().parents[2]
SECRET_TEXT = "独一无二的抱怨QX9Z：张三丰说杯子漏水"
PII = ["13812345678", "zhang.sanfeng@example.com", "11010519491231002X", "6222021234567890123"]
CODEBOOK = "level1,level2,level3,description,keywords\n商品,质量问题,,质量差,漏水|质量\n"


@pytest.fixture
def log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "logs"
    monkeypatch.setenv("KESHENG_LOG_DIR", str(folder))
    monkeypatch.setenv("KESHENG_CONFIG", str(tmp_path / "prefs.json"))
    yield folder
    logs.shutdown_file_logging()


def _cli(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], capture_output=True, text=True,
                          env=dict(os.environ), cwd=ROOT, timeout=300)


def test_cli_log_has_versions_timings_errors_but_no_text_or_pii(log_folder: Path, tmp_path: Path) -> None:
    data = tmp_path / "in.csv"
    rows = [f"{SECRET_TEXT}，电话{PII[0]}，邮箱{PII[1]}，身份证{PII[2]}，卡号{PII[3]},2024-01-02 10:00",
            "质量一般般,2024-01-03 10:00"]
    data.write_text("text,time\n" + "\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "codebook.csv").write_text(CODEBOOK, encoding="utf-8")
    project = str(tmp_path / "p.kesheng")
    assert _cli("import", project, str(data)).returncode == 0
    assert _cli("taxonomy", project, "--file", str(tmp_path / "codebook.csv")).returncode == 0
    assert _cli("tag", project, "--llm-budget", "0").returncode == 0
    missing = tmp_path / f"客户 {PII[0]} {PII[1]}.csv"  # an error whose message quotes personal data
    failed = _cli("import", project, str(missing))
    assert failed.returncode == 1 and PII[0] in failed.stderr  # the user still sees their own path
    assert _cli("top", project, "--level", "9").returncode in (0, 1, 2)
    text = (log_folder / "kesheng.log").read_text(encoding="utf-8")
    for expected in ("start: kesheng", "python 3.", "llama-cpp-python", "sqlalchemy", "os ",
                     "command import finished in", "command taxonomy finished in", "command tag finished in",
                     "(exit 0)", "model: default (qwen2.5-coder-1.5b", "sha256 cc324af070c2",
                     "command import failed after", "Traceback (most recent call last)", "InputError"):
        assert expected in text, expected
    for leaked in [SECRET_TEXT, "张三丰", "QX9Z", *PII]:
        assert leaked not in text, leaked
    assert "[number]" in text and "[email]" in text


@pytest.mark.parametrize(("raw", "masked"), [
    ("call 13812345678 now", "call [number] now"), ("手机13812345678联系", "手机[number]联系"),
    ("+86 138-1234-5678", "[number]"), ("(010) 6552-9988", "[number]"), ("ID 11010519491231002X", "ID [number]"),
    ("mail zhang.san@example.com.cn", "mail [email]"), ("card 6222 0212 3456 7890 123", "card [number]"),
    ("from 2024-01-05 to 2024-03-31", "from 2024-01-05 to 2024-03-31"), ("sha256 1d9614638d18", "sha256 1d9614638d18"),
    ("in 12.34 s (exit 0), 1000000 bytes, port 8080", "in 12.34 s (exit 0), 1000000 bytes, port 8080"),
    (f"no file {Path.home()}/x.csv", "no file ~/x.csv"),
])
def test_masking_keeps_diagnostics_and_hides_personal_data(raw: str, masked: str) -> None:
    assert logs.mask_personal(raw) == masked


def test_filter_and_formatter_mask_arguments_and_tracebacks(log_folder: Path) -> None:
    path = logs.setup_file_logging()
    assert path == log_folder / "kesheng.log"
    log = logging.getLogger("workbench.test")
    log.warning("customer %s wrote from %s", "13900001111", "a.b@c.org")
    try:
        raise ValueError("bad cell 'call me 13900002222'")
    except ValueError:
        log.exception("import failed")
    text = path.read_text(encoding="utf-8")
    assert "customer [number] wrote from [email]" in text and "bad cell 'call me [number]'" in text
    assert "13900001111" not in text and "13900002222" not in text and "a.b@c.org" not in text


def test_rotation_and_folder_override(log_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = logs.setup_file_logging()
    assert path is not None and logs.setup_file_logging() == path  # once per folder
    handlers = [h for h in logging.getLogger("workbench").handlers if isinstance(h, RotatingFileHandler)]
    assert len(handlers) == 1 and (handlers[0].maxBytes, handlers[0].backupCount) == (1_000_000, 4)
    handlers[0].doRollover()
    logging.getLogger("workbench.test").warning("after rollover")
    assert (log_folder / "kesheng.log.1").exists() and "after rollover" in path.read_text(encoding="utf-8")
    monkeypatch.setenv("KESHENG_LOG_DIR", str(tmp_path / "elsewhere"))
    moved = logs.setup_file_logging()
    assert moved == tmp_path / "elsewhere" / "kesheng.log" and moved.exists()
    assert len([h for h in logging.getLogger("workbench").handlers if isinstance(h, RotatingFileHandler)]) == 1


def test_an_unwritable_folder_gives_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("KESHENG_LOG_DIR", str(blocker / "sub"))
    assert logs.setup_file_logging() is None


def test_uncaught_errors_are_logged_then_passed_on(log_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, tb: seen.append(kind))
    path = logs.setup_file_logging()
    assert path is not None
    try:
        raise RuntimeError("slot crashed for 13700001111")
    except RuntimeError as exc:
        sys.excepthook(RuntimeError, exc, exc.__traceback__)
    assert seen == [RuntimeError]
    text = path.read_text(encoding="utf-8")
    assert "uncaught RuntimeError: slot crashed for [number]" in text and "Traceback" in text


def test_options_are_described_without_paths_or_questions(tmp_path: Path) -> None:
    import argparse

    args = argparse.Namespace(command="ask", project=str(tmp_path / "客户张三.kesheng"), question="张三 投诉了吗",
                              files=None, server="http://user:pw@10.0.0.5:8080/v1", llm_budget=5, json=True)
    text = logs.describe_options(args)
    assert text == "project file *.kesheng, llm_budget=5, json=True, server=10.0.0.5:8080"


def test_without_a_log_file_errors_stay_one_line_on_stderr(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    env = {**os.environ, "KESHENG_LOG_DIR": str(blocker / "sub"), "KESHENG_CONFIG": str(tmp_path / "p.json")}
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "info", str(tmp_path / "none.kesheng")],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and done.stderr.startswith("error: no project")
