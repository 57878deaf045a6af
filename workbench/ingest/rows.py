"""From a raw table to a header and a stream of data rows (title rows, blank rows and header skipped)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from workbench.ingest.mapping import find_header, header_names, is_subheader
from workbench.ingest.table import RawTable

SAMPLE_ROWS = 200


@dataclass
class HeadedTable:
    """A table whose header is known: ``rows`` yields (source row number, cells) for data rows only."""

    raw: RawTable
    header: list[str]
    header_row: int
    sample: list[list[object]]
    rows: Iterator[tuple[int, list[object]]]


def with_header(raw: RawTable, sample_rows: int = SAMPLE_ROWS) -> HeadedTable:
    """Find the header among the first rows and return the table with data rows streaming after it."""
    head = list(itertools.islice(raw.rows, sample_rows + 30))
    filled = [(n, r) for n, r in head if any(c not in (None, "") for c in r)]
    if not filled:
        return HeadedTable(raw, [], 0, [], iter(()))
    idx = 0 if raw.header_known else find_header([r for _, r in filled])
    width = max(len(r) for _, r in filled)
    above = filled[idx - 1][1] if idx > 0 else None
    if not raw.header_known and idx + 1 < len(filled) and is_subheader(filled[idx + 1][1], filled[idx][1]):
        above = filled[idx][1]  # a two-level header: group names above, field names below
        idx += 1
    header = header_names(filled[idx][1], above, width)
    rest = [(n, r) for n, r in head if n > filled[idx][0]]
    sample = [r for _, r in rest if any(c not in (None, "") for c in r)][:sample_rows]
    return HeadedTable(raw, header, filled[idx][0], sample, _data(itertools.chain(rest, raw.rows)))


def _data(rows: Iterator[tuple[int, list[object]]]) -> Iterator[tuple[int, list[object]]]:
    for n, row in rows:
        for cell in row:
            if cell is not None and cell != "":
                yield n, row
                break
