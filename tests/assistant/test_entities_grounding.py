"""Question understanding and grounding checks, on constructed inputs with known answers."""

from __future__ import annotations

from datetime import date

from workbench.assistant.entities import Catalogue, extract, match_nodes, parse_period, product_groups
from workbench.llm.grounding import allowed_numbers, check, covers
from workbench.taxonomy.model import Node

LAST = date(2026, 8, 31)
NODES = (
    Node("a", None, "物流配送", "物流配送", 1, "Logistics & delivery"),
    Node("a1", "a", "物流配送/配送时效", "配送时效", 2, "Delivery speed", keywords=("太慢", "一周没动")),
    Node("b", None, "产品质量", "产品质量", 1, "Product quality"),
    Node("b1", "b", "产品质量/续航与电池", "续航与电池", 2, "Battery", keywords=("续航", "没电")),
    Node("b11", "b1", "产品质量/续航与电池/发烫过热", "发烫过热", 3, "Overheating", keywords=("发烫", "烫手")),
    Node("b12", "b1", "产品质量/续航与电池/鼓包", "鼓包", 3, "Swelling", keywords=("鼓包",)),
    Node("c", None, "客户服务", "客户服务", 1, "Customer service"),
    Node("c1", "c", "客户服务/服务态度", "服务态度", 2, "Attitude"),
    Node("c11", "c1", "客户服务/服务态度/态度差", "态度差", 3, keywords=("态度差",)),
    Node("c12", "c1", "客户服务/服务态度/态度好", "态度好", 3, keywords=("客服很好",)),
)
CAT = Catalogue(NODES, ("声悦 AirBeat Pro 2 降噪耳机", "AirBeat Pro 2", "声悦 Watch S3 智能手表"),
                ("chat", "review"), date(2026, 3, 1), LAST)


def test_periods_relative_to_the_data() -> None:
    assert parse_period("最近一个月退款有什么变化", LAST)[0] == (date(2026, 8, 1), LAST)  # a whole month
    assert parse_period("最近一个月", date(2026, 8, 20))[0] == (date(2026, 7, 22), date(2026, 8, 20))
    assert parse_period("上个月", LAST)[0] == (date(2026, 8, 1), date(2026, 8, 31))  # data ends with August
    assert parse_period("上个月", date(2026, 8, 20))[0] == (date(2026, 7, 1), date(2026, 7, 31))
    assert parse_period("8月比上个月多吗", LAST)[0] == (date(2026, 8, 1), date(2026, 8, 31))
    assert parse_period("5月的投诉", LAST)[0] == (date(2026, 5, 1), date(2026, 5, 31))
    assert parse_period("2025年12月", LAST)[0] == (date(2025, 12, 1), date(2025, 12, 31))
    assert parse_period("complaints in April", LAST)[0] == (date(2026, 4, 1), date(2026, 4, 30))
    assert parse_period("总共有多少", LAST) == (None, "")


def test_nodes_by_name_part_keyword_and_parent() -> None:
    assert match_nodes("电池发烫的问题", NODES)[0].key == "b11"
    assert match_nodes("电池的问题多吗", NODES)[0].key == "b1"
    assert match_nodes("客服态度有多少投诉", NODES)[0].key == "c1"  # both children named: the parent
    assert match_nodes("快递一周没动", NODES)[0].key == "a1"
    assert match_nodes("complaints about battery", NODES)[0].key == "b1"
    assert match_nodes("今天天气如何", NODES) == []


def test_products_grouped_and_matched() -> None:
    groups = product_groups(CAT.products)
    assert groups["声悦 AirBeat Pro 2 降噪耳机"] == ["声悦 AirBeat Pro 2 降噪耳机", "AirBeat Pro 2"]
    ent = extract("AirBeat Pro 2 的电池问题从哪个月开始？", CAT)
    assert ent.products == ["声悦 AirBeat Pro 2 降噪耳机"]
    assert "when" in ent.kinds and ent.nodes[0].key == "b1"


def test_kinds_and_channels() -> None:
    ent = extract("哪个产品在评价渠道的差评最多？", CAT)
    assert ent.kinds[:1] == ["by_product"] and ent.channels == ["review"] and ent.sentiment == "negative"
    assert extract("Which product has the most battery complaints?", CAT).lang == "en"


def test_fabricated_number_and_quote_are_removed() -> None:
    allowed = allowed_numbers([1234, 0.256, 56], ["2026-07"])
    texts = {"充电十分钟就烫手"}

    def exists(q: str) -> bool:
        return any(q in t for t in texts)

    text = "共有 1,234 条。负面占 25.6%。其中 999 条来自七月。客户说“充电十分钟就烫手”。客户说“电池会爆炸吓死人”。"
    result = check(text, allowed, exists)
    assert "999" in " ".join(result.removed) and "爆炸" in " ".join(result.removed)
    assert "1,234" in result.text and "25.6%" in result.text and "烫手" in result.text
    assert not result.clean


def test_covers_accepts_respellings_only_when_all_figures_stay() -> None:
    reference = "最早出现在 2026-07（34 条），峰值在 2026-08（1,053 条）。"
    assert covers("这个问题从2026年7月开始（34条），8月达到高峰，共1053条。", reference)
    assert not covers("这个问题从 2026-08 开始出现。", reference)
