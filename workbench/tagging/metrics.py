"""Evaluation maths (pure): automatic tags against gold labels, overall, per level and per node.

A predicted path is correct when it equals a gold path or lies below one (a leaf under a gold level-2
node is right at level 2). Per node, predictions are cut to that node's depth. Top-1 uses the most
confident tag. Dissatisfaction agrees when the score is ≥ 0.5 exactly for negative gold sentiment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    """One gold-labelled record next to what the project says about it (paths ranked by confidence)."""

    gold: tuple[str, ...]
    predicted: tuple[str, ...]
    gold_sentiment: str | None = None
    sentiment: str | None = None
    dissatisfaction: float | None = None


@dataclass
class NodeScore:
    node: str
    precision: float
    recall: float
    support: int
    f1: float


@dataclass
class Evaluation:
    n: int
    accuracy: float
    micro_f1: float
    macro_f1: float
    sentiment_accuracy: float | None
    dissatisfaction_accuracy: float | None
    level_accuracy: dict[int, float] = field(default_factory=dict)
    per_node: list[NodeScore] = field(default_factory=list)
    confusion: list[tuple[str, str, int]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {"n": self.n, "accuracy": round(self.accuracy, 4), "micro_f1": round(self.micro_f1, 4),
                "macro_f1": round(self.macro_f1, 4),
                "sentiment_accuracy": None if self.sentiment_accuracy is None else round(self.sentiment_accuracy, 4),
                "dissatisfaction_accuracy": None if self.dissatisfaction_accuracy is None
                else round(self.dissatisfaction_accuracy, 4),
                "level_accuracy": {str(k): round(v, 4) for k, v in self.level_accuracy.items()},
                "per_node": [{"node": s.node, "precision": round(s.precision, 4), "recall": round(s.recall, 4),
                              "support": s.support, "f1": round(s.f1, 4)} for s in self.per_node],
                "confusion": [{"gold": g, "predicted": p, "count": n} for g, p, n in self.confusion]}


def cut(path: str, depth: int) -> str:
    return "/".join(path.split("/")[:depth])


def depth(path: str) -> int:
    return path.count("/") + 1


def _correct(pred: str, gold: Sequence[str]) -> bool:
    return any(pred == g or pred.startswith(g + "/") for g in gold)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _node_scores(cases: Sequence[Case]) -> tuple[list[NodeScore], int, int, int]:
    nodes = sorted({g for c in cases for g in c.gold})
    scores, tp_all, fp_all, fn_all = [], 0, 0, 0
    for node in nodes:
        d = depth(node)
        tp = fp = fn = 0
        for c in cases:
            predicted = {cut(p, d) for p in c.predicted if depth(p) >= d}
            gold = node in c.gold
            hit = node in predicted
            tp += gold and hit
            fn += gold and not hit
            fp += hit and not gold
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        scores.append(NodeScore(node, p, r, tp + fn, _f1(p, r)))
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
    return scores, tp_all, fp_all, fn_all


def evaluate(cases: Sequence[Case]) -> Evaluation:
    """All metrics over the gold-labelled cases (cases with no gold path count only for sentiment)."""
    tagged = [c for c in cases if c.gold]
    n = len(tagged)
    top1 = sum(bool(c.predicted) and _correct(c.predicted[0], c.gold) for c in tagged)
    levels: dict[int, float] = {}
    for level in (1, 2, 3):
        eligible = [c for c in tagged if max(depth(g) for g in c.gold) >= level]
        if eligible:
            levels[level] = sum(bool(c.predicted) and cut(c.predicted[0], level) in {cut(g, level) for g in c.gold}
                                for c in eligible) / len(eligible)
    scores, tp, fp, fn = _node_scores(tagged)
    micro = _f1(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)
    with_sent = [c for c in cases if c.gold_sentiment]
    sent = sum(c.sentiment == c.gold_sentiment for c in with_sent) / len(with_sent) if with_sent else None
    with_dis = [c for c in with_sent if c.dissatisfaction is not None]
    dis = (sum((c.dissatisfaction >= 0.5) == (c.gold_sentiment == "negative") for c in with_dis  # type: ignore[operator]
               ) / len(with_dis)) if with_dis else None
    confusion = Counter((c.gold[0] if len(c.gold) == 1 else "|".join(c.gold), cut(c.predicted[0], depth(c.gold[0])))
                        for c in tagged if c.predicted and not _correct(c.predicted[0], c.gold))
    return Evaluation(n, top1 / n if n else 0.0, micro, sum(s.f1 for s in scores) / len(scores) if scores else 0.0,
                      sent, dis, levels, sorted(scores, key=lambda s: (-s.support, s.node)),
                      [(g, p, k) for (g, p), k in confusion.most_common(10)])
