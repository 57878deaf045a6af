"""LLM-only tagging quality and cost on the evaluation data (issue 4 "Measure").

A fixed seeded sample of each test split (``--n`` per set, default 200): car-review topics against a
10-topic codebook (top-1 on single-topic texts, micro-F1 over all), waimai and hotel sentiment
(binary gold; a neutral answer counts as wrong), seconds per record, prompt tokens per record and the
share of answers that parsed first time — for each model in ``--models``. Baselines measured in the
same run on the same sample: the topic-name rule (car) and the polarity lexicon (sentiment); the
README's free-text zero-shot figures are printed alongside. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.llm.factory import open_backend
from workbench.nlp.candidates import CandidateFinder
from workbench.nlp.polarity import polarity_of
from workbench.nlp.rules import RuleSet
from workbench.nlp.tokenize import Tokenizer
from workbench.tagging.llm_tagger import LlmTagger
from workbench.tagging.results import RecordInput, RecordResult
from workbench.taxonomy.model import Node, Taxonomy

DATA = Path("/work/shared/data")
README_BASELINES = {"car_top1_zero_shot_free_text_1.5b": 0.57, "waimai_zero_shot_free_text_1.5b": 0.85,
                    "car_top1_topic_name_rule": 0.61, "car_top1_full_supervision": 0.92,
                    "waimai_full_supervision": 0.91, "hotel_full_supervision": 0.90}
CAR = {  # descriptions written from the dev split's conventions (e.g. 机油/保养 are 动力, 刹车 is 安全性)
    "动力": "发动机、变速箱、机油与烧机油、漏油、保养、加速提速、马力扭矩、爬坡超车",
    "价格": "售价、落地价、优惠降价、保险、配件和维修费用、性价比、保值",
    "油耗": "油耗高低、表显油耗、省油费油、加油、油品标号(机油不算)",
    "操控": "方向盘、转向、底盘、悬挂减震、四驱越野、过弯、驾驶感",
    "舒适性": "空调暖风、噪音风噪胎噪、异响、颠簸、乘坐舒适、隔音",
    "配置": "配置高低、导航、中控屏幕车机、雷达影像、加装、钥匙",
    "安全性": "刹车、气囊、碰撞、安全带、召回、安全隐患",
    "内饰": "内饰、座椅、做工用料、饰板",
    "外观": "外形颜值、前脸、车身线条、颜色、车漆、大灯",
    "空间": "后排空间、后备箱、乘坐空间、储物",
}
WAIMAI = {"配送": "送餐速度、骑手、送错送漏", "口味": "好吃难吃、咸淡、新鲜", "分量": "量多量少",
          "价格": "贵、便宜、优惠", "包装": "包装、撒漏、餐具", "服务": "商家或客服态度"}
HOTEL = {"房间": "房间大小、设施、床、装修", "卫生": "干净脏乱、异味", "服务": "前台、服务员态度、入住退房",
         "位置": "地段、交通、周边", "早餐": "早餐品种与味道", "价格": "房价、性价比", "安静": "隔音、噪音"}


def codebook(topics: dict[str, str]) -> Taxonomy:
    return Taxonomy([Node(f"t{i}", None, name, name, 1, description=desc, sort=i)
                     for i, (name, desc) in enumerate(topics.items())])


def sample(file: str, n: int, seed: int) -> list[dict[str, str]]:
    with (DATA / file).open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["split"] == "test"]
    random.Random(seed).shuffle(rows)
    return rows[:n]


def car_gold(labels: str) -> list[str]:
    return list(dict.fromkeys(p.split(":")[0] for p in labels.split("|") if p))


def run_model(model: str, n: int, seed: int, threads: int | None) -> dict[str, Any]:
    backend = open_backend(model, threads=threads)
    stats: dict[str, Any] = {"model": model, "sha256": backend.sha256}
    seconds = tokens = first = count = 0.0
    for name, topics, file in (("car", CAR, "zh_car_reviews_ccf2018.csv"), ("waimai", WAIMAI, "zh_waimai_10k.csv"),
                               ("hotel", HOTEL, "zh_hotel_chnsenticorp.csv")):
        tax = codebook(topics)
        rules = RuleSet(tax)
        tagger = LlmTagger(tax, rules, CandidateFinder(tax, rules, Tokenizer(topics)), backend)
        rows = sample(file, n, seed)
        outs: list[RecordResult] = []
        started = time.monotonic()
        for i, row in enumerate(rows):
            outs.append(tagger.tag(RecordInput(i, row.get("content") or row["review"])))
            if (i + 1) % 10 == 0:
                print(f"{model} {name}: {i + 1}/{len(rows)}", file=sys.stderr, flush=True)
        seconds += time.monotonic() - started
        tokens += sum(o.prompt_tokens for o in outs)
        first += sum(o.parsed_first_time for o in outs)
        count += len(outs)
        stats[name] = score_car(rows, outs) if name == "car" else score_sentiment(rows, outs)
        counter = getattr(backend, "count_tokens", None)
        stats[name]["cached_prefix_tokens"] = counter(tagger.system) if counter else None
        stats[name]["prompt_tokens_per_record"] = round(sum(o.prompt_tokens for o in outs) / max(len(outs), 1), 1)
        stats[name]["seconds_per_record"] = round((time.monotonic() - started) / max(len(outs), 1), 2)
    backend.close()
    stats.update(seconds_per_record=round(seconds / count, 2), prompt_tokens_per_record=round(tokens / count, 1),
                 parsed_first_time_share=round(first / count, 4), records=int(count))
    return stats


def score_car(rows: list[dict[str, str]], outs: list[RecordResult]) -> dict[str, Any]:
    tp = fp = fn = single = hit = untagged = 0
    confused: Counter[str] = Counter()
    for row, out in zip(rows, outs, strict=True):
        gold = car_gold(row["labels"])
        pred = list(dict.fromkeys(t.path for t in out.tags))
        tp += len(set(gold) & set(pred))
        fp += len(set(pred) - set(gold))
        fn += len(set(gold) - set(pred))
        if len(gold) == 1:
            single += 1
            hit += bool(pred) and pred[0] == gold[0]
            untagged += not pred
            if pred and pred[0] != gold[0]:
                confused[f"{gold[0]}→{pred[0]}"] += 1
    return {"top1_single_topic": _ratio(hit, single), "single_topic_n": single, "micro_f1": _f1(tp, fp, fn),
            "n": len(rows), "single_topic_untagged_share": _ratio(untagged, single),
            "top_confusions": dict(confused.most_common(6))}


def score_sentiment(rows: list[dict[str, str]], outs: list[RecordResult]) -> dict[str, Any]:
    want = {"1": "positive", "0": "negative"}
    correct = sum(want[r["label"]] == o.sentiment for r, o in zip(rows, outs, strict=True))
    neutral = sum(o.sentiment == "neutral" for o in outs)
    return {"accuracy": _ratio(correct, len(rows)), "neutral_answers": neutral, "n": len(rows)}


def baselines(n: int, seed: int) -> dict[str, Any]:
    """Measured in this run on the same samples: topic-name rule (car) and polarity lexicon (sentiment)."""
    rows = sample("zh_car_reviews_ccf2018.csv", n, seed)
    single = [(r["content"], car_gold(r["labels"])) for r in rows if "|" not in r["labels"]]
    hits = sum(_first_topic_named(t) == g[0] for t, g in single)
    out: dict[str, Any] = {"car_top1_topic_name_rule": _ratio(hits, len(single))}
    for name, file in (("waimai", "zh_waimai_10k.csv"), ("hotel", "zh_hotel_chnsenticorp.csv")):
        rs = sample(file, n, seed)
        ok = sum({"1": "positive", "0": "negative"}[r["label"]] == polarity_of(r["review"]) for r in rs)
        out[f"{name}_polarity_lexicon"] = _ratio(ok, len(rs))
    return out


def _first_topic_named(text: str) -> str | None:
    found = sorted((text.find(t), t) for t in CAR if t in text)
    return found[0][1] if found else None


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def _f1(tp: int, fp: int, fn: int) -> float | None:
    return round(2 * tp / (2 * tp + fp + fn), 4) if tp + fp + fn else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200, help="records per set (seeded sample of the test split)")
    parser.add_argument("--models", default="fast,default")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    result: dict[str, Any] = {"bench": "tagging_llm", "split": "test", "n_per_set": args.n, "seed": args.seed,
                              "baselines_measured": baselines(args.n, args.seed), "baselines_readme": README_BASELINES,
                              "models": [run_model(m, args.n, args.seed, args.threads) for m in args.models.split(",")]}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
