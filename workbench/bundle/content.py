"""What goes into a bundle: a stand-alone SQLite copy of the project (redacted as asked) and its taxonomy."""

from __future__ import annotations

from pathlib import Path

from workbench.store.copy import copy_project
from workbench.store.handle import Project
from workbench.store.redact import LEVELS, redact


def project_copy(project: str, dest: Path, taxonomy_file: Path, verbatims: str) -> tuple[int, bool]:
    """Copy ``project`` (a SQLite file or a PostgreSQL URL) to the new SQLite file ``dest``, redact it to
    ``verbatims`` and export the taxonomy to ``taxonomy_file``; returns (records, whether a taxonomy exists)."""
    from workbench.taxonomy.codebook import write_codebook
    from workbench.taxonomy.repository import load_current

    if verbatims not in LEVELS:
        raise ValueError(verbatims)
    result = copy_project(project, str(dest))
    with Project.open(str(dest), create=False) as copy:
        taxonomy = load_current(copy)
    if taxonomy is not None:
        write_codebook(taxonomy, taxonomy_file)
    redact(dest, verbatims)
    return result.rows.get("records", 0), taxonomy is not None
