"""Output safety of the reports: where a report file may be written (the formula guard is
:mod:`workbench.textsafety`)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from workbench.errors import InputError


def output_path(out: str | Path, suffix: str, folder: str | Path | None = None) -> Path:
    """The resolved path to write, with the expected suffix; with ``folder`` it must stay inside it.

    Raises:
        InputError: wrong suffix, a missing or unwritable folder, a folder of that name, or a path escaping
            ``folder`` (e.g. ``../../x``).
    """
    try:
        path = Path(out).expanduser()
        if folder is not None:
            base = Path(folder).expanduser().resolve()
            path = (base / path).resolve()
            if os.path.commonpath([base, path]) != str(base):
                raise InputError.of("errors.report.outside", path=out, folder=base)
        else:
            path = path.resolve()
    except (ValueError, OSError) as exc:  # a NUL character, a symlink loop
        raise InputError.of("errors.report.path", path=str(out), reason=exc) from exc
    if path.suffix.lower() != f".{suffix}":
        raise InputError.of("errors.report.suffix", suffix=suffix, name=path.name)
    if not path.parent.is_dir():
        raise InputError.of("errors.bundle.no_folder", folder=path.parent)
    if path.is_dir():
        raise InputError.of("errors.report.folder", path=path, suffix=suffix)
    _check_writable(path.parent)
    return path


def _check_writable(folder: Path) -> None:
    """Create and remove a scratch file: the only sure test (permissions, read-only mounts, /proc)."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise InputError.of("errors.export.folder", folder=folder, reason=exc.strerror or exc) from exc
