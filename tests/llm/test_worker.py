"""The model worker process: same answers as in process, a real native crash or a hang is one sentence and
ends only the worker, Cancel kills a generation at once, and a crashed `tag` run resumes to the same result.

The worker here hosts the fake backend (``KESHENG_FAKE_LLM=worker``) so the crash tests are quick and their
results deterministic; ``tests/llm/test_worker_model.py`` does the same with the real fast model.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.tagging.conftest import add_records, small_taxonomy
from workbench.errors import Cancelled, ModelCrashed
from workbench.llm.fake_backend import FakeBackend
from workbench.llm.worker import ENV_CRASH
from workbench.llm.worker_backend import WorkerBackend, exit_reason
from workbench.paths import ROOT
from workbench.progress import CancelToken
from workbench.project import Project
from workbench.store import schema
from workbench.tagging.run import TagOptions, tag_project
from workbench.taxonomy.repository import save_version

SCHEMA = {"type": "object", "properties": {"c": {"type": "string", "enum": ["配送", "口味"]}}, "required": ["c"]}
TEXTS = [f"第{i}单配送太慢了，等了一个小时" if i % 3 else f"第{i}单口味很好，味道不错" for i in range(30)]


@pytest.fixture
def worker() -> WorkerBackend:
    backend = WorkerBackend(None, fake=True, timeout=60)
    yield backend
    backend.close()


def test_the_worker_answers_as_the_backend_in_process_does(worker: WorkerBackend) -> None:
    here = FakeBackend()
    user = "文本：\n<<<\n配送太慢了\n>>>"
    assert worker.complete_json("sys", user, SCHEMA, 20) == here.complete_json("sys", user, SCHEMA, 20)
    assert worker.last_usage.prompt_tokens == here.last_usage.prompt_tokens
    assert worker.score_choices("sys", "<<<\n太差了\n>>>", ("好评", "差评")) == \
        here.score_choices("sys", "<<<\n太差了\n>>>", ("好评", "差评"))
    assert "".join(worker.stream("sys", "<<<\n送得很快\n>>>", 10)) == "送得很快"
    assert worker.count_tokens("abc") == 3
    assert worker.pid is not None and worker.pid != os.getpid()


def test_a_native_crash_is_one_sentence_and_the_next_request_gets_a_fresh_worker(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_CRASH, "1:SIGSEGV")
    backend = WorkerBackend(None, fake=True, timeout=60)
    try:
        backend.complete_json("s", "<<<\n配送\n>>>", SCHEMA, 20)
        first_pid = backend.pid
        with pytest.raises(ModelCrashed, match=r"stopped unexpectedly \(SIGSEGV: a memory error"):
            backend.complete_json("s", "<<<\n配送\n>>>", SCHEMA, 20)
        assert backend.pid is None
        assert backend.complete_json("s", "<<<\n口味\n>>>", SCHEMA, 20) == {"c": "口味"}
        assert backend.pid not in (None, first_pid)
    finally:
        backend.close()


def test_a_hang_is_stopped_after_the_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KESHENG_FAKE_LLM_DELAY", "30")
    backend = WorkerBackend(None, fake=True, timeout=1.5)
    try:
        with pytest.raises(ModelCrashed, match="did not answer within 2 s"):
            backend.complete_json("s", "<<<\n配送\n>>>", SCHEMA, 20)
        assert backend.pid is None
    finally:
        backend.close()


def test_abort_kills_a_generation_in_flight(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KESHENG_FAKE_LLM_DELAY", "60")
    backend = WorkerBackend(None, fake=True, timeout=120)
    backend.load()
    pid = backend.pid
    assert pid is not None
    caught: list[BaseException] = []

    def ask() -> None:
        try:
            backend.complete_json("s", "<<<\n配送\n>>>", SCHEMA, 20)
        except BaseException as exc:
            caught.append(exc)

    thread = threading.Thread(target=ask)
    started = time.monotonic()
    thread.start()
    time.sleep(0.5)
    token = CancelToken()
    token.on_cancel(backend.abort)
    token.cancel()
    thread.join(timeout=20)
    assert not thread.is_alive() and time.monotonic() - started < 20
    assert len(caught) == 1 and isinstance(caught[0], Cancelled)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    backend.close()


def test_exit_reasons_read_as_words() -> None:
    assert exit_reason(-signal.SIGILL).startswith("SIGILL: the processor met an instruction")
    assert exit_reason(-signal.SIGKILL).startswith("SIGKILL: it was killed")
    assert exit_reason(3) == "exit code 3"


def test_cancel_during_a_tagging_run_stops_the_worker_at_once(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KESHENG_FAKE_LLM_DELAY", "60")
    with Project.open(tmp_path / "c.kesheng") as project:
        save_version(project, small_taxonomy(), "t")
        add_records(project, TEXTS[:5])
        backend = WorkerBackend(None, fake=True, timeout=300)
        token = CancelToken()
        threading.Timer(3.0, token.cancel).start()
        started = time.monotonic()
        with pytest.raises(Cancelled, match="0 records were tagged and kept"):
            tag_project(project, TagOptions(), cancel=token, open_backend=lambda options: backend)
        assert time.monotonic() - started < 30  # not the 60 s the generation would have taken
        assert backend.pid is None


def _project(path: Path) -> str:
    """A project of TEXTS; returns the ids for ``--records`` (the LLM judges every one of them, no cascade)."""
    with Project.open(path) as project:
        save_version(project, small_taxonomy(), "t")
        return ",".join(map(str, add_records(project, TEXTS)))


def _tags(path: Path) -> list[tuple[object, ...]]:
    with Project.open(path, create=False) as project, project.read() as conn:
        t, a = schema.tags, schema.assessments
        tags = conn.execute(select(t.c.record_id, t.c.node_key, t.c.sentiment, t.c.evidence, t.c.method)
                            .order_by(t.c.record_id, t.c.node_key)).all()
        marks = conn.execute(select(a.c.record_id, a.c.sentiment, a.c.method).order_by(a.c.record_id)).all()
    return [tuple(row) for row in (*tags, *marks)]


def _tag(path: Path, ids: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in (ENV_CRASH, "KESHENG_FAKE_LLM_DELAY")}
    full.update({"KESHENG_FAKE_LLM": "worker", **env})
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "tag", str(path), "--records", ids, "--json"],
                          env=full, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("crash", ["SIGILL", "SIGSEGV"])
def test_a_worker_killed_by_a_signal_mid_run_stops_the_cli_cleanly_and_the_run_resumes(
        tmp_path: Path, crash: str) -> None:
    crashed = tmp_path / "crashed.kesheng"
    ids = _project(crashed)
    whole = tmp_path / "whole.kesheng"
    shutil.copyfile(crashed, whole)

    out = _tag(crashed, ids, **{ENV_CRASH: f"12:{crash}"})
    assert out.returncode == 1, out.stderr
    error = out.stderr.strip().splitlines()[-1]
    assert error.startswith(f"error: the local model stopped unexpectedly ({crash}")
    assert "tagging stopped after" in error and "run it again to resume" in error
    assert "Traceback" not in out.stderr
    stopped_after = int(error.split("tagging stopped after ")[1].split()[0])
    assert 0 < stopped_after < len(TEXTS)
    with Project.open(crashed, create=False) as project, project.read() as conn:
        kept = conn.execute(select(schema.assessments.c.record_id)).scalars().all()
        status = conn.execute(select(schema.runs.c.status)).scalars().all()
    assert len(kept) == stopped_after and status == ["interrupted"]

    again = _tag(crashed, ids)
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert summary["resumed"] is True and summary["tagged"] == len(TEXTS) - stopped_after

    assert _tag(whole, ids).returncode == 0
    assert _tags(crashed) == _tags(whole)


def test_the_worker_exits_when_the_app_that_started_it_dies(tmp_path: Path) -> None:
    script = ("import os, sys, threading, time\n"
              "from workbench.llm.worker_backend import WorkerBackend\n"
              "b = WorkerBackend(None, fake=True, timeout=900)\n"
              "b.load()\n"
              f"ask = lambda: b.complete_json('s', '<<<\\n配送\\n>>>', {SCHEMA!r}, 5)\n"
              "threading.Thread(target=ask, daemon=True).start()  # a generation in flight (600 s)\n"
              "time.sleep(1)\n"
              "print(b.pid, flush=True)\n"
              "time.sleep(600)\n")
    app = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT,
                           env={**os.environ, "PYTHONPATH": str(ROOT), "KESHENG_FAKE_LLM_DELAY": "600"})
    assert app.stdout is not None
    worker_pid = int(app.stdout.readline())
    os.kill(worker_pid, 0)  # alive
    app.kill()  # kill -9: no chance to close the worker politely
    app.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.kill(worker_pid, 0)
        except ProcessLookupError:
            return
        _reap(worker_pid)
        time.sleep(0.2)
    pytest.fail("the model worker outlived the app that started it")


def _reap(pid: int) -> None:
    """A worker re-parented to this test process (a subreaper) stays a zombie until waited for."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_a_cpu_backend_that_dies_by_sigill_is_switched_off_and_the_request_answered(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker reports the CPU backend it loaded; when it then dies by SIGILL that backend is denied on this
    machine (the next worker loads a more portable one) and the request is asked again, once."""
    from workbench.llm import cpu_runtime

    monkeypatch.setattr(cpu_runtime, "cache_dir", lambda: tmp_path / "kesheng")
    monkeypatch.setenv("KESHENG_CPU_VARIANT", "sapphirerapids")
    monkeypatch.setenv(ENV_CRASH, f"0:SIGILL:{tmp_path / 'crashed-once'}")  # only the first worker dies
    backend = WorkerBackend(None, fake=True, timeout=60)
    try:
        assert backend.complete_json("s", "<<<\n配送\n>>>", SCHEMA, 20) == {"c": "配送"}
        assert (tmp_path / "crashed-once").exists()
        assert cpu_runtime.denied_variants() == {"sapphirerapids"}
    finally:
        backend.close()
