"""Assistant quality on the demo project: questions with answers known from the planted events.

Each question has a check on the answer text (the right month, week, product, direction, or a count
within a tolerance of the answer key). Reports the share answered correctly, the share of the model's
sentences that passed grounding (a model answer that drops or changes a figure of the computed answer
counts as removed whole: the template answer then stands), the share of answers finally in the model's
words, the share of quotes found verbatim in the data, and seconds per answer — for the
rules-and-templates path (the baseline, no model) and each model asked for.
Prints one JSON object. Usage: python bench/assistant.py [--models fast,default] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from workbench.assistant.ask import ask
from workbench.demo.build import build_demo_project
from workbench.paths import DEMO_DIR
from workbench.project import Project
from workbench.store import schema

KEY = json.loads((DEMO_DIR / "answer_key.json").read_text(encoding="utf-8"))
SURGE_WEEK = KEY["logistics_surge"]["period"]["from"]
BATTERY_FIRST = KEY["battery_defect"]["first_month"]
BATTERY_PEAK = max(KEY["battery_defect"]["monthly"].items(), key=lambda kv: kv[1])[0]
REFUND_PEAK = max(KEY["refund_trend"]["monthly"].items(), key=lambda kv: kv[1])[0]
PRODUCT = KEY["battery_defect"]["product_short"]


def count_near(expected: int, tolerance: float = 0.5) -> str:
    """A marker the checker turns into "some number in the answer is within tolerance of expected"."""
    return f"~{expected}:{tolerance}"


QUESTIONS: list[tuple[str, str]] = [
    ("物流慢的投诉哪一周最多？", SURGE_WEEK),
    ("快递太慢的反馈是哪一周最多的？", SURGE_WEEK),
    ("配送时效的问题哪一周最多？", SURGE_WEEK),
    ("Which week had the most slow delivery complaints?", SURGE_WEEK),
    ("电池发烫鼓包的问题是哪个月开始出现的？", BATTERY_FIRST),
    ("充电发烫的问题什么时候开始出现？", BATTERY_FIRST),
    ("When did battery overheating complaints start?", BATTERY_FIRST),
    ("鼓包的问题哪个月最多？", BATTERY_PEAK),
    ("Which month did overheating complaints peak?", BATTERY_PEAK),
    ("哪个产品的电池发烫问题最多？", PRODUCT),
    ("充电发烫的反馈主要来自哪个产品？", PRODUCT),
    ("Which product has the most battery overheating complaints?", PRODUCT),
    ("哪个产品的鼓包投诉最多？", PRODUCT),
    (f"{PRODUCT} 的发烫问题从哪个月开始？", BATTERY_FIRST),
    ("最近一个月退款相关的投诉有什么变化？", "增加"),
    ("退款的投诉是在增加还是减少？", "增加"),
    ("How did refund complaints change last month?", r"\bup\b"),
    ("退款问题哪个月最多？", REFUND_PEAK),
    ("退款到账慢的投诉哪个月最多？", REFUND_PEAK),
    ("8月电池发烫的投诉比上个月多吗？", "增加"),
    ("8月有多少条退款相关的反馈？", count_near(KEY["refund_trend"]["monthly"]["2026-08"])),
    ("7月有多少条电池发烫的反馈？", count_near(KEY["battery_defect"]["monthly"]["2026-07"])),
    ("什么问题最拉低NPS评分？", "退款"),
    ("Which issue drives NPS down the most?", "退款"),
    ("有多少条提到“12315”的反馈？", "TEXT:12315"),
    ("有多少条反馈提到“律师”？", "TEXT:律师"),
    ("How many records mention “曝光”?", "TEXT:曝光"),
    ("有多少条反馈提到“消协”？", "TEXT:消协"),
    ("问卷渠道一共有多少条反馈？", "DB:survey"),
    ("社交渠道有多少条反馈？", "DB:social"),
    ("上个月物流的投诉有什么变化？", r"增加|减少"),
    ("最近一个月上升最快的问题是什么？", r"退款|发烫|电池|续航"),
]


def db_count(project: Project, channel: str | None = None, contains: str | None = None) -> int:
    """The true count straight from the records table (independent of the assistant's code path)."""
    from sqlalchemy import func

    r = schema.records
    cond = r.c.channel == channel if channel else r.c.text.contains(contains or "", autoescape=True)
    with project.read() as conn:
        return int(conn.execute(select(func.count()).where(cond)).scalar_one())


def correct(project: Project, text: str, expected: str) -> bool:
    if expected.startswith("DB:"):
        expected = count_near(db_count(project, channel=expected[3:]), 0.0)
    if expected.startswith("TEXT:"):
        expected = count_near(db_count(project, contains=expected[5:]), 0.0)
    if expected.startswith("~"):
        target, tol = expected[1:].split(":")
        numbers = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text) if len(n.replace(",", "")) < 7]
        return any(abs(n - int(target)) <= float(tol) * int(target) for n in numbers)
    return re.search(expected, text) is not None


def quotes_verbatim(project: Project, quotes: list[tuple[int, str]]) -> tuple[int, int]:
    ok = 0
    with project.read() as conn:
        for record_id, text in quotes:
            body = conn.execute(select(schema.records.c.text).where(schema.records.c.id == record_id)).scalar()
            ok += bool(body) and text in body
    return ok, len(quotes)


def run(project: Project, model: str | None, limit: int) -> dict[str, Any]:
    backend = None
    if model:
        from workbench.llm.factory import open_backend

        backend = open_backend(model)
    right, seconds, quotes_ok, quotes_n, sentences_kept, sentences_all, failures = 0, [], 0, 0, 0, 0, []
    phrased = 0
    for question, expected in QUESTIONS[:limit]:
        t = time.monotonic()
        answer = ask(project, question, backend)
        seconds.append(time.monotonic() - t)
        ok = correct(project, answer.text, expected)
        right += ok
        if not ok:
            failures.append({"q": question, "expected": expected, "answer": answer.text[:160]})
        a, b = quotes_verbatim(project, [(q.record_id, q.text) for q in answer.quotes])
        quotes_ok, quotes_n = quotes_ok + a, quotes_n + b
        phrased += answer.written_by == "model"
        if answer.written_by == "model" or answer.removed:
            kept = len(re.findall(r"[。！？.!?]", answer.text)) if answer.written_by == "model" else 0
            sentences_kept, sentences_all = sentences_kept + kept, sentences_all + kept + len(answer.removed)
    if backend is not None:
        backend.close()
    n = min(limit, len(QUESTIONS))
    return {"questions": n, "correct_share": round(right / n, 3), "seconds_per_answer": round(sum(seconds) / n, 2),
            "quotes_verbatim_share": round(quotes_ok / quotes_n, 3) if quotes_n else None,
            "model_sentences_grounded_share": round(sentences_kept / sentences_all, 3) if sentences_all else None,
            "model_phrased_share": round(phrased / n, 3) if backend is not None else None,
            "failures": failures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", default="", help="comma-separated registry names, e.g. fast,default")
    parser.add_argument("--limit", type=int, default=len(QUESTIONS))
    parser.add_argument("--project", default=str(DEMO_DIR / "demo.kesheng"))
    args = parser.parse_args()
    path = Path(args.project)
    if not path.exists():
        build_demo_project(path)
    out: dict[str, Any] = {"bench": "assistant", "project": str(path), "questions_total": len(QUESTIONS)}
    with Project.open(path) as project:
        out["baseline_rules_templates"] = run(project, None, args.limit)
        for model in filter(None, args.models.split(",")):
            out[f"model_{model}"] = run(project, model, args.limit)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
