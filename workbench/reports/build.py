"""Write a report: gather the content, lay it out in the chosen format, publish atomically."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import InputError, Phrase
from workbench.llm.backend import Backend
from workbench.progress import CancelToken, Progress, Scaled, no_progress
from workbench.reports.gather import gather
from workbench.reports.model import ReportContent, ReportSpec
from workbench.reports.safety import output_path
from workbench.store.handle import Project

FORMATS = ("xlsx", "pdf", "docx", "pptx")


@dataclass(frozen=True)
class ReportResult:
    path: Path
    format: str
    content: ReportContent


def render(content: ReportContent, fmt: str, path: Path, progress: Progress = no_progress,
           cancel: CancelToken | None = None) -> None:
    """Lay out already gathered content in one format (no store access except the verbatim stream)."""
    if fmt == "xlsx":
        from workbench.reports.xlsx_writer import write_xlsx

        write_xlsx(content, path, progress, cancel)
    elif fmt == "pdf":
        from workbench.reports.pdf_writer import write_pdf

        write_pdf(content, path, progress, cancel)
    elif fmt == "pptx":
        from workbench.reports.pptx_writer import write_pptx

        write_pptx(content, path, progress, cancel)
    else:
        from workbench.reports.docx_writer import write_docx

        write_docx(content, path, progress, cancel)


STALE_TEMP_S = 3600


def _remove_stale_temps(path: Path, fmt: str) -> None:
    """Remove temp files an interrupted earlier run left next to ``path`` (older than an hour: not a live run)."""
    import time

    for leftover in path.parent.glob(f".{path.stem}-*.{fmt}"):
        try:
            if time.time() - leftover.stat().st_mtime > STALE_TEMP_S:
                leftover.unlink()
        except OSError:
            continue


def write_report(project: Project, spec: ReportSpec, fmt: str, out: str | Path, folder: str | Path | None = None,
                 progress: Progress = no_progress, cancel: CancelToken | None = None,
                 backend: Backend | None = None) -> ReportResult:
    """Gather and write the report. The file appears only when complete: a failure or Cancel leaves
    no partial file (and an existing file at ``out`` untouched). With ``backend`` and
    ``spec.narrative == "llm"`` the model writes the narrative (checked; see :mod:`llm_narrative`)."""
    path = output_path(out, fmt, folder)
    writer = backend if spec.narrative == "llm" else None
    content = gather(project, spec, Scaled(progress, 0.0, 0.5 if writer is None else 0.3), cancel)
    if writer is not None:
        from workbench.reports import llm_narrative

        llm_narrative.apply(content, writer, Scaled(progress, 0.3, 0.5), cancel)
    _remove_stale_temps(path, fmt)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=f".{fmt}")
    except OSError as exc:
        raise InputError.of("errors.export.folder", folder=path.parent, reason=exc.strerror) from exc
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        render(content, fmt, Path(tmp), Scaled(progress, 0.5, 1.0), cancel)
        os.replace(tmp, path)
    except OSError as exc:  # disk full, folder gone, permissions changed while writing
        Path(tmp).unlink(missing_ok=True)
        raise InputError.of("errors.report.write", name=path.name, reason=exc.strerror or exc) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    progress(1.0, Phrase("progress.report.written", path=str(path)))
    return ReportResult(path, fmt, content)
