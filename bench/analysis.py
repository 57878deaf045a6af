"""Analysis speed at scale: the filtered tree, a node's daily trend and a text-search page.

Builds (once, cached under the user cache dir) a synthetic project of N records (default 1,000,000)
with ~1.5 tags each over a 3-level taxonomy and a year of days, then times, as the median of a few
runs, Kesheng's paths (the aggregate cube, the FTS5 trigram index) against the naive GROUP BY join
and LIKE scan in the same run. Prints one JSON object. Targets: tree ≤ 150 ms, trend ≤ 100 ms,
search page ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.paths import cache_dir
from workbench.project import Project
from workbench.queries import aggregate_cube, aggregates
from workbench.store import fts
from workbench.types import RecordFilter

L1 = ("物流", "售后", "产品", "客服", "价格", "支付", "账户", "活动")
L2 = ("时效", "质量", "态度", "流程")
L3 = ("慢", "错", "缺")
PHRASES = ("物流很快包装完好", "客服态度很差等了很久", "质量不错性价比高", "发货太慢了一个星期才到",
           "尺码偏小建议买大一码", "退款一直没有处理", "味道很好下次还会回购", "屏幕有划痕要求换货",
           "电池续航比宣传的短", "安装师傅很专业")
CHANNELS = ("chat", "ticket", "review", "survey", "social")
START = datetime(2024, 1, 1)


def _nodes() -> list[tuple[str, str | None, str, str, int]]:
    out: list[tuple[str, str | None, str, str, int]] = []
    for i, a in enumerate(L1):
        out.append((f"n{i}", None, a, a, 1))
        for j, b in enumerate(L2):
            out.append((f"n{i}.{j}", f"n{i}", f"{a}/{b}", b, 2))
            out += [(f"n{i}.{j}.{k}", f"n{i}.{j}", f"{a}/{b}/{c}", c, 3) for k, c in enumerate(L3)]
    return out


def build(path: Path, n: int) -> None:
    """Write the synthetic project with plain sqlite3 (schema from Project.open)."""
    Project.open(path).close()
    rng = random.Random(11)
    leaves = [(k, p) for k, _par, p, _name, lvl in _nodes() if lvl == 3]
    db = sqlite3.connect(path)
    db.execute("INSERT INTO sources (id, kind, path, mapping, imported_at, status, counts, report) "
               "VALUES (1, 'csv', 'synthetic', '{}', '2024-01-01 00:00:00', 'complete', '{}', '{}')")
    db.execute("INSERT INTO taxonomy_versions (id, created_at, note, is_current) VALUES (1, '2024-01-01', 'b', 1)")
    db.executemany("INSERT INTO taxonomy_nodes (version_id, key, parent_key, path, name, level, sort) "
                   "VALUES (1, ?, ?, ?, ?, ?, 0)", _nodes())
    batch = 50_000
    for lo in range(0, n, batch):
        recs, tags, ass = [], [], []
        for rid in range(lo + 1, min(lo + batch, n) + 1):
            text = "，".join(rng.sample(PHRASES, 3)) + f"，订单{rng.randrange(10**6)}"
            when = START + timedelta(seconds=rng.randrange(3600 * 24 * 365))
            recs.append((rid, 1, rid, rng.choice(CHANNELS), when.strftime("%Y-%m-%d %H:%M:%S.000000"),
                         f"c{rng.randrange(n // 3 + 1)}", text, float(rng.randint(1, 5)), f"p{rng.randrange(10)}",
                         hashlib.sha1(text.encode()).hexdigest()))
            sentiment = rng.choice(("negative", "neutral", "positive"))
            for key, p in rng.sample(leaves, 1 if rng.random() < 0.5 else 2):
                tags.append((rid, key, p, sentiment))
            ass.append((rid, sentiment, rng.random()))
        db.executemany("INSERT INTO records (id, source_id, source_row, channel, created_at, customer_key, text, "
                       "rating, product, content_hash, is_conversation) VALUES (?,?,?,?,?,?,?,?,?,?,0)", recs)
        db.executemany("INSERT INTO tags (record_id, node_key, path, sentiment, method, confidence) "
                       "VALUES (?,?,?,?, 'rule', 1.0)", tags)
        db.executemany("INSERT INTO assessments (record_id, sentiment, intent, dissatisfaction, confidence, method) "
                       "VALUES (?,?, 'other', ?, 1.0, 'rule')", ass)
        db.commit()
    db.close()


def _time(fn: Callable[[], Any], runs: int) -> float:
    fn()  # warm the page cache once, as an analyst's second click would
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(samples), 1)


NAIVE_TREE = """
SELECT t.node_key, count(DISTINCT t.record_id), sum(t.sentiment = 'negative'), avg(a.dissatisfaction), avg(r.rating)
FROM tags t JOIN records r ON r.id = t.record_id LEFT JOIN assessments a ON a.record_id = r.id
WHERE r.created_at >= ? AND r.created_at < ? AND r.channel IN ('chat', 'ticket') GROUP BY t.node_key"""
NAIVE_TREND = """
SELECT substr(r.created_at, 1, 10), count(DISTINCT r.id) FROM tags t JOIN records r ON r.id = t.record_id
WHERE t.node_key IN (?, ?, ?) GROUP BY 1"""
NAIVE_SEARCH = "SELECT id, text FROM records WHERE text LIKE ? ORDER BY id DESC LIMIT 50"


def measure(path: Path, runs: int) -> dict[str, Any]:
    project = Project.open(path)
    t0 = time.perf_counter()
    with project.write() as conn:
        fts.ensure_fts(conn)
    fts_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    aggregate_cube.ensure_cube(project)
    cube_build = time.perf_counter() - t0
    flt = RecordFilter(date_from=datetime(2024, 10, 1), date_to=datetime(2025, 1, 1), channels=("chat", "ticket"))
    unaligned = RecordFilter(date_from=datetime(2024, 10, 17), date_to=datetime(2024, 11, 30))  # 44 days: day rows
    raw = sqlite3.connect(path)
    args = (str(flt.date_from), str(flt.date_to))
    search = "发货太慢"

    def search_page() -> list[Any]:
        with project.read() as conn:
            ids = fts.search_ids(conn, search, limit=50)
            return list(conn.exec_driver_sql(f"SELECT id, text FROM records WHERE id IN ({','.join(map(str, ids))})"))

    out: dict[str, Any] = {
        "records": project.stats().records, "runs": runs,
        "fts_build_s": round(fts_build, 1), "cube_build_s": round(cube_build, 1),
        "tree_filtered_ms": _time(lambda: aggregates.tree_aggregate(project, flt), runs),
        "tree_unaligned_44_days_ms": _time(lambda: aggregates.tree_aggregate(project, unaligned), runs),
        "tree_filtered_exact_path_ms": _time(lambda: aggregates.tree_aggregate(project, flt, use_cube=False), 1),
        "tree_filtered_naive_group_by_ms": _time(lambda: raw.execute(NAIVE_TREE, args).fetchall(), 1),
        "trend_daily_ms": _time(lambda: aggregates.daily_counts(project, "n1.2"), runs),
        "trend_daily_naive_ms": _time(lambda: raw.execute(NAIVE_TREND, ("n1.2.0", "n1.2.1", "n1.2.2")).fetchall(), 1),
        "search_page_ms": _time(search_page, runs),
        "search_page_naive_like_ms": _time(lambda: raw.execute(NAIVE_SEARCH, (f"%{search}%",)).fetchall(), runs),
        "search_rare_fts_ms": _time(lambda: search_rare(project), runs),
        "search_rare_naive_like_ms": _time(lambda: raw.execute(NAIVE_SEARCH, ("%订单123456%",)).fetchall(), 1),
        "signature_check_ms": _time(lambda: aggregate_cube.ensure_cube(project), runs),
    }
    out["baseline"] = "naive GROUP BY join over tags × records (and LIKE scan for text), same run"
    out["speedup_vs_naive"] = {
        "tree": round(out["tree_filtered_naive_group_by_ms"] / max(out["tree_filtered_ms"], 0.1), 1),
        "trend": round(out["trend_daily_naive_ms"] / max(out["trend_daily_ms"], 0.1), 1),
        "rare_search": round(out["search_rare_naive_like_ms"] / max(out["search_rare_fts_ms"], 0.1), 1)}
    out["targets_met"] = {"tree_150ms": out["tree_filtered_ms"] <= 150, "trend_100ms": out["trend_daily_ms"] <= 100,
                          "search_200ms": out["search_page_ms"] <= 200}
    project.close()
    return out


def search_rare(project: Project) -> list[int]:
    with project.read() as conn:
        return fts.search_ids(conn, "订单123456", limit=50)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    folder = cache_dir() / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"analysis-{args.records}.kesheng"
    t0 = time.perf_counter()
    if args.rebuild or not path.exists():
        path.unlink(missing_ok=True)
        build(path, args.records)
    built = round(time.perf_counter() - t0, 1)
    result = {"bench": "analysis", "project": str(path), "generate_s": built, **measure(path, args.runs)}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
