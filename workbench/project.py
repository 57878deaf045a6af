"""The application seam: what the CLI and the UI may do with a project.

:class:`Project` (opened with :meth:`Project.open`) is the open project. The operations a user can do that
the UI used to reach into the store or a feature's internals for are functions here; one that mutates the
project returns its result with a :class:`~workbench.changes.Changes`. The CLI and the UI import this module,
:mod:`workbench.queries` and value types, never :mod:`workbench.store`.
"""

from __future__ import annotations

from pathlib import Path

from workbench.changes import Changes
from workbench.store import backup
from workbench.store.backup import BackupInfo, project_file
from workbench.store.file_probe import needs_restore
from workbench.store.handle import Project, ProjectStats
from workbench.tagging.options import tag_options

__all__ = ["EVERYTHING", "BackupInfo", "Project", "ProjectStats", "backups_to_offer", "project_file",
           "restore_and_open", "tag_options"]

EVERYTHING = Changes(records=True, tags=True, taxonomy=True, sources=True, alerts=True, settings=True)
"""What a change of the whole project file (a restored backup, another project) changes."""


def backups_to_offer(target: str | Path) -> list[BackupInfo]:
    """The backups (newest first) to offer after opening ``target`` failed: only for a project file that a
    backup can mend (damaged, or replaced by a foreign file), none for a database URL or a missing file."""
    path = project_file(target)
    return backup.list_backups(target) if path is not None and needs_restore(path) else []


def restore_and_open(target: str | Path, chosen: BackupInfo) -> tuple[Project, Changes]:
    """Put the ``chosen`` backup in place of ``target`` (the current file is saved as one more backup first)
    and open it; everything may have changed.

    Raises:
        ProjectError: the backup cannot be restored or the restored file cannot be opened (one sentence).
    """
    backup.restore_backup(target, chosen.path)
    return Project.open(target, create=False), EVERYTHING
