"""Kill -9 a real `main.py tag` mid-run, then resume: no record lost, none done twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from tests.tagging.conftest import add_records, small_taxonomy
from workbench.paths import ROOT
from workbench.project import Project
from workbench.store import schema
from workbench.taxonomy.repository import save_version

N = 60


def _env(delay: str) -> dict[str, str]:
    return {**os.environ, "KESHENG_FAKE_LLM": "1", "KESHENG_FAKE_LLM_DELAY": delay}


def _done(path: Path) -> int:
    with Project.open(path, create=False) as project, project.read() as conn:
        return int(conn.execute(select(func.count()).select_from(schema.assessments)).scalar_one())


def test_kill_minus_nine_then_resume(tmp_path: Path) -> None:
    path = tmp_path / "kill.kesheng"
    with Project.open(path) as project:
        save_version(project, small_taxonomy(), "test")
        add_records(project, [f"第{i}单配送时效太差，包装破了" if i % 2 else f"第{i}单口味很好" for i in range(N)])
    cmd = [sys.executable, str(ROOT / "main.py"), "tag", str(path), "--json"]
    proc = subprocess.Popen(cmd, env=_env("0.05"), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _done(path) < 16 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed_at = _done(path)
    assert 16 <= killed_at < N and killed_at % 8 == 0  # whole batches only

    out = subprocess.run(cmd, env=_env("0"), capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["resumed"] is True and summary["total"] == N - killed_at
    with Project.open(path, create=False) as project, project.read() as conn:
        t, a = schema.tags, schema.assessments
        assert conn.execute(select(func.count()).select_from(a)).scalar_one() == N
        dup = conn.execute(select(t.c.record_id, t.c.node_key).group_by(t.c.record_id, t.c.node_key)
                           .having(func.count() > 1)).all()
        assert dup == []
        runs = conn.execute(select(schema.runs.c.status, schema.runs.c.done, schema.runs.c.total)).all()
        assert runs == [("complete", N, N)]
        assert conn.execute(select(func.count(func.distinct(a.c.run_id)))).scalar_one() == 1
