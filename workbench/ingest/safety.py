"""Checks that keep hostile or broken files out: wrong format, encrypted workbooks, truncated zips, zip bombs.

Each failure raises :class:`~workbench.errors.InputError` with one clear sentence.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from workbench.errors import InputError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SQLITE_MAGIC = b"SQLite format 3\x00"
TEXT_EXTENSIONS = ("", ".csv", ".tsv", ".txt", ".tab", ".dat")
MAX_UNCOMPRESSED = 4 * 1024**3
"""Cap on a workbook's total uncompressed size (a zip bomb guard)."""
MAX_RATIO = 1000
"""Cap on one member's compression ratio once it is over 10 MB uncompressed."""
MAX_CELL_CHARS = 50 * 1024 * 1024
"""A single cell above this is refused (50 MB of text)."""


def head(path: Path, n: int = 16) -> bytes:
    """The first ``n`` bytes of a file."""
    with path.open("rb") as fh:
        return fh.read(n)


def sniff_kind(path: Path) -> str:
    """The reader a file needs: xlsx, xls, csv, json, jsonl or sqlite (by content first, then extension).

    Raises:
        InputError: the file is missing, empty or a folder.
    """
    try:
        exists = path.exists()
    except (ValueError, OSError):  # a NUL character or an over-long name
        exists = False
    if not exists:
        raise InputError.of("errors.ingest.missing", path=path)
    if path.is_dir():
        raise InputError.of("errors.ingest.folder", path=path)
    if path.stat().st_size == 0:
        raise InputError.of("errors.ingest.empty_file", name=path.name)
    magic = head(path)
    ext = path.suffix.lower()
    if magic.startswith(SQLITE_MAGIC):
        return "sqlite"
    if magic.startswith(ZIP_MAGIC) or ext in (".xlsx", ".xlsm"):
        return "xlsx"
    if magic.startswith(OLE_MAGIC):
        return "xls"
    if ext == ".jsonl" or ext == ".ndjson":
        return "jsonl"
    if ext == ".json":
        return "json"
    if ext in TEXT_EXTENSIONS:
        return "csv"
    raise InputError.of("errors.ingest.unknown_kind", name=path.name)


def check_workbook(path: Path) -> None:
    """Refuse an xlsx that is not a zip, is encrypted, truncated, or would inflate past the caps.

    Raises:
        InputError: one sentence naming the problem.
    """
    magic = head(path, 8)
    if magic.startswith(OLE_MAGIC):
        raise InputError.of("errors.ingest.encrypted", name=path.name)
    if not magic.startswith(ZIP_MAGIC):
        raise InputError.of("errors.ingest.not_xlsx", name=path.name)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InputError.of("errors.ingest.truncated_zip", name=path.name, reason=exc) from exc
    names = {i.filename for i in infos}
    if "EncryptedPackage" in names or not any(n.startswith("xl/") for n in names):
        raise InputError.of("errors.ingest.zip_not_workbook", name=path.name)
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_UNCOMPRESSED or (info.file_size > 10 * 1024**2 and ratio > MAX_RATIO):
            raise InputError.of("errors.ingest.zip_bomb", name=path.name, mb=MAX_UNCOMPRESSED // 1024**2)


def check_cell(value: str, where: str) -> None:
    """Refuse a single cell over :data:`MAX_CELL_CHARS`.

    Raises:
        InputError: the cell is too large.
    """
    if len(value) > MAX_CELL_CHARS:
        raise InputError.of("errors.ingest.cell_too_big", where=where, mb=len(value) / 1024**2,
                             limit=MAX_CELL_CHARS // 1024**2)
