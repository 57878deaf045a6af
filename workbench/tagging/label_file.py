"""Reading analyst label files (CSV or Excel): ``record_id`` or ``external_id``, ``tags`` (paths joined
by ``|``), optional ``sentiment``. Shared by `label` and `eval --gold`."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import InputError
from workbench.ingest.safety import MAX_CELL_CHARS
from workbench.textsafety import is_formula_like
from workbench.types import SENTIMENTS

SENTIMENT_ALIASES = {"pos": "positive", "neg": "negative", "neu": "neutral", "正面": "positive",
                     "负面": "negative", "中性": "neutral", "1": "positive", "-1": "negative", "0": "neutral"}


@dataclass(frozen=True)
class Label:
    """One labelled row: which record, its tag paths, its sentiment (None when not given)."""

    row: int
    record_id: int | None
    external_id: str | None
    paths: tuple[str, ...]
    sentiment: str | None


def _rows(path: Path) -> list[dict[str, str]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from python_calamine import CalamineWorkbook

        try:
            sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        except Exception as exc:
            raise InputError.of("errors.tagging.labels_xlsx", name=path.name, reason=exc) from exc
        header = [str(h).strip() for h in sheet[0]] if sheet else []
        return [{h: "" if v is None else str(v) for h, v in zip(header, row, strict=False)} for row in sheet[1:]]
    csv.field_size_limit(MAX_CELL_CHARS + 1)  # the same cap as imports, not csv's 128 KB default
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            with path.open(encoding=encoding, newline="") as fh:
                return [{(k or "").strip(): (v or "") for k, v in row.items()} for row in csv.DictReader(fh)]
        except UnicodeDecodeError:
            continue
        except csv.Error as exc:
            raise InputError.of("errors.tagging.labels_csv", name=path.name, reason=exc) from exc
    raise InputError.of("errors.tagging.labels_encoding", name=path.name)


def _plain(cell: str) -> str:
    """A cell with the apostrophe our CSV writers put before formula-like text removed (see reports.safety)."""
    return cell[1:] if cell.startswith("'") and is_formula_like(cell[1:]) else cell


def read_labels(path: str | Path) -> list[Label]:
    """All rows of a label file.

    Raises:
        InputError: missing file, no ``record_id``/``external_id`` or ``tags`` column, a bad sentiment.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError.of("errors.tagging.no_label_file", path=path)
    rows = _rows(path)
    if not rows:
        raise InputError.of("errors.tagging.labels_no_rows", name=path.name)
    columns = set(rows[0])
    if not ({"record_id", "external_id"} & columns) or "tags" not in columns:
        raise InputError.of("errors.tagging.labels_columns", name=path.name)
    out = []
    for i, row in enumerate(rows, start=2):
        rid = row.get("record_id", "").strip()
        if rid and not (rid.isascii() and rid.removesuffix(".0").isdigit()):  # '²'.isdigit() is True
            raise InputError.of("errors.tagging.labels_id", name=path.name, row=i, id=rid)
        sentiment = row.get("sentiment", "").strip().lower() or None
        sentiment = SENTIMENT_ALIASES.get(sentiment or "", sentiment)
        if sentiment is not None and sentiment not in SENTIMENTS:
            raise InputError.of("errors.tagging.labels_sentiment", name=path.name, row=i, got=sentiment)
        paths = tuple(p.strip().strip("/") for p in _plain(row.get("tags", "")).split("|") if p.strip())
        out.append(Label(i, int(rid.removesuffix(".0")) if rid else None,
                         _plain(row.get("external_id", "")).strip() or None, paths, sentiment))
    return out
