"""Shared fixtures. Core tests never create a QApplication."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.project import Project


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """A new, empty SQLite project in a temporary folder."""
    proj = Project.open(tmp_path / "test.kesheng")
    yield proj
    proj.close()
