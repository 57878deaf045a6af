"""Resolving the final mapping (auto → saved layout → user overrides) into column indices."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.errors import InputError
from workbench.ingest.builder import Columns
from workbench.ingest.mapping import FIELDS, detect


class NoTextColumn(InputError):
    """A table without any text to analyse (a summary sheet, a lookup table)."""


def resolve_mapping(header: Sequence[str], sample: Sequence[list[object]], saved: dict[str, str],
                    overrides: dict[str, str]) -> dict[str, str]:
    """The mapping field → column to use.

    Raises:
        InputError: an override names an unknown field or a column the source does not have.
    """
    mapping = detect(header, sample)
    if saved and all(col in header for col in saved.values()):
        mapping = dict(saved)
    for fld, col in overrides.items():
        if fld not in FIELDS and not (fld.startswith("extra:") and len(fld) > 6):
            raise InputError.of("errors.ingest.unknown_field", field=fld, fields=", ".join(FIELDS))
        if not col:
            mapping.pop(fld, None)
            continue
        if col not in header:
            raise InputError.of("errors.ingest.no_column", column=col, columns=", ".join(header))
        for other in [f for f, c in mapping.items() if c == col and f != fld]:
            del mapping[other]
        mapping[fld] = col
    return mapping


def to_columns(header: Sequence[str], mapping: dict[str, str], where: str) -> Columns:
    """Column indices for the mapped fields; unmapped columns become extras.

    Raises:
        InputError: no text column could be found.
    """
    if "text" not in mapping:
        raise NoTextColumn.of("errors.ingest.no_text_column", where=where, columns=", ".join(header)[:200])
    pos = {col: i for i, col in enumerate(header)}
    index = {f: pos[c] for f, c in mapping.items() if not f.startswith("extra:")}
    named = {c: f[6:] for f, c in mapping.items() if f.startswith("extra:")}
    used = set(index.values())
    extras = [(named.get(col, col), i) for i, col in enumerate(header) if i not in used]
    return Columns(index=index, extras=extras)
