"""The real fast model in its worker process: the same answers as in process, and a real native crash in the
middle of a CLI run is one sentence, keeps what was tagged, and the next run finishes the rest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.tagging.conftest import add_records, small_taxonomy
from workbench.llm.backend import Backend
from workbench.llm.factory import open_backend
from workbench.llm.worker import ENV_CRASH
from workbench.llm.worker_backend import WorkerBackend
from workbench.paths import ROOT
from workbench.project import Project
from workbench.store import schema
from workbench.taxonomy.repository import save_version

pytestmark = pytest.mark.integration
SCHEMA = {"type": "object", "properties": {"c": {"type": "string", "enum": ["配送", "口味", "包装"]}},
          "required": ["c"]}
PROMPTS = [("把顾客的评价归入一个类别。", f"评价：{t}") for t in ("送得太慢了，等了一个小时", "包装破了，汤洒了一袋子")]


@pytest.fixture(scope="module")
def worker() -> Iterator[Backend]:
    backend = open_backend("fast", threads=2)
    yield backend
    backend.close()


def test_the_worker_hosts_the_real_model_and_answers_as_in_process(worker: Backend) -> None:
    assert isinstance(worker, WorkerBackend)
    here = open_backend("fast", threads=2, in_process=True)
    try:
        for system, user in PROMPTS:
            assert worker.complete_json(system, user, SCHEMA, 20) == here.complete_json(system, user, SCHEMA, 20)
        choices = ("好评", "差评")
        theirs = worker.score_choices("判断情感。", "太难吃了", choices)  # type: ignore[attr-defined]
        ours = here.score_choices("判断情感。", "太难吃了", choices)  # type: ignore[attr-defined]
        assert theirs is not None and ours is not None
        assert theirs == pytest.approx(ours, abs=1e-3)
        assert "".join(worker.stream("你是助手。", "用一个词回答：天空是什么颜色？", 8)).strip()
    finally:
        here.close()
    assert worker.cpu_variant is not None  # type: ignore[attr-defined]


def test_a_real_segfault_of_the_model_mid_run_is_survived_and_resumed(tmp_path: Path) -> None:
    path = tmp_path / "real.kesheng"
    texts = ["送得太慢了，饭都凉了", "骑手态度很好，准时送达", "包装破了汤洒了", "味道很好吃", "客服态度差，不理人"]
    with Project.open(path) as project:
        save_version(project, small_taxonomy(), "t")
        ids = ",".join(map(str, add_records(project, texts)))
    base = {k: v for k, v in os.environ.items() if k not in (ENV_CRASH, "KESHENG_FAKE_LLM")}
    cmd = [sys.executable, str(ROOT / "main.py"), "tag", str(path), "--model", "fast", "--records", ids, "--json"]

    out = subprocess.run(cmd, env={**base, ENV_CRASH: "2:SIGSEGV"}, capture_output=True, text=True, timeout=600)
    assert out.returncode == 1
    error = out.stderr.strip().splitlines()[-1]
    assert error.startswith("error: the local model stopped unexpectedly (SIGSEGV"), out.stderr
    assert "tagging stopped after 2 records" in error and "run it again to resume" in error

    again = subprocess.run(cmd, env=base, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert summary["resumed"] is True and summary["by_method"] == {"llm": 3}
    with Project.open(path, create=False) as project, project.read() as conn:
        methods = conn.execute(select(schema.assessments.c.method)).scalars().all()
    assert sorted(methods) == ["llm"] * 5
