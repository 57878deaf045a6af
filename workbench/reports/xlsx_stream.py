"""Stream a large sheet's rows straight into a saved .xlsx as SpreadsheetML, without openpyxl cells.

openpyxl builds an object per cell: about 10 s per 100,000 nine-column rows. Here the workbook is
saved by openpyxl with the sheet's header and one styled sample row (so column widths, the frozen
pane, the filter and the date style exist), then the sheet's XML is rewritten in the archive: header
kept, rows generated as plain XML text. Text goes in as inline strings, never as formulas, with
characters XML forbids removed and Excel's 32,767-character cell limit applied.
"""

from __future__ import annotations

import math
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

MAX_CELL = 32_767
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = datetime(1899, 12, 30)
_SHEET_DATA = re.compile(r"<sheetData>(.*?)</sheetData>", re.S)
_FIRST_ROW = re.compile(r'<row r="1"[ >].*?</row>', re.S)
_STYLE_OF = re.compile(r'<c r="([A-Z]+)2"[^>]*? s="(\d+)"')
_FILTER = re.compile(r'<autoFilter ref="([^"]*)"')
_DIMENSION = re.compile(r"<dimension [^>]*/>")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _cell(ref: str, value: Any, styles: dict[str, str]) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)) and math.isfinite(value):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, (datetime, date)):
        moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
        serial = (moment.replace(tzinfo=None) - _EPOCH).total_seconds() / 86400
        style = styles.get(ref.rstrip("0123456789"))
        styled = f' s="{style}"' if style else ""
        return f'<c r="{ref}"{styled}><v>{serial!r}</v></c>'
    text = _ILLEGAL.sub("", str(value))[:MAX_CELL]
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def sheet_member(path: Path, title: str) -> str:
    """The archive member holding the sheet called ``title``."""
    with zipfile.ZipFile(path) as zf:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    rid = next((sh.get(_REL_ID) for sh in book.iter(f"{{{_MAIN}}}sheet") if sh.get("name") == title), None)
    target = next((rel.get("Target") for rel in rels if rel.get("Id") == rid), None) if rid else None
    if not target:
        raise KeyError(title)
    name = target.lstrip("/")
    return name if name.startswith("xl/") else f"xl/{name}"


def stream_rows(path: Path, title: str, rows: Iterable[Sequence[Any]],
                tick: Callable[[int], None] = lambda _n: None) -> int:
    """Replace the data rows of sheet ``title`` in the saved workbook ``path`` with ``rows``; returns
    how many were written. The saved sheet must hold a header (row 1) and one sample row (row 2),
    whose date cells' styles are reused for date values in the same columns. ``tick(n)`` is called
    every 5,000 rows (raise there to cancel; ``path`` is then left as it was)."""
    member = sheet_member(path, title)
    tmp = path.with_name(path.name + ".rows")
    try:
        with zipfile.ZipFile(path) as src:
            xml = src.read(member).decode("utf-8")
            data = _SHEET_DATA.search(xml)
            header = _FIRST_ROW.search(xml)
            if data is None or header is None:
                raise ValueError(f"sheet {title!r} has no header row to keep")
            styles = dict(_STYLE_OF.findall(data.group(1)))
            prefix, suffix = _DIMENSION.sub("", xml[:data.start()]), xml[data.end():]  # its size is not known yet
            n = 0
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
                for info in src.infolist():
                    if info.filename != member:
                        dst.writestr(info, src.read(info.filename), compress_type=zipfile.ZIP_DEFLATED)
                with dst.open(member, "w", force_zip64=True) as out:
                    out.write((prefix + "<sheetData>" + header.group(0)).encode("utf-8"))
                    columns: list[str] = []
                    chunk: list[str] = []
                    for values in rows:
                        r = n + 2
                        columns += [get_column_letter(i + 1) for i in range(len(columns), len(values))]
                        cells = "".join(_cell(f"{columns[i]}{r}", v, styles) for i, v in enumerate(values))
                        chunk.append(f'<row r="{r}">{cells}</row>')
                        n += 1
                        if n % 5000 == 0:
                            out.write("".join(chunk).encode("utf-8"))
                            chunk.clear()
                            tick(n)
                    out.write("".join(chunk).encode("utf-8"))
                    def refilter(m: re.Match[str]) -> str:  # the filter covers every row written
                        start, _, end = m.group(1).partition(":")
                        return f'<autoFilter ref="{start}:{end.rstrip("0123456789")}{max(n + 1, 2)}"'

                    out.write(("</sheetData>" + _FILTER.sub(refilter, suffix)).encode("utf-8"))
        os.replace(tmp, path)
        return n
    finally:
        if tmp.exists():
            tmp.unlink()
