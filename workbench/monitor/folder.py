"""A watched folder: files that stopped growing are imported, then moved to ``imported/`` (or ``rejected/``)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from workbench.errors import InputError
from workbench.ingest.options import ImportOptions
from workbench.monitor.importing import import_one
from workbench.monitor.state import CycleReport
from workbench.store.handle import Project

log = logging.getLogger(__name__)

EXTENSIONS = frozenset({".xlsx", ".xls", ".csv", ".tsv", ".txt", ".json", ".jsonl", ".db", ".sqlite", ".sqlite3"})
IMPORTED, REJECTED = "imported", "rejected"
Look = dict[Path, tuple[int, int]]


def _candidates(folder: Path) -> Look:
    """Supported files directly in ``folder`` (hidden files and Office lock files are someone's work)."""
    out: Look = {}
    for path in folder.iterdir():
        if path.name.startswith((".", "~$")) or path.suffix.lower() not in EXTENSIONS:
            continue
        try:
            st = path.stat()
        except OSError:  # gone between the listing and the look
            continue
        if path.is_file():
            out[path] = (st.st_size, st.st_mtime_ns)
    return out


def move_aside(path: Path, into: Path) -> Path:
    """Move ``path`` into the folder ``into`` without overwriting (``name.1.ext`` …); returns the new path."""
    into.mkdir(exist_ok=True)
    target, n = into / path.name, 0
    while target.exists():
        n += 1
        target = into / f"{path.stem}.{n}{path.suffix}"
    path.replace(target)
    return target


class FolderSource:
    """Files dropped into ``folder``. A file is ready once its size and mtime agree across two looks: the
    previous cycle's, or one ``settle`` seconds later within the same cycle (so a new file waits at most
    one interval). Writers that can should write elsewhere and rename into the folder."""

    def __init__(self, folder: Path, options: ImportOptions, settle: float = 0.5,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.folder, self.options, self.settle, self._sleep = folder, options, settle, sleep
        self._last: Look = {}

    @property
    def description(self) -> str:
        return f"folder {self.folder}"

    def ready(self) -> list[Path]:
        """Files that stopped growing, oldest first."""
        now = _candidates(self.folder)
        ready = [p for p, st in now.items() if self._last.get(p) == st]
        waiting = [p for p in now if p not in ready]
        if waiting:
            self._sleep(self.settle)
            again = _candidates(self.folder)
            ready += [p for p in waiting if again.get(p) == now[p]]
            now = again
        self._last = now
        return sorted(ready, key=lambda p: (now.get(p, (0, 0))[1], p.name))

    def collect(self, project: Project, report: CycleReport, stop: Callable[[], bool]) -> None:
        """Import every ready file (each in its own transaction); a bad file goes to ``rejected/``."""
        for path in self.ready():
            if stop():
                return
            report.files += 1
            try:
                import_one(project, str(path), self.options, report)
            except DBAPIError:
                raise  # the project's store failed, not the file: the file stays for the next cycle
            except InputError as exc:
                self._reject(path, str(exc), report)
                continue
            except Exception as exc:  # a reader bug must not stop the watch either; the reason says what
                log.exception("importing %s failed", path)
                self._reject(path, f"unexpected failure ({type(exc).__name__}: {exc})", report)
                continue
            move_aside(path, self.folder / IMPORTED)
            self._last.pop(path, None)

    def _reject(self, path: Path, reason: str, report: CycleReport) -> None:
        report.rejected += 1
        report.problems.append(f"rejected {path.name}: {reason}")
        moved = move_aside(path, self.folder / REJECTED)
        moved.with_name(moved.name + ".reason.txt").write_text(reason + "\n", encoding="utf-8")
        self._last.pop(path, None)
