"""File by file: the wizard's check before importing, and an import where a bad file never blocks a good one.

Both are plain long-running functions (ARCHITECTURE rule 3) over :func:`~workbench.ingest.pipeline.import_files`,
so the check's warnings are the import's warnings, word for word.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from workbench.errors import Cancelled, KeshengError, Phrase, error_text
from workbench.ingest.options import ImportOptions, ImportReport
from workbench.ingest.pipeline import import_files
from workbench.progress import CancelToken, Progress, Scaled, no_progress
from workbench.store.handle import Project

CHECK_ROWS = 5000
"""The check before importing reads at most this many data rows of the source."""
log = logging.getLogger(__name__)


@dataclass
class FileOutcome:
    """What happened to one file of an import.

    Attributes:
        path: the file (or URL) as given.
        status: ``imported``, ``failed`` (nothing of it stored; ``error`` says why), ``skipped`` (not tried:
            its preview had already failed) or ``cancelled`` (not stored: the import was cancelled).
        reports: one report per sheet imported.
        error: the one sentence of a failure (English; :meth:`error_in` gives it in either language).
        cause: the error behind ``error``, when there is one.
    """

    path: str
    status: str
    reports: list[ImportReport] = field(default_factory=list)
    error: str | None = None
    cause: BaseException | None = None

    def error_in(self, lang: str) -> str | None:
        """The failure's sentence in ``lang`` ('zh' or 'en'); None when the file did not fail."""
        return error_text(self.cause, lang) if self.cause is not None else self.error


def check_file(project: Project, path: str, options: ImportOptions, progress: Progress = no_progress,
               cancel: CancelToken | None = None, rows: int = CHECK_ROWS) -> list[ImportReport]:
    """The import of ``path`` run on its first ``rows`` data rows and rolled back: its reports and warnings.

    Runs on a worker thread; the project is left as it was.

    Raises:
        InputError: the source cannot be imported (the sentence the import would give).
        Cancelled: ``cancel`` was triggered.
    """
    one = replace(options, limit=rows, strict=False)
    return import_files(project, [path], None, progress, cancel, per_source={path: one}, commit=False)


def import_each(project: Project, paths: Sequence[str], per_source: Mapping[str, ImportOptions],
                progress: Progress = no_progress, cancel: CancelToken | None = None,
                skip: Mapping[str, str] | None = None) -> list[FileOutcome]:
    """Import each file in its own transaction; a file that fails is rolled back and reported, the rest go on.

    ``skip`` names files not to try (path → the reason, e.g. their preview failed). A cancel rolls back the
    file under way and leaves the files not yet started; files imported before it stay imported.
    Runs on a worker thread.
    """
    cancel = cancel or CancelToken()
    skip = skip or {}
    outcomes: list[FileOutcome] = []
    for i, path in enumerate(paths):
        if path in skip:
            outcomes.append(FileOutcome(path, "skipped", error=skip[path]))
            continue
        if cancel.cancelled:
            outcomes.append(FileOutcome(path, "cancelled"))
            continue
        step = Scaled(progress, i / len(paths), (i + 1) / len(paths))
        try:
            reports = import_files(project, [path], None, step, cancel, per_source={path: per_source[path]})
        except Cancelled:
            outcomes.append(FileOutcome(path, "cancelled"))
        except KeshengError as exc:
            outcomes.append(FileOutcome(path, "failed", error=exc.message, cause=exc))
        except Exception as exc:  # a reader's own error on a malformed file: this file fails, not the import
            log.warning("import of %s failed", path, exc_info=True)
            outcomes.append(FileOutcome(path, "failed", error=error_text(exc, "en"), cause=exc))
        else:
            outcomes.append(FileOutcome(path, "imported", reports))
    progress(1.0, Phrase("progress.done"))
    return outcomes
