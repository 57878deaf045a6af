"""PostgreSQL store speed: import rows/s with COPY vs the executemany baseline vs SQLite; search and tree times.

Prints one JSON object. ``--rows N`` (default 100,000). ``--url URL`` uses an existing PostgreSQL
server (the URL of any database on it: two new databases are made there, left for you to drop);
otherwise a throwaway cluster is started from the Debian PostgreSQL binaries, as the tests do.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repo root: tests.pg_server, workbench

from workbench.ingest import writer
from workbench.ingest.pipeline import import_files
from workbench.project import Project
from workbench.queries import aggregates
from workbench.store import fts
from workbench.types import RecordFilter

_PHRASES = ("物流很快包装完好", "客服态度很差等了很久", "质量不错性价比高", "发货太慢了一个星期才到",
            "尺码偏小建议买大一码", "退款一直没有处理", "味道很好下次还会回购", "屏幕有划痕要求换货")


def _csv(path: Path, n: int, seed: int) -> Path:
    rng, start = random.Random(seed), datetime(2024, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["编号", "时间", "渠道", "评分", "评论内容"])
        for i in range(n):
            when = start + timedelta(seconds=rng.randrange(3600 * 24 * 365))
            text = f"订单{seed}-{i}:" + ",".join(rng.sample(_PHRASES, 3))
            out.writerow([f"{seed}-{i}", when.strftime("%Y-%m-%d %H:%M:%S"), rng.choice(("评价", "工单")),
                          rng.randint(1, 5), text])
    return path


@contextmanager
def _databases(url: str | None) -> Iterator[Callable[[], str]]:
    if url:
        yield lambda: _new_database_on(url)
        return
    from tests.pg_server import get_server, stop_server

    try:
        yield get_server().new_database
    finally:
        stop_server()


def _new_database_on(url: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"kesheng_bench_{os.getpid()}_{time.monotonic_ns()}"
    base = make_url(url)
    dsn = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    return base.set(database=name).render_as_string(hide_password=False)


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _import_rate(target: str, path: Path, rows: int) -> tuple[float, Project]:
    project = Project.open(target)
    seconds, _ = _timed(lambda: import_files(project, [str(path)]))
    return rows / seconds, project


def _queries(project: Project) -> dict[str, float]:
    with project.write() as conn:
        index_s, _ = _timed(lambda: fts.ensure_fts(conn))
    with project.read() as conn:
        search_s, hits = _timed(lambda: fts.search_ids(conn, "退款一直", limit=50))
        short_s, _ = _timed(lambda: fts.search_ids(conn, "划痕", limit=50))
    tree_s, _ = _timed(lambda: aggregates.tree_aggregate(project, RecordFilter(text="退款一直"), use_cube=False))
    assert hits, "the search term is in the generated data"
    return {"index_s": round(index_s, 3), "search_3plus_chars_ms": round(search_s * 1000, 1),
            "search_2_chars_ms": round(short_s * 1000, 1), "filtered_tree_ms": round(tree_s * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--url", help="an empty PostgreSQL database to use instead of a throwaway cluster")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, _databases(args.url) as new_database:
        data = _csv(Path(tmp) / "a.csv", args.rows, 1)
        sqlite_rate, lite = _import_rate(str(Path(tmp) / "bench.kesheng"), data, args.rows)
        copy_rate, pg = _import_rate(new_database(), data, args.rows)
        writer.BatchWriter.use_copy = False  # the baseline: the same rows into another new database, executemany
        try:
            many_rate, pg_many = _import_rate(new_database(), data, args.rows)
        finally:
            writer.BatchWriter.use_copy = True
        pg_many.close()
        pg_queries, lite_queries = _queries(pg), _queries(lite)
        pg.close()
        lite.close()
    print(json.dumps({
        "rows": args.rows,
        "postgresql_copy_rows_per_s": round(copy_rate),
        "baseline_postgresql_executemany_rows_per_s": round(many_rate),
        "copy_speedup": round(copy_rate / many_rate, 2),
        "baseline_sqlite_rows_per_s": round(sqlite_rate),
        "postgresql": pg_queries,
        "sqlite": lite_queries,
    }))


if __name__ == "__main__":
    main()
