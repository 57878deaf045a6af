"""Report speed at scale: a full report (no LLM narrative) on a synthetic 1,000,000-record project.

Reuses bench/analysis.py's cached synthetic project. Times each format end to end (gather + write);
the Excel report carries its default verbatim sheet (up to 100,000 records). Baseline in the same
run: streaming the same verbatim rows to CSV with the standard library (the I/O floor). Target:
each format ≤ 30 s. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from analysis import build  # type: ignore[import-not-found]

from workbench.paths import cache_dir
from workbench.project import Project
from workbench.queries.report_rows import verbatim_rows
from workbench.reports.build import write_report
from workbench.reports.model import ReportSpec
from workbench.types import RecordFilter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    args = parser.parse_args()
    cached = cache_dir() / "bench" / f"analysis-{args.records}.kesheng"
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        build(cached, args.records)
    out: dict[str, object] = {"bench": "report", "records": args.records, "target_s": 30}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.kesheng"
        shutil.copyfile(cached, path)
        with Project.open(path) as project:
            spec = ReportSpec()
            t = time.perf_counter()
            with (Path(tmp) / "v.csv").open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                for h, tags in verbatim_rows(project, RecordFilter(), spec.verbatim_limit):
                    writer.writerow([h.id, h.created_at, h.channel, h.text, "|".join(p for p, _, _ in tags)])
            out["baseline"] = {"name": f"stdlib csv of the same {spec.verbatim_limit:,} verbatim rows",
                               "seconds": round(time.perf_counter() - t, 2)}
            for fmt in ("pdf", "docx", "xlsx"):
                t = time.perf_counter()
                result = write_report(project, spec, fmt, Path(tmp) / f"r.{fmt}")
                out[f"{fmt}_s"] = round(time.perf_counter() - t, 2)
                out[f"{fmt}_bytes"] = result.path.stat().st_size
    out["meets_target"] = all(float(out[f"{f}_s"]) <= 30 for f in ("pdf", "docx", "xlsx"))  # type: ignore[arg-type]
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
