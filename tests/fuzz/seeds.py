"""Valid seed files for mutation fuzzing, built fresh by code (never from /work/shared/data)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import openpyxl

HEADER = ["编号", "内容", "渠道", "时间"]
ROWS = [
    ["1", "物流太慢了，等了一周", "电商", "2024-03-01 10:00"],
    ["2", "客服态度很好，\n问题解决了", "客服", "2024-03-02"],
    ["3", "\"退款\"一直不到账, 很失望", "工单", "2024/03/03"],
    ["4", "=HYPERLINK(\"x\")", "评论", "2024-03-04"],
    ["5", "包装破损 😡", "评论", "2024-03-05 08:30:00"],
    ["6", "", "电商", ""],
]
CSV_ENCODINGS = ("utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16")


def csv_bytes(encoding: str = "utf-8", rows: list[list[str]] | None = None, newline: str = "\r\n",
              delimiter: str = ",") -> bytes:
    """A CSV export in ``encoding`` (emoji dropped where the encoding cannot hold them).

    With a bare ``\r`` or ``\n`` line end every cell is quoted: Python's writer only quotes the characters of
    its own line terminator, so an unquoted ``\n`` in a cell would really start a new row.
    """
    buf = io.StringIO()
    quoting = csv.QUOTE_MINIMAL if newline == "\r\n" else csv.QUOTE_ALL
    writer = csv.writer(buf, lineterminator=newline, delimiter=delimiter, quoting=quoting)
    writer.writerow(HEADER)
    writer.writerows(rows if rows is not None else ROWS)
    return buf.getvalue().encode(encoding, errors="ignore")


def jsonl_bytes() -> bytes:
    return "\n".join(json.dumps(dict(zip(HEADER, r, strict=True)), ensure_ascii=False) for r in ROWS).encode()


def json_bytes() -> bytes:
    convo = {"session": "s1", "messages": [{"role": "customer", "text": "在吗？物流太慢", "time": "2024-03-01 10:00"},
                                           {"role": "agent", "text": "您好，马上查", "time": "2024-03-01 10:01"}]}
    return json.dumps({"records": [dict(zip(HEADER, r, strict=True)) for r in ROWS] + [convo]},
                      ensure_ascii=False).encode()


def xlsx_file(path: Path, rows: list[list[object]] | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "反馈"
    ws.append(["客户反馈导出"])  # a title row above the header
    ws.append(HEADER)
    for row in rows if rows is not None else ROWS:
        ws.append(row)
    ws.merge_cells("A1:D1")
    wb.create_sheet("空表")
    wb.save(path)
    return path


def sqlite_file(path: Path, table: str = "feedback", rows: list[list[object]] | None = None) -> Path:
    conn = sqlite3.connect(path)
    quoted = '"' + table.replace('"', '""') + '"'
    conn.execute(f"CREATE TABLE {quoted} (id TEXT, text TEXT, channel TEXT, time TEXT)")
    conn.executemany(f"INSERT INTO {quoted} VALUES (?, ?, ?, ?)", rows if rows is not None else ROWS)
    conn.commit()
    conn.close()
    return path


def seed_bytes(kind: str, folder: Path) -> tuple[bytes, str]:
    """The bytes of one seed file and the file suffix it needs."""
    if kind.startswith("csv-"):
        return csv_bytes(kind[4:]), ".csv"
    if kind == "jsonl":
        return jsonl_bytes(), ".jsonl"
    if kind == "json":
        return json_bytes(), ".json"
    if kind == "xlsx":
        return xlsx_file(folder / "seed.xlsx").read_bytes(), ".xlsx"
    if kind == "sqlite":
        return sqlite_file(folder / "seed.db").read_bytes(), ".db"
    raise ValueError(kind)


SEED_KINDS = (*(f"csv-{e}" for e in CSV_ENCODINGS), "jsonl", "json", "xlsx", "sqlite")
