"""Sarcasm and contrast (issue 25): ironic thanks/praise read negative, sincere praise not.

On the hand-written set ``bench/data/sarcasm_zh.jsonl`` (ironic and sincere texts, chats, reviews and
tickets): the share of ironic texts called negative and of sincere ones called negative, by the lexicon
without the sarcasm rule (``before``) and with it (``after``), and with ``--model``: by the LLM tagger alone
(the model's own ``s``) and with the tagger's lexicon guard. On the positive reviews of the waimai and
hotel test splits: the share the lexicon calls negative, before and after (evaluation only; the data
stays in ``../shared/data``). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.llm.factory import open_backend
from workbench.llm.schemas import POLARITY
from workbench.nlp.candidates import CandidateFinder
from workbench.nlp.polarity import polarity_of
from workbench.nlp.rules import RuleSet
from workbench.nlp.sarcasm import COURTESY, IRONIC, PLAIN, customer_part, ironic
from workbench.nlp.tokenize import Tokenizer
from workbench.tagging.llm_tagger import LlmTagger
from workbench.tagging.results import RecordInput
from workbench.taxonomy.model import Node, Taxonomy

THANKS = re.compile("|".join(p.pattern for p in (IRONIC, PLAIN, COURTESY)))
SET = Path(__file__).resolve().parent / "data" / "sarcasm_zh.jsonl"
DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
SPLITS = (("waimai", "zh_waimai_10k.csv"), ("hotel", "zh_hotel_chnsenticorp.csv"))
TOPICS = {"物流配送": "送货、配送、快递、骑手、等待时间", "产品质量": "坏了、故障、做工、耐用、维修",
          "客服服务": "客服、售后、回复、态度、退款退货", "口味餐品": "味道、饭菜、分量、温度",
          "住宿环境": "房间、卫生、隔音、设施", "价格": "价格、性价比"}


def load_set() -> list[dict[str, Any]]:
    with SET.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def negative_share(texts: list[str], judge: Any) -> float:
    return round(sum(judge(t) == "negative" for t in texts) / max(len(texts), 1), 4)


def lexicon(rows: list[dict[str, Any]]) -> dict[str, Any]:
    ironic = [r["text"] for r in rows if r["ironic"]]
    sincere = [r["text"] for r in rows if not r["ironic"]]
    out: dict[str, Any] = {}
    for name, on in (("before", False), ("after", True)):
        out[name] = {"ironic_negative": negative_share(ironic, lambda t, on=on: polarity_of(t, sarcasm=on)),
                     "sincere_negative": negative_share(sincere, lambda t, on=on: polarity_of(t, sarcasm=on))}
    out["missed_ironic"] = [t for t in ironic if polarity_of(t) != "negative"]
    out["sincere_turned_negative"] = [t for t in sincere if polarity_of(t) == "negative"]
    return out


def split_reviews(label: str, thanks_only: bool = False) -> dict[str, list[str]]:
    """The test split's reviews of one gold label per set; ``thanks_only``: those that thank or praise in words."""
    out: dict[str, list[str]] = {}
    for name, file in SPLITS:
        with (DATA / file).open(encoding="utf-8") as fh:
            texts = [r["review"] for r in csv.DictReader(fh) if r["split"] == "test" and r["label"] == label]
        out[name] = [t for t in texts if THANKS.search(t)] if thanks_only else texts
    return out


def positive_reviews() -> dict[str, Any]:
    """Sincere praise turned negative by the sarcasm rule: over all positive test reviews and over those that
    thank or praise in words (the sincere thanks the rule could mistake)."""
    out: dict[str, Any] = {}
    for name, texts in split_reviews("1").items():
        thanks = [t for t in texts if THANKS.search(t)]
        out[name] = {"positive_test_reviews": len(texts),
                     "negative_before": negative_share(texts, lambda t: polarity_of(t, sarcasm=False)),
                     "negative_after": negative_share(texts, polarity_of),
                     "called_ironic": negative_share(texts, lambda t: "negative" if ironic(t) else ""),
                     "with_thanks_or_praise": len(thanks),
                     "thanks_called_ironic": negative_share(thanks, lambda t: "negative" if ironic(t) else ""),
                     "thanks_ironic_texts": [t[:120] for t in thanks if ironic(t)]}
    return out


class _Recording:
    """Passes requests to a backend and keeps the last raw answer (the model's own verdict)."""

    def __init__(self, backend: Any) -> None:
        self.backend, self.answer = backend, {}

    def complete_json(self, *args: Any, **kwargs: Any) -> Any:
        self.answer = self.backend.complete_json(*args, **kwargs)
        return self.answer

    def __getattr__(self, name: str) -> Any:
        return getattr(self.backend, name)


def with_model(rows: list[dict[str, Any]], model: str, threads: int | None, reviews: int) -> dict[str, Any]:
    """The hand-written set, then up to ``reviews`` test reviews per set and gold label that thank or praise
    in words, through the LLM tagger: the model's own verdict and the tagger's (with the lexicon's guards)."""
    tax = Taxonomy([Node(f"t{i}", None, name, name, 1, description=desc, sort=i)
                    for i, (name, desc) in enumerate(TOPICS.items())])
    rules = RuleSet(tax)
    backend = open_backend(model, threads=threads)
    recording = _Recording(backend)
    tagger = LlmTagger(tax, rules, CandidateFinder(tax, rules, Tokenizer(TOPICS)), recording)  # type: ignore[arg-type]
    pool = [dict(r, group="ironic" if r["ironic"] else "sincere") for r in rows]
    for label, kind in (("1", "positive"), ("0", "negative")):
        for name, texts in split_reviews(label, thanks_only=True).items():
            pool += [{"id": f"{name}-{kind}-{i}", "text": t, "group": f"{name}_{kind}_thanks",
                      "own": bool(THANKS.search(customer_part(t)))} for i, t in enumerate(texts[:reviews])]
    alone: dict[str, str] = {}
    guarded: dict[str, str] = {}
    started = time.monotonic()
    for i, row in enumerate(pool):
        result = tagger.tag(RecordInput(i, row["text"]))
        alone[row["id"]] = POLARITY.get(str(recording.answer.get("s")), "neutral")
        guarded[row["id"]] = result.sentiment
        print(f"{model}: {i + 1}/{len(pool)}", file=sys.stderr, flush=True)
    backend.close()

    def shares(verdicts: dict[str, str], rows: list[dict[str, Any]] = pool) -> dict[str, Any]:
        groups = dict.fromkeys(r["group"] for r in rows)
        return {f"{g}_negative": round(sum(verdicts[r["id"]] == "negative" for r in rows if r["group"] == g)
                                       / max(sum(r["group"] == g for r in rows), 1), 4) for g in groups}

    own = [r for r in pool if r.get("own")]  # the customer thanks, not only the business's appended reply

    return {"model": model, "sha256": backend.sha256, "texts": {g: sum(r["group"] == g for r in pool)
                                                                for g in dict.fromkeys(r["group"] for r in pool)},
            "model_alone": shares(alone), "with_lexicon_guard": shares(guarded),
            "customer_thanks": {"texts": {g: sum(r["group"] == g for r in own)
                                          for g in dict.fromkeys(r["group"] for r in own)},
                                "model_alone": shares(alone, own), "with_lexicon_guard": shares(guarded, own)},
            "seconds_per_text": round((time.monotonic() - started) / len(pool), 2),
            "missed_ironic": [r["text"] for r in pool if r["group"] == "ironic" and guarded[r["id"]] != "negative"],
            "sincere_turned_negative": [r["text"] for r in pool
                                        if r["group"] == "sincere" and guarded[r["id"]] == "negative"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="fast", help="model name for the LLM path (default: fast)")
    parser.add_argument("--no-model", action="store_true", help="the lexicon only")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--reviews", type=int, default=200,
                        help="with the model: test reviews per set and gold label that thank or praise (default 200)")
    args = parser.parse_args()
    rows = load_set()
    result: dict[str, Any] = {"bench": "sarcasm", "set": SET.name,
                              "ironic": sum(r["ironic"] for r in rows), "sincere": sum(not r["ironic"] for r in rows),
                              "lexicon": lexicon(rows), "positive_test_reviews": positive_reviews()}
    if not args.no_model:
        result["llm"] = with_model(rows, args.model, args.threads, args.reviews)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
