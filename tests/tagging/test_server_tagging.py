"""Tagging through an OpenAI-compatible server: N requests in flight, record order, cancel, kill and resume.

The unmarked tests use the scriptable stand-in server; the ``integration`` ones start the real
llama-cpp-python server with the fast model on 127.0.0.1 and compare with the in-process backend.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.llm_server import LlamaServer, StandInServer, llama_server
from tests.tagging.conftest import add_records, all_tags, small_taxonomy
from workbench.cli import main
from workbench.errors import Cancelled, ModelError
from workbench.llm.backend import Backend
from workbench.llm.factory import open_backend
from workbench.llm.fake_backend import FakeBackend
from workbench.llm.http_client import ServerUnavailable
from workbench.paths import ROOT
from workbench.progress import CancelToken
from workbench.project import Project
from workbench.store import schema
from workbench.tagging.llm_stage import llm_workers, ordered_map
from workbench.tagging.run import TagOptions, tag_project
from workbench.taxonomy.repository import save_version

TEXTS = ["送得太慢了，饭都凉了", "味道很好，下次还点", "包装破了，汤洒了一袋子", "客服态度差，问了半天没人理",
         "等了一个半小时才送到", "饭菜太咸了，难吃", "骑手很准时，态度也好", "送到的时候已经凉了",
         "包装很用心，一点没撒", "味道一般，分量还行", "超时四十分钟，打客服也没用", "口味不错但是送得慢",
         "汤撒了一半，包装太差", "客服很耐心地帮我处理了退款", "冰的，完全没有热气", "好吃，包装也很好"]


REAL_N = 10  # records per real-model run: enough to compare, few enough to stay quick on a laptop
SLOW_MACHINE_TIMEOUT = 900  # a serialising server queues the 2nd request behind the 1st; CI machines can be slow


@pytest.fixture(autouse=True)
def _no_fake_llm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KESHENG_FAKE_LLM", raising=False)


def _project(target: Path | str, texts: list[str]) -> Project:
    project = Project.open(target)
    save_version(project, small_taxonomy(), "test")
    add_records(project, texts)
    return project


def _judgements(project: Project) -> dict[int, tuple[str, str, str | None]]:
    """Per record: (method, sentiment, top node path)."""
    a, t = schema.assessments, schema.tags
    with project.read() as conn:
        rows = conn.execute(select(a.c.record_id, a.c.method, a.c.sentiment)).all()
        tags = conn.execute(select(t.c.record_id, t.c.path).order_by(t.c.record_id, t.c.id)).all()
    top: dict[int, str] = {}
    for rid, path in tags:
        top.setdefault(int(rid), str(path))
    return {int(r): (str(m), str(s), top.get(int(r))) for r, m, s in rows}


def _fake(options: TagOptions) -> Backend:
    return FakeBackend(delay=0)


def test_ordered_map_keeps_order_and_bounds_requests_in_flight() -> None:
    live, peak, lock = [0], [0], threading.Lock()

    def slow_square(x: int) -> int:
        with lock:
            live[0] += 1
            peak[0] = max(peak[0], live[0])
        time.sleep(random.random() * 0.01)
        with lock:
            live[0] -= 1
        return x * x

    assert list(ordered_map(slow_square, range(40), 3, CancelToken())) == [x * x for x in range(40)]
    assert 2 <= peak[0] <= 3


def test_ordered_map_cancel_yields_what_started_then_stops() -> None:
    cancel, started = CancelToken(), []

    def work(x: int) -> int:
        started.append(x)
        time.sleep(0.01)
        return x

    got: list[int] = []
    with pytest.raises(Cancelled):
        for x in ordered_map(work, range(100), 2, cancel):
            got.append(x)
            if x == 5:
                cancel.cancel()
    assert got == sorted(started) and 6 <= len(got) < 100


def test_ordered_map_raises_after_every_earlier_result() -> None:
    def work(x: int) -> int:
        if x == 7:
            raise ModelError("boom")
        return x

    got: list[int] = []
    with pytest.raises(ModelError, match="boom"):
        for x in ordered_map(work, range(30), 4, CancelToken()):
            got.append(x)
    assert got == list(range(7))


def test_only_thread_safe_backends_get_concurrency(tmp_path: Path) -> None:
    assert llm_workers(FakeBackend(), 8) == 1 and llm_workers(None, 8) == 1
    assert llm_workers(open_backend(server="http://127.0.0.1:1"), 8) == 8
    assert llm_workers(open_backend(server="http://127.0.0.1:1"), 0) == 1


@pytest.mark.parametrize("budget", [None, 10])
def test_concurrent_server_run_equals_the_sequential_in_process_run(tmp_path: Path, budget: int | None) -> None:
    texts = TEXTS * 2
    with StandInServer(delay=0.03) as server:
        remote = _project(tmp_path / "remote.kesheng", texts)
        result = tag_project(remote, TagOptions(server=server.url, concurrency=4, llm_budget=budget))
    local = _project(tmp_path / "local.kesheng", texts)
    tag_project(local, TagOptions(llm_budget=budget), open_backend=_fake)
    assert result.tagged == len(texts) and server.peak >= 2
    assert _judgements(remote) == _judgements(local)
    assert all_tags(remote) == all_tags(local)
    remote.close()
    local.close()


def test_cancel_during_a_concurrent_run_keeps_order_and_resumes(backend_target: str) -> None:
    project = _project(backend_target, TEXTS * 3)  # SQLite and PostgreSQL
    cancel = CancelToken()
    with StandInServer(delay=0.02) as server:
        options = TagOptions(server=server.url, concurrency=3, llm_budget=None)
        with pytest.raises(Cancelled):
            tag_project(project, options, progress=lambda f, m="": cancel.cancel(), cancel=cancel)
        kept = len(_judgements(project))
        assert 8 <= kept < len(TEXTS) * 3
        again = tag_project(project, options)
    assert again.resumed and again.total == len(TEXTS) * 3 - kept
    assert len(_judgements(project)) == len(TEXTS) * 3
    project.close()


def test_a_vanished_server_stops_the_run_without_rule_fallbacks(tmp_path: Path) -> None:
    project = _project(tmp_path / "v.kesheng", TEXTS * 3)
    server = StandInServer(delay=0.02)
    server.__enter__()
    stopped = threading.Event()

    def stop_after_first_batch(fraction: float, message: str = "") -> None:
        if not stopped.is_set():
            stopped.set()
            server.__exit__()

    options = TagOptions(server=server.url, concurrency=2, llm_budget=None)
    try:
        with pytest.raises(ServerUnavailable, match=r"refused the connection.*run tag again to resume"):
            tag_project(project, options, progress=stop_after_first_batch)
    finally:
        if not stopped.is_set():
            server.__exit__()
    kept = _judgements(project)
    assert 8 <= len(kept) < len(TEXTS) * 3 and {m for m, _, _ in kept.values()} == {"llm"}
    with StandInServer() as second:
        again = tag_project(project, TagOptions(server=second.url, concurrency=2, llm_budget=None))
    assert again.resumed and again.total == len(TEXTS) * 3 - len(kept)
    assert {m for m, _, _ in _judgements(project).values()} == {"llm"}
    project.close()


@pytest.fixture(scope="module")
def real_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    with llama_server(tmp_path_factory.mktemp("server")) as server:
        yield server


@pytest.mark.integration
def test_real_server_tags_like_the_in_process_model(real_server: LlamaServer, tmp_path: Path) -> None:
    texts = TEXTS[:REAL_N]
    remote = _project(tmp_path / "remote.kesheng", texts)
    options = TagOptions(server=real_server.url, concurrency=2, llm_budget=None, server_timeout=SLOW_MACHINE_TIMEOUT)
    result = tag_project(remote, options)
    assert result.by_method == {"llm": len(texts)}
    fast = open_backend("fast", threads=2)
    local = _project(tmp_path / "local.kesheng", texts)
    try:
        tag_project(local, TagOptions(model="fast", llm_budget=None), open_backend=lambda options: fast)
    finally:
        fast.close()
    leaves = {n.path for n in small_taxonomy().leaves()}
    assert {p for _, p, _, _ in all_tags(remote)} <= leaves
    assert _judgements(remote) == _judgements(local)
    assert all_tags(remote) == all_tags(local)
    remote.close()
    local.close()


def _done(path: Path) -> int:
    with Project.open(path, create=False) as project, project.read() as conn:
        return int(conn.execute(select(func.count()).select_from(schema.assessments)).scalar_one())


@pytest.mark.integration
def test_killed_server_mid_run_then_resume_finishes_exactly_the_rest(tmp_path: Path) -> None:
    n = 16
    path = tmp_path / "kill.kesheng"
    _project(path, TEXTS[:n]).close()
    env = {k: v for k, v in os.environ.items() if k != "KESHENG_FAKE_LLM"}
    env["KESHENG_CONFIG"] = str(tmp_path / "prefs.json")
    (tmp_path / "prefs.json").write_text(json.dumps({"version": 1, "values": {"server_timeout": SLOW_MACHINE_TIMEOUT}}))
    first = LlamaServer(tmp_path)
    try:
        first.start()
        cmd = [sys.executable, str(ROOT / "main.py"), "tag", str(path), "--concurrency", "2", "--json"]
        proc = subprocess.Popen([*cmd, "--server", first.url], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 300
        while _done(path) < 8 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert proc.poll() is None, "the run finished before the server could be killed"
        first.kill()
        _, err = proc.communicate(timeout=120)
    finally:
        first.stop()
    assert proc.returncode == 1
    last = err.strip().splitlines()[-1]  # (jieba may log its dictionary loading before)
    assert "Traceback" not in err and last.startswith(f"error: the server at {first.url}/v1 cannot be reached")
    assert last.endswith("run tag again to resume")
    killed_at = _done(path)
    assert 8 <= killed_at < n

    with llama_server(tmp_path) as second:
        out = subprocess.run([*cmd, "--server", second.url], env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["resumed"] is True and summary["total"] == n - killed_at
    with Project.open(path, create=False) as project, project.read() as conn:
        a, t = schema.assessments, schema.tags
        assert conn.execute(select(func.count()).select_from(a)).scalar_one() == n
        assert set(conn.execute(select(a.c.method)).scalars()) == {"llm"}
        dup = conn.execute(select(t.c.record_id, t.c.node_key).group_by(t.c.record_id, t.c.node_key)
                           .having(func.count() > 1)).all()
        assert dup == []
        runs = conn.execute(select(schema.runs.c.status, schema.runs.c.done, schema.runs.c.total)).all()
        assert runs == [("complete", n, n)]


def test_cli_tag_through_a_server_with_concurrency(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KESHENG_CONFIG", str(tmp_path / "prefs.json"))
    path = tmp_path / "cli.kesheng"
    _project(path, TEXTS).close()
    assert main(["tag", str(path), "--concurrency", "0"]) == 2
    assert "--concurrency must be 1 or more" in capsys.readouterr().err
    with StandInServer(delay=0.02) as server:
        code = main(["tag", str(path), "--server", server.url, "--concurrency", "3", "--json"])
    assert code == 0 and json.loads(capsys.readouterr().out)["by_method"] == {"llm": len(TEXTS)}
    assert 2 <= server.peak <= 3
