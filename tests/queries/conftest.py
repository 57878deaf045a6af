"""The query tests run on both backends: ``project`` is a new SQLite project, then a new PostgreSQL one."""

from __future__ import annotations

import pytest

from workbench.project import Project


@pytest.fixture
def project(backend_project: Project) -> Project:
    """A new, empty project on SQLite and on PostgreSQL (the test runs once on each)."""
    return backend_project
