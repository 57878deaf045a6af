"""Benchmark: the effort / emotion / actionability rules on hand-labelled texts (bench/emotion_gold.jsonl).

46 texts (zh mostly, some en; chats, reviews, tickets) labelled by hand for this bench, not from ../shared/data.
Prints one JSON object: accuracy of each judgement (effort exact and within one level, high effort ≥ 4 as a
yes/no, emotion overall and per label as recall, actionable), and in the same run the baseline that always says
中性 / effort 1 / not actionable. Usage: python bench/emotion.py [--data JSONL] [--errors]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.nlp.experience import EMOTIONS, assess  # noqa: E402


def _scores(gold: list[dict[str, object]], pred: list[tuple[int, str, bool]]) -> dict[str, object]:
    n = len(gold)
    per: dict[str, dict[str, float | int]] = {}
    for label in EMOTIONS:
        idx = [i for i, g in enumerate(gold) if g["emotion"] == label]
        if idx:
            per[label] = {"n": len(idx), "recall": round(sum(pred[i][1] == label for i in idx) / len(idx), 3)}
    return {
        "effort_exact": round(sum(p[0] == g["effort"] for g, p in zip(gold, pred, strict=True)) / n, 3),
        "effort_within_1": round(sum(abs(p[0] - int(str(g["effort"]))) <= 1 for g, p in zip(gold, pred, strict=True))
                                 / n, 3),
        "high_effort": round(sum((p[0] >= 4) == (int(str(g["effort"])) >= 4) for g, p in zip(gold, pred, strict=True))
                             / n, 3),
        "emotion": round(sum(p[1] == g["emotion"] for g, p in zip(gold, pred, strict=True)) / n, 3),
        "emotion_per_label": per,
        "actionable": round(sum(p[2] == g["actionable"] for g, p in zip(gold, pred, strict=True)) / n, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(Path(__file__).with_name("emotion_gold.jsonl")))
    parser.add_argument("--errors", action="store_true", help="list the texts the rules get wrong")
    args = parser.parse_args()
    gold = [json.loads(line) for line in Path(args.data).read_text(encoding="utf-8").splitlines() if line.strip()]
    rules = [(e.effort, e.emotion, e.actionable) for e in (assess(str(g["text"])) for g in gold)]
    baseline = [(1, "中性", False)] * len(gold)
    out: dict[str, object] = {"n": len(gold), "by_kind": dict(Counter(str(g.get("kind")) for g in gold)),
                              "rules": _scores(gold, rules), "baseline": _scores(gold, baseline)}
    if args.errors:
        out["errors"] = [{"text": g["text"], "gold": [g["effort"], g["emotion"], g["actionable"]], "rules": list(p)}
                         for g, p in zip(gold, rules, strict=True)
                         if (p[0], p[1], p[2]) != (g["effort"], g["emotion"], g["actionable"])]
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
