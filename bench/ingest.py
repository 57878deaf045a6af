"""Import speed: an N-row .xlsx end to end vs pandas.read_excel(openpyxl) merely reading it; CSV and SQLite rows/s.

Prints one JSON object. ``--rows N`` (default 1,000,000); generated inputs are cached under the user cache dir.
``--sessions N`` (default 100,000; 0 skips) adds the transcript case: N chat sessions of 12 turns, each whole
transcript in one cell, parsed, masked and stored; the baseline is the same sessions exported one message per row.
``--only-transcripts`` runs that case alone.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from platformdirs import user_cache_dir

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's workbench, not an installed one

from bench._transcripts import write_messages, write_transcripts
from workbench.ingest.pipeline import ImportOptions, import_files
from workbench.project import Project

_PHRASES = ("物流很快包装完好", "客服态度很差等了很久", "质量不错性价比高", "发货太慢了一个星期才到",
            "尺码偏小建议买大一码", "退款一直没有处理", "味道很好下次还会回购", "屏幕有划痕要求换货",
            "电池续航比宣传的短", "安装师傅很专业")


def _rows(n: int) -> list[tuple[int, str, str, int, str]]:
    rng = random.Random(7)
    start = datetime(2024, 1, 1)
    out = []
    for i in range(n):
        text = f"订单{rng.randrange(10**6):06d}：" + "，".join(rng.sample(_PHRASES, 4))
        when = (start + timedelta(seconds=rng.randrange(3600 * 24 * 365))).strftime("%Y-%m-%d %H:%M:%S")
        out.append((i + 1, when, rng.choice(("review", "chat", "ticket")), rng.randint(1, 5), text[:42]))
    return out


def _xlsx(path: Path, n: int) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("data")
    ws.append(["id", "time", "channel", "rating", "text"])
    for row in _rows(n):
        ws.append(row)
    wb.save(path)


def _csv(path: Path, n: int) -> None:
    with path.open("w", encoding="gb18030", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["编号", "时间", "渠道", "评分", "评论内容"])
        w.writerows(_rows(n))


def _sqlite(path: Path, n: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE feedback (id INTEGER, created TEXT, channel TEXT, score INTEGER, comment TEXT)")
    conn.executemany("INSERT INTO feedback VALUES (?,?,?,?,?)", _rows(n))
    conn.commit()
    conn.close()


def _cached(name: str, n: int, build: object) -> Path:
    folder = Path(user_cache_dir("kesheng")) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"ingest-{n}-{name}"
    if not path.exists():
        tmp = path.with_name("tmp-" + path.name)
        build(tmp, n)  # type: ignore[operator]
        tmp.rename(path)
    return path


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the import's worker processes)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _import(path: Path, table: str | None = None) -> tuple[float, float, int]:
    """Wall and CPU seconds to import ``path`` end to end into a new project, and the records imported."""
    secs, cpu, imported, _ = _import_report(path, table)
    return secs, cpu, imported


def _import_report(path: Path, table: str | None = None) -> tuple[float, float, int, dict[str, object]]:
    with tempfile.TemporaryDirectory() as tmp, Project.open(Path(tmp) / "b.kesheng") as project:
        t0, c0 = time.perf_counter(), _cpu()
        reports = import_files(project, [str(path)], ImportOptions(table=table))
        r = reports[0]
        facts = {"conversations": r.conversations, "messages": r.messages, "turns": r.turns,
                 "masked": dict(r.masked_by_kind)}
        return time.perf_counter() - t0, _cpu() - c0, r.imported, facts


def transcripts(n: int) -> dict[str, object]:
    """The transcript case and its rows-per-message baseline, on the same ``n`` sessions."""
    secs, cpu, imported, facts = _import_report(_cached("transcripts.csv", n, write_transcripts))
    base_s, base_cpu, base_imported, base_facts = _import_report(_cached("messages.csv", n, write_messages))
    return {"sessions": n, "transcript_import_s": round(secs, 2), "transcript_import_cpu_s": round(cpu, 2),
            "transcript_sessions_per_s": round(n / secs), "transcript_imported": imported, "transcript": facts,
            "baseline": "the same sessions, one message per row", "messages_import_s": round(base_s, 2),
            "messages_import_cpu_s": round(base_cpu, 2), "messages_imported": base_imported,
            "messages": base_facts, "transcript_vs_messages": round(base_s / secs, 2),
            "target_transcript_s<=60 (100k sessions)": secs <= 60 * n / 100_000}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--side-rows", type=int, default=None, help="rows for the CSV and SQLite runs")
    parser.add_argument("--no-pandas", action="store_true")
    parser.add_argument("--sessions", type=int, default=100_000, help="chat sessions for the transcript case")
    parser.add_argument("--only-transcripts", action="store_true")
    args = parser.parse_args()
    if args.only_transcripts:
        case = transcripts(args.sessions)
        case.update(bench="ingest", cpus=os.cpu_count(), loadavg_1m=round(os.getloadavg()[0], 2),
                    peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
        print(json.dumps(case, ensure_ascii=False))
        return
    n, side = args.rows, args.side_rows or min(args.rows, 200_000)
    xlsx = _cached("reviews.xlsx", n, _xlsx)
    load0 = os.getloadavg()[0]
    secs, cpu_s, imported = _import(xlsx)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result: dict[str, object] = {"bench": "ingest", "rows": n, "xlsx_import_s": round(secs, 2),
                                 "xlsx_import_cpu_s": round(cpu_s, 2), "loadavg_before": round(load0, 2),
                                 "xlsx_rows_per_s": round(n / secs), "imported": imported,
                                 "peak_rss_mb": round(rss_mb)}
    csv_secs, _, _ = _import(_cached("reviews-gb18030.csv", side, _csv))
    db_secs, _, _ = _import(_cached("feedback.sqlite", side, _sqlite), table="feedback")
    result.update(csv_rows=side, csv_gb18030_rows_per_s=round(side / csv_secs), sqlite_rows=side,
                  sqlite_rows_per_s=round(side / db_secs))
    if not args.no_pandas:
        import pandas as pd  # type: ignore[import-untyped]

        result["loadavg_before_baseline"] = round(os.getloadavg()[0], 2)
        t0, c0 = time.perf_counter(), _cpu()
        pd.read_excel(xlsx, engine="openpyxl")
        pandas_s, pandas_cpu = time.perf_counter() - t0, _cpu() - c0
        result.update(baseline="pandas.read_excel(engine='openpyxl') read only", baseline_s=round(pandas_s, 2),
                      baseline_cpu_s=round(pandas_cpu, 2), speedup=round(pandas_s / secs, 2),
                      speedup_cpu=round(pandas_cpu / cpu_s, 2))
    if args.sessions:
        result["transcripts"] = transcripts(args.sessions)
    result["loadavg_1m"] = round(os.getloadavg()[0], 2)
    result["cpus"] = os.cpu_count()
    result["targets"] = {"xlsx_import_s<=60 (1M rows)": secs <= 60 * n / 1_000_000, "peak_rss_mb<=1536": rss_mb <= 1536,
                         "speedup>=3": result.get("speedup", 0) >= 3}  # type: ignore[operator]
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
