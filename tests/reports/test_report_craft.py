"""Report craft (issue 23): quotes are the customer's words with the evidence inside, never repeated; TOP
lists show a single-child chain once, at its deepest node."""

from __future__ import annotations

from datetime import datetime

from workbench.analysis.facts import NodeStats, TreeAggregate
from workbench.analysis.top import rank
from workbench.reports.narrative import clean_quote, pick_quotes


def test_quotes_lose_timestamps_and_speakers_and_keep_only_customers() -> None:
    assert clean_quote("2024-03-23 16:08:15 客户：插上十分钟就发烫", "发烫") == "插上十分钟就发烫"
    assert clean_quote("[10:02] 访客: 退款还没到账", "退款") == "退款还没到账"
    assert clean_quote("2024-03-23 16:09:01 客服小王(工号1032)：您好，发烫请先断电", "发烫") is None
    assert clean_quote("机器人：请问有什么可以帮您", None) is None
    assert clean_quote("说实话：质量不错", None) == "说实话：质量不错"  # not a speaker: kept whole
    assert clean_quote("快递太慢了", "发烫") is None  # the node's evidence is not in the quote


def _cand(rid: int, text: str, evidence: str, channel: str = "chat") -> dict[str, object]:
    return {"id": rid, "text": text, "evidence": evidence, "span_start": text.find(evidence),
            "span_end": text.find(evidence) + len(evidence), "sentiment": "negative", "confidence": 0.9,
            "channel": channel, "created_at": datetime(2024, 3, 1)}


def test_quotes_are_never_repeated_across_issues() -> None:
    used: set[str] = set()
    same = [_cand(1, "充电发烫，太烫了", "发烫"), _cand(2, "充电发烫，太烫了", "发烫", "app")]
    first = pick_quotes(same, 3, True, used)
    assert [q.text for q in first] == ["充电发烫，太烫了"]
    second = pick_quotes([_cand(3, "充电发烫，太烫了", "太烫"), _cand(4, "电池太烫", "太烫")], 3, True, used)
    assert [q.text for q in second] == ["电池太烫"]
    transcript = "2024-03-23 16:08:15 客户：充电器发烫\n2024-03-23 16:08:40 客服小李：请问型号"
    third = pick_quotes([_cand(5, transcript, "发烫")], 3, True, used)
    assert [q.text for q in third] == ["充电器发烫"]


def test_top_lists_collapse_single_child_chains() -> None:
    nodes = {"o": NodeStats("o", "订单与发票", 1, None, 95), "o.o": NodeStats("o.o", "订单与发票/订单", 2, "o", 95),
             "o.o.m": NodeStats("o.o.m", "订单与发票/订单/修改订单", 3, "o.o", 95),
             "p": NodeStats("p", "产品", 1, None, 60), "p.a": NodeStats("p.a", "产品/电池", 2, "p", 40),
             "p.b": NodeStats("p.b", "产品/屏幕", 2, "p", 20)}
    current = TreeAggregate(200, nodes)
    items = rank("frequent", current, TreeAggregate(0, {}), limit=10)
    assert [i.node for i in items] == ["订单与发票/订单/修改订单", "产品", "产品/电池", "产品/屏幕"]
    assert [i.node for i in rank("frequent", current, TreeAggregate(0, {}), level=1)] == ["订单与发票", "产品"]
