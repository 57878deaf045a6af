from __future__ import annotations

import json

import pytest

from workbench.errors import UsageError
from workbench.project import Project
from workbench.taxonomy.repository import load_current
from workbench.taxonomy.templates import TEMPLATES, apply_template, list_templates, load_template

EXPECTED = {"e_commerce_retail", "consumer_electronics", "food_delivery", "automotive", "hotel_travel",
            "property_services", "games", "banking_insurance"}


def test_all_templates_are_listed() -> None:
    infos = {i.name: i for i in list_templates()}
    assert set(infos) >= EXPECTED
    for info in infos.values():
        assert info.title_zh and info.title_en and info.leaves >= 80


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_template_is_complete(name: str) -> None:
    tax = load_template(name)
    leaves = tax.leaves()
    assert len(leaves) >= 80
    assert {n.level for n in leaves} == {3} and tax.depth == 3
    assert len({n.path for n in tax.nodes}) == len(tax.nodes)
    for node in tax.nodes:
        assert node.name_en and node.name_en.isascii(), node.path
    owner: dict[str, str] = {}
    for leaf in leaves:
        assert 3 <= len(leaf.keywords) <= 8, leaf.path
        assert leaf.description, leaf.path
        for word in leaf.keywords:  # a keyword names one leaf, so keyword rules are unambiguous
            assert owner.setdefault(word, leaf.path) == leaf.path, (word, owner[word], leaf.path)
    # every file is plain nested JSON with titles
    doc = json.loads((TEMPLATES / f"{name}.json").read_text(encoding="utf-8"))
    assert doc["name"] == name and doc["title_zh"] and doc["title_en"]


def test_consumer_electronics_covers_the_brand_topics() -> None:
    names = {n.name for n in load_template("consumer_electronics").nodes}
    words = " ".join(kw for n in load_template("consumer_electronics").nodes for kw in n.keywords)
    for needle in ("续航", "发烫", "鼓包", "蓝牙", "退款到账", "太慢", "没到", "配网", "设备离线"):
        assert needle in words or needle in names, needle


def test_automotive_covers_the_review_topics() -> None:
    tax = load_template("automotive")
    names = {n.name for n in tax.nodes if n.level >= 2}
    for topic in ("动力", "价格", "油耗", "操控", "舒适性", "配置", "安全性", "内饰", "外观", "空间"):
        assert topic in names, topic


def test_apply_template_twice_keeps_keys(project: Project) -> None:
    v1 = apply_template(project, "games")
    first = load_current(project)
    v2 = apply_template(project, "games")
    second = load_current(project)
    assert first is not None and second is not None and v2 == v1 + 1
    assert {(n.key, n.path) for n in first.nodes} == {(n.key, n.path) for n in second.nodes}


def test_unknown_template() -> None:
    with pytest.raises(UsageError, match="choose one of"):
        load_template("nope")
