"""The one shape every reader produces: a named table of raw rows, header rows included."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass
class RawTable:
    """Rows straight from a source, before the header is found.

    Attributes:
        kind: xlsx, xls, csv, json, jsonl, sqlite or dburl.
        name: the sheet or table read (None for flat files).
        rows: iterator of (1-based row number in the source, cells).
        total: rows expected, for progress (None when unknown).
        header_known: the first row is the header for sure (databases, JSON).
        names: every sheet/table the source offers.
        encoding: the detected text encoding (text files).
        delimiter: the detected delimiter (text files).
        close: releases the source (file handle, connection).
    """

    kind: str
    name: str | None
    rows: Iterator[tuple[int, list[object]]]
    total: int | None = None
    header_known: bool = False
    names: list[str] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    close: Callable[[], None] = lambda: None
