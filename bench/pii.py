"""Benchmark: PII false positives on reviews that hold no personal data (zh_online_shopping_10_cats.csv).

The set is meant to hold no personal data, so every masked text is a candidate false positive; a hand check
finds some real contact details that reviewers wrote in, so read ``changed`` (texts masked differently before and
after) rather than the totals alone. "before" runs the masker of another checkout (default
``/work/main``, the code before issue 22) in a child process; "after" is this checkout's. Prints one JSON object.
Usage: python bench/pii.py [--data CSV] [--before PATH] [--examples N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "zh_online_shopping_10_cats.csv"

# Runs in a child with the checkout to measure first on sys.path; reads the CSV itself and prints JSON.
CHILD = r"""
import csv, json, sys, time
from collections import Counter
sys.path.insert(0, sys.argv[1])
from workbench.ingest.pii import PiiMasker
masker, kinds, examples, texts, masked, ids = PiiMasker(), Counter(), [], 0, 0, {}
t = time.perf_counter()
with open(sys.argv[2], encoding="utf-8-sig", newline="") as fh:
    for row in csv.DictReader(fh):
        texts += 1
        result = masker.mask(row["review"] or "")
        if result.found:
            masked += 1
            kinds.update(kind for kind, _ in result.found)
            ids[row["id"]] = result.found
            if len(examples) < int(sys.argv[3]):
                examples.append({"id": row["id"], "found": result.found})
print(json.dumps({"texts": texts, "masked_texts": masked, "by_kind": dict(kinds), "examples": examples, "ids": ids,
                  "seconds": round(time.perf_counter() - t, 2)}, ensure_ascii=False))
"""


def measure(checkout: Path, data: Path, examples: int) -> dict[str, object]:
    """Masker counts of one checkout, measured in a child process so two versions never share imports."""
    out = subprocess.run([sys.executable, "-c", CHILD, str(checkout), str(data), str(examples)], check=True,
                         capture_output=True, text=True, cwd=checkout)
    result: dict[str, object] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--before", type=Path, default=Path("/work/main"), help="checkout of the code before")
    parser.add_argument("--examples", type=int, default=5)
    args = parser.parse_args()
    before = measure(args.before, args.data, args.examples)
    after = measure(ROOT, args.data, args.examples)
    old, new = before.pop("ids"), after.pop("ids")
    assert isinstance(old, dict) and isinstance(new, dict)
    changed = {i: {"before": old.get(i), "after": new.get(i)} for i in sorted(set(old) | set(new))
               if old.get(i) != new.get(i)}
    print(json.dumps({"bench": "pii", "data": args.data.name, "before": before, "after": after,
                      "masked_texts": {"before": before["masked_texts"], "after": after["masked_texts"]},
                      "changed": changed}, ensure_ascii=False))


if __name__ == "__main__":
    main()
