"""Generated demo data shared by the demo tests (generated once per session into a temporary folder)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from workbench.demo.generate import DemoFiles, generate_demo


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    return generate_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def key(demo: DemoFiles) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(demo.answer_key.read_text(encoding="utf-8"))
    return data


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
