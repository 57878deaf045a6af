"""The end-to-end CLI flow runs with no network at all.

The CLI steps run in a child process inside a fresh network namespace (``unshare -n``: only a downed
``lo``, so nothing — not even a native library bypassing Python's socket module — can reach anything).
Where unshare is unavailable the same steps run in-process under the session's socket guard
(tests/netguard.py) instead: the test never skips.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.offline.offline_driver import run_steps

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("offline_driver.py")
OUTSIDE = ("93.184.216.34", 80)
CODEBOOK = """level1,level2,level3,description,keywords
物流,配送时效,,送货慢、延迟,慢|延迟|等了
物流,包裹破损,,包装或商品破损,破损|坏了|烂了
服务,客服态度,,客服态度差,态度|客服
商品,质量问题,,质量差或假货,质量|假货|掉色
"""
TEXTS = ["快递太慢了，等了一周才到", "客服态度很差，我要投诉", "收到的杯子是坏了的，包装也烂了",
         "衣服质量不行，洗一次就掉色", "配送延迟三天，没人通知"]
ODD_ONE = "这个东西说不上好也说不上坏，就是颜色和图片不太一样"  # no keyword: left to the LLM


@functools.cache
def _namespace_prefix() -> list[str] | None:
    """The command prefix that runs a process with no network, or None where this system cannot.

    ``KESHENG_OFFLINE_FALLBACK=1`` forces the in-process path, to check it where unshare works.
    """
    unshare = shutil.which("unshare")
    if unshare is None or os.environ.get("KESHENG_OFFLINE_FALLBACK") == "1":
        return None
    for prefix in ([unshare, "-n", "--"], [unshare, "-rn", "--"]):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            if subprocess.run([*prefix, "true"], capture_output=True, timeout=30).returncode == 0:
                return prefix
    return None



def _write_inputs(folder: Path) -> None:
    """Five weeks of feedback (more logistics complaints in the last week), one record only the LLM can tag."""
    start, rows = date(2024, 3, 4), ["text,time,channel"]
    for day in range(35):
        picks = [TEXTS[(day + k) % len(TEXTS)] for k in range(1 + day % 3)] + (["物流又慢了"] * 2 if day >= 28 else [])
        for i, text in enumerate(picks):
            when, channel = f"{start + timedelta(days=day)} 1{i}:00", "chat" if i % 2 else "review"
            rows.append(f"{text}（第{day}天第{i}条，订单{day * 10 + i}）,{when},{channel}")
    rows.append(f"{ODD_ONE},{start + timedelta(days=34)} 12:00,review")
    (folder / "feedback.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "codebook.csv").write_text(CODEBOOK, encoding="utf-8")


def _run_offline(steps: list[list[str]], folder: Path, env: dict[str, str]) -> list[dict[str, Any]]:
    """The steps with no network: one process in a fresh namespace, or in-process under the socket guard."""
    prefix = _namespace_prefix()
    if prefix is None:
        return run_steps(steps)
    steps_file, result_file = folder / "steps.json", folder / "result.json"
    steps_file.write_text(json.dumps(steps, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([*prefix, sys.executable, str(DRIVER), str(steps_file), str(result_file)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    results: list[dict[str, Any]] = json.loads(result_file.read_text(encoding="utf-8"))
    return results


@pytest.fixture
def offline_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {"KESHENG_CONFIG": str(tmp_path / "config" / "prefs.json"), "KESHENG_LOG_DIR": str(tmp_path / "log"),
              "PYTHONPATH": str(ROOT)}
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("KESHENG_FAKE_LLM", raising=False)
    return dict(os.environ)


def test_the_namespace_has_no_network_but_lo(offline_env: dict[str, str]) -> None:
    prefix = _namespace_prefix()
    if prefix is None:  # the in-process fallback: the guard is what keeps the suite offline
        from tests import netguard

        assert netguard.installed()
        return
    probe = ("import errno, os, socket\n"
             "names = [l.split(':')[0].strip() for l in open('/proc/self/net/dev').read().splitlines()[2:]]\n"
             "s = socket.socket(); s.settimeout(5)\n"
             f"code = s.connect_ex({OUTSIDE!r})\n"
             "print(names, os.readlink('/proc/self/ns/net'), errno.errorcode.get(code, code))\n")
    done = subprocess.run([*prefix, sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                          env=offline_env)
    assert done.returncode == 0, done.stderr
    names, namespace, connect = done.stdout.rsplit(" ", 2)
    assert names.strip() == "['lo']"
    assert namespace != os.readlink("/proc/self/ns/net")
    assert connect.strip() == "ENETUNREACH"  # refused by the kernel: the packet never left


@pytest.mark.integration
def test_the_whole_flow_works_offline(tmp_path: Path, offline_env: dict[str, str]) -> None:
    _write_inputs(tmp_path)
    project, outbox = str(tmp_path / "p.kesheng"), tmp_path / "outbox"
    steps: list[list[str]] = [
        ["import", project, str(tmp_path / "feedback.csv")],
        ["taxonomy", project, "--file", str(tmp_path / "codebook.csv")],
        ["tag", project, "--llm-budget", "1", "--model", "fast"],
        ["top", project, "--json"],
        ["top", project, "--by", "rising", "--period", "week", "--json"],
        ["ask", project, "物流问题有多少条？", "--json"],
        ["report", project, "--format", "xlsx", "--out", str(tmp_path / "r.xlsx")],
        ["report", project, "--format", "pdf", "--out", str(tmp_path / "r.pdf")],
        ["alerts", project, "--add-rule", "投诉", "--words", "投诉"],
        ["alerts", project, "--run", "--outbox", str(outbox), "--json"],
        ["info", project, "--json"],
    ]
    results = _run_offline(steps, tmp_path, offline_env)
    for step in results:
        assert step["code"] == 0, f"{step['argv'][0]} failed offline: {step['err']}"
    assert len(results) == len(steps)
    outputs = [step["out"] for step in results]
    assert "llm 1" in outputs[2]
    frequent = json.loads(outputs[3])["items"]
    assert frequent and frequent[0]["node"].startswith(("物流", "服务", "商品")) and frequent[0]["count"] > 0
    assert "items" in json.loads(outputs[4])
    assert json.loads(outputs[5])["answer"]
    assert (tmp_path / "r.xlsx").read_bytes()[:2] == b"PK" and (tmp_path / "r.pdf").read_bytes()[:5] == b"%PDF-"
    fired = json.loads(outputs[9])["fired"]
    assert [(f["rule"], f["delivered"]) for f in fired] == [("投诉", "outbox")]
    assert len(list(outbox.glob("*.eml"))) == 1
    imported = int(re.search(r"imported (\d+)", outputs[0]).group(1))  # type: ignore[union-attr]
    info = json.loads(outputs[10])
    assert info["records"] == imported > 30 and info["tagged"] == imported
