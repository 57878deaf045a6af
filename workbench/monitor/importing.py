"""One import through the importer's public entry point, its counts added to the cycle's report."""

from __future__ import annotations

from workbench.ingest.options import ImportOptions, ImportReport
from workbench.monitor.state import CycleReport
from workbench.progress import CancelToken
from workbench.store.handle import Project


class SourceUnavailable(Exception):
    """The watched source cannot be reached now (a database that is down); tried again with back-off."""


def import_one(project: Project, target: str, options: ImportOptions, report: CycleReport) -> ImportReport:
    """Import ``target`` (all or nothing, duplicates dropped by the importer) and count it into ``report``.

    Raises:
        InputError: the source is unusable (nothing is stored).
    """
    from workbench.ingest.pipeline import import_files  # the importer is heavy to import; only when needed

    result = import_files(project, [target], options, cancel=CancelToken())[0]
    report.read += result.read
    report.imported += result.imported
    report.duplicates += result.duplicates + result.near_duplicates
    return result
