"""Reading CSV/TSV/TXT (encoding and delimiter sniffed, quoted newlines) and JSON / JSON Lines."""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workbench.errors import InputError
from workbench.ingest.safety import MAX_CELL_CHARS
from workbench.ingest.table import RawTable

_SAMPLE = 256 * 1024


def detect_encoding(raw: bytes) -> str:
    """utf-8-sig, utf-16, utf-8 or gb18030, judged on a sample of the file's bytes.

    Raises:
        InputError: the bytes are not text in any of these encodings (a binary file).
    """
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if raw[1:200:2].count(0) > 40 or raw[0:200:2].count(0) > 40:
        return "utf-16-le" if raw[1:200:2].count(0) > raw[0:200:2].count(0) else "utf-16-be"
    if b"\x00" in raw:
        raise InputError.of("errors.ingest.binary")
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(raw, final=False)
            return encoding
        except UnicodeDecodeError:
            continue
    raise InputError.of("errors.ingest.encoding")


def detect_delimiter(sample: str, suffix: str) -> str:
    """The field delimiter among , \\t ; | (TSV files default to tab)."""
    lines = [ln for ln in sample.splitlines()[:50] if ln.strip()]
    best, best_score = ("\t" if suffix == ".tsv" else ","), 0.0
    for delim in (",", "\t", ";", "|"):
        counts = [ln.count(delim) for ln in lines]
        if not counts or max(counts) == 0:
            continue
        consistent = sum(1 for c in counts if c == counts[0]) / len(counts)
        score = consistent * min(counts[0], 50) + (0.5 if delim == best else 0)
        if score > best_score:
            best, best_score = delim, score
    return best


def open_csv(path: Path) -> RawTable:
    """Open a delimited text file, sniffing encoding and delimiter.

    Raises:
        InputError: binary or undecodable file.
    """
    with path.open("rb") as fh:
        raw = fh.read(_SAMPLE)
    encoding = detect_encoding(raw)
    sample = codecs.getincrementaldecoder(encoding)(errors="replace").decode(raw, final=False)
    delimiter = detect_delimiter(sample, path.suffix.lower())
    lines = max(sample.count("\n"), 1)
    size = path.stat().st_size
    total = int(size / max(len(raw), 1) * lines) if len(raw) < size else lines
    text = path.open("r", encoding=encoding, newline="", errors="strict")
    return RawTable(kind="csv", name=None, rows=_csv_rows(text, delimiter, path), total=total, encoding=encoding,
                    delimiter=delimiter, close=text.close)


def _csv_rows(fh: Any, delimiter: str, path: Path) -> Iterator[tuple[int, list[object]]]:
    csv.field_size_limit(MAX_CELL_CHARS + 1)
    reader = csv.reader(fh, delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, list(row)
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise InputError.of("errors.ingest.csv_cell_too_big", name=path.name, line=reader.line_num,
                                    limit=MAX_CELL_CHARS // 1024**2) from exc
        raise InputError.of("errors.ingest.malformed_csv", name=path.name, line=reader.line_num, reason=exc) from exc
    except UnicodeDecodeError as exc:
        raise InputError.of("errors.ingest.bad_text", name=path.name, line=reader.line_num,
                            encoding=fh.encoding) from exc


def open_json(path: Path, lines: bool) -> RawTable:
    """Open a JSON array / object holding a list, or JSON Lines; nested message lists become one row each.

    Raises:
        InputError: not valid JSON or not a list of objects.
    """
    try:
        objects = list(_json_lines(path)) if lines else _json_array(path)
        rows = [row for obj in objects for row in flatten(obj)]
    except RecursionError as exc:  # json and flatten recurse once per level of nesting
        raise InputError.of("errors.ingest.json_deep", name=path.name) from exc
    header: list[str] = []
    seen: set[str] = set()
    for row in rows:
        for key in row:
            if key not in seen:
                seen.add(key)
                header.append(key)
    data: list[tuple[int, list[object]]] = [(0, list(header))]
    data.extend((i, [row.get(k) for k in header]) for i, row in enumerate(rows, 1))
    return RawTable(kind="jsonl" if lines else "json", name=None, rows=iter(data), total=len(data),
                    header_known=True)


def _json_lines(path: Path) -> Iterator[Any]:
    raw = path.read_bytes()
    text = raw.decode(detect_encoding(raw[:_SAMPLE]), errors="replace")
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                yield json.loads(line, parse_int=_int)
            except json.JSONDecodeError as exc:
                raise InputError.of("errors.ingest.jsonl_line", name=path.name, line=n, reason=exc.msg) from exc
            except ValueError as exc:  # e.g. an integer of more than 4300 digits
                raise InputError.of("errors.ingest.jsonl_long_number", name=path.name, line=n) from exc


def _json_array(path: Path) -> list[Any]:
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode(detect_encoding(raw[:_SAMPLE]), errors="replace"), parse_int=_int)
    except json.JSONDecodeError as exc:
        raise InputError.of("errors.ingest.json_invalid", name=path.name, line=exc.lineno, reason=exc.msg) from exc
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise InputError.of("errors.ingest.json_long_number", name=path.name) from exc
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        data = lists[0] if len(lists) == 1 else [data]
    if not isinstance(data, list):
        raise InputError.of("errors.ingest.json_no_list", name=path.name)
    return data


def _int(digits: str) -> int | str:
    """A JSON integer; one beyond 64 bits (an id, not a quantity) stays text, as no store column holds it."""
    if len(digits) <= 18:
        return int(digits)
    return int(digits) if len(digits) <= 20 and -(2**63) <= int(digits) < 2**63 else digits


def flatten(obj: Any, prefix: str = "") -> list[dict[str, object]]:
    """One object → rows: nested dicts become ``a.b`` keys; a list of message objects becomes one row each."""
    if not isinstance(obj, dict):
        return [{"text": obj}]
    base: dict[str, object] = {}
    nested: list[dict[str, object]] = []
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            base.update(flatten(value, f"{name}.")[0])
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            nested = [row for v in value for row in flatten(v)]
        elif isinstance(value, list):
            base[name] = ", ".join(str(v) for v in value)
        else:
            base[name] = value
    if not nested:
        return [base]
    return [{**base, **row} for row in nested]
