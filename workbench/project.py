"""The application seam: what the CLI and the UI may do with a project.

:class:`Project` (opened with :meth:`Project.open`) is the open project. The operations a user can do that
the UI used to reach into the store or a feature's internals for are functions here; one that mutates the
project returns its result with a :class:`~workbench.changes.Changes`. The CLI and the UI import this module,
:mod:`workbench.queries` and value types, never :mod:`workbench.store`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.changes import Changes
from workbench.errors import ProjectError
from workbench.progress import CancelToken, Progress, no_progress
from workbench.store import backup
from workbench.store.backup import BackupInfo, list_backups, project_file
from workbench.store.copy import CopyResult, copy_project, display_target
from workbench.store.file_probe import needs_restore, probe_project_file
from workbench.store.handle import Project, ProjectStats
from workbench.tagging.options import tag_options

if TYPE_CHECKING:  # the import pipeline and the cascade load when used (CLI start, GUI start stay fast)
    from workbench.ingest.options import ImportOptions, ImportReport
    from workbench.tagging.run import TagOptions, TagResult

__all__ = ["EVERYTHING", "BackupInfo", "CopyResult", "Project", "ProjectStats", "back_up", "backups_to_offer",
           "copy_project", "display_target", "import_sources", "list_backups", "project_file", "restore",
           "restore_and_open", "tag", "tag_options"]

EVERYTHING = Changes(records=True, tags=True, taxonomy=True, sources=True, alerts=True, settings=True)
"""What a change of the whole project file (a restored backup, another project) changes."""


def backups_to_offer(target: str | Path) -> list[BackupInfo]:
    """The backups (newest first) to offer after opening ``target`` failed: only for a project file that a
    backup can mend (damaged, or replaced by a foreign file), none for a database URL or a missing file."""
    path = project_file(target)
    return backup.list_backups(target) if path is not None and needs_restore(path) else []


def back_up(target: str | Path) -> Path:
    """Back the project file ``target`` up now (reason "manual"); returns the backup's path.

    Raises:
        ProjectError: a database URL, no project file there, an empty or unusable file (one sentence).
    """
    path = project_file(target)
    if path is None:
        raise ProjectError.of("errors.project.backup_pg")
    if not path.is_file():
        raise ProjectError.of("errors.project.none_at_file", path=path)
    probe_project_file(path)
    made = backup.backup_project(path, "manual")
    if made is None:
        raise ProjectError.of("errors.project.empty_backup", name=path.name)
    return made


def restore(target: str | Path, chosen: str | Path) -> tuple[Path | None, Changes]:
    """Put the backup file ``chosen`` in place of the project file ``target``, after saving the current file as
    one more backup (returned; None when there was no file); everything may have changed.

    The project must not be open in any program meanwhile.

    Raises:
        ProjectError: a database URL, or ``chosen`` is missing, damaged or not a Kesheng project; the project
            file is then left as it was.
    """
    return backup.restore_backup(target, chosen), EVERYTHING


def restore_and_open(target: str | Path, chosen: BackupInfo) -> tuple[Project, Changes]:
    """Put the ``chosen`` backup in place of ``target`` (see :func:`restore`) and open it.

    Raises:
        ProjectError: the backup cannot be restored or the restored file cannot be opened (one sentence).
    """
    _saved, changes = restore(target, chosen.path)
    return Project.open(target, create=False), changes


def import_sources(project: Project, paths: Sequence[str], options: ImportOptions | None = None,
                   progress: Progress = no_progress, cancel: CancelToken | None = None,
                   per_source: Mapping[str, ImportOptions] | None = None) -> tuple[list[ImportReport], Changes]:
    """Import ``paths`` into ``project`` in one transaction (see :func:`workbench.ingest.pipeline.import_files`).

    Runs on any thread. Raises what the import raises (``InputError``, ``Cancelled``); nothing is stored then.
    """
    from workbench.ingest.pipeline import import_files

    reports = import_files(project, paths, options, progress, cancel, per_source)
    added = any(r.imported for r in reports)
    return reports, Changes(records=added, sources=bool(reports))


def tag(project: Project, options: TagOptions, progress: Progress = no_progress,
        cancel: CancelToken | None = None) -> tuple[TagResult, Changes]:
    """Run the tagging cascade with ``options`` (build them with :func:`tag_options`); resumable.

    Runs on any thread. ``Changes.record_ids`` names the records when the analyst asked about some (the
    ``record_ids`` option); a whole run just says the tags changed.
    """
    from workbench.tagging.run import tag_project

    result = tag_project(project, options, progress, cancel)
    return result, Changes(tags=result.tagged > 0 or options.relearn, record_ids=frozenset(options.record_ids or ()))
