"""Politeness formulas carrying a grievance are negative; sincere thanks are not."""

from __future__ import annotations

import pytest

from workbench.nlp.polarity import is_sure, polarity_of, tag_polarity
from workbench.nlp.rules import RuleSet
from workbench.nlp.sarcasm import polite_complaint
from workbench.tagging.results import RecordInput
from workbench.tagging.rule_tagger import rule_result
from workbench.taxonomy.model import Node, Taxonomy


@pytest.mark.parametrize("text", ["谢谢你们啊，让我等了两周", "好的呢，非常感谢，又坏了", "真是太感谢了，退款还没到",
                                  "辛苦了，这已经是第三次找你们了", "Thanks a lot, waited 3 weeks… 等了三周"])
def test_polite_complaints(text: str) -> None:
    assert polite_complaint(text)


@pytest.mark.parametrize("text", ["谢谢客服，很快就解决了", "等了两天就到了，很快", "非常感谢，耳机音质很好",
                                  "又快又好"])
def test_sincere_or_plain(text: str) -> None:
    assert not polite_complaint(text)


def test_rules_read_the_formula_as_negative() -> None:
    tax = Taxonomy([Node("a", None, "物流", "物流", 1),
                    Node("a1", "a", "物流/配送慢", "配送慢", 2, keywords=("等了",))])
    result = rule_result(RecordInput(1, "谢谢你们啊，让我等了两周"), tax, RuleSet(tax))
    assert result.sentiment == "negative" and result.intent == "complaint"


@pytest.mark.parametrize("text", ["真是太棒了，外卖送到的时候汤洒了一半，烫得能煎鸡蛋",
                                  "真是谢谢你们了，一个充电宝等了半个月",
                                  "呵呵，服务真到位，修了三次还是坏的", "好评好评，好到我再也不买了",
                                  "真是长见识了，酒店床单上还有别人的头发"])
def test_ironic_praise_is_negative_without_the_model(text: str) -> None:
    assert polarity_of(text) == "negative"


def test_the_lexicon_alone_took_the_thanks_at_face_value() -> None:
    text = "真是谢谢你们了，一个充电宝等了半个月"
    assert polarity_of(text, sarcasm=False) != "negative" and polarity_of(text) == "negative"


@pytest.mark.parametrize("text", ["谢谢客服耐心解答，问题解决了", "虽然等了两天，但是质量真不错，谢谢",
                                  "味道不错，就是有点咸，谢谢商家", "从来没吃过这么好吃的外卖，感谢",
                                  "大冷天的，送餐员辛苦了", "之前坏过一次，这次客服很快就换了新的，谢谢"])
def test_sincere_praise_stays_positive(text: str) -> None:
    assert polarity_of(text) != "negative"


def test_the_ironic_clause_tag_is_negative() -> None:
    text = "呵呵，服务真到位，修了三次还是坏的"
    start = text.index("服务")
    assert tag_polarity(text, start, start + 2) == "negative"
    sincere = "服务真到位，前台小姐姐很热情"
    assert tag_polarity(sincere, 0, 2) != "negative"


@pytest.mark.parametrize("text", ["送餐员辛苦了！可能不要同时点肥牛和鸡排会更好，点在一起有点腻。味道还是不错的。",
                                  "骑士太棒了，服务态度极好，地址好像写错了，非常抱歉，辛苦啦",
                                  "感谢骑士小哥，这么冷的天", "遗漏了东西在酒店,多亏服务人员的告之,在这里表示感谢",
                                  "隔音很差，空调也坏了。宾馆反馈2008年1月14日：感谢您对我们服务的认可，欢迎再次光临"])
def test_courtesy_sympathy_and_a_business_reply_are_not_irony(text: str) -> None:
    assert not polite_complaint(text)


def test_thanks_far_from_a_complaint_in_a_long_review_is_not_irony() -> None:
    text = "特别感谢前台的小姐帮我寄回了落下的充电器。" + "房间宽敞，早餐丰富，位置方便，" * 4 + "只是电梯太慢了"
    assert not polite_complaint(text)
    assert polite_complaint("谢谢你们啊，让我等了两周")  # near: still irony


@pytest.mark.parametrize(("text", "expected"), [
    ("感谢技术人员上门，半小时就修好了", True), ("很满意！服务态度很好！谢谢！", True),
    ("时间太不给力了。两个多小时。谢谢", False), ("谢谢你们啊，让我等了两周", False),
    ("之前坏过一次，这次客服很快就换了新的，谢谢", True), ("饭菜很难吃，谢谢", False)])
def test_sincere_thanks(text: str, expected: bool) -> None:
    from workbench.nlp.sarcasm import sincere

    assert sincere(text) is expected


@pytest.mark.parametrize(("text", "sure"), [
    ("味道很好，服务也很好，下次还来", True),  # three hits
    ("又慢又难吃，太差了", True),
    ("真是谢谢你们了，一个充电宝等了半个月", True),  # irony: negative although the words lean positive
    ("送得太慢", False),  # one lone hit
    ("今天中午点的，味道很好吃", False),
    ("还行", False),  # the lexicon saw nothing
])
def test_the_lexicon_is_sure_only_of_two_hits_or_irony(text: str, sure: bool) -> None:
    assert is_sure(text, polarity_of(text)) is sure


@pytest.mark.parametrize(("text", "outweighs"), [
    ("位置方便，房间很大很干净，服务热情，卫生间小了点，早餐很差，谢谢", True),  # a few gripes, more praise
    ("房间宽敞，早餐不错，但是隔音太差了，一晚上没睡好，谢谢", False),  # what follows "but" is the complaint
    ("房间很差，服务很差，谢谢", False),
    ("呵呵，房间很大很干净，服务热情，早餐丰富，就是隔音差", True),  # no complaint near the marker: a smile
    ("呵呵，服务真到位，房间干净，早餐丰富，修了三次还是坏的", False),  # irony
    ("谢谢，房间干净，服务好，位置方便，等了两个小时才入住", False),  # a grievance
    ("菜不错，快递不给力，就一个师傅，给人累的够呛", False),  # 不给力 is no praise
    ("味道不错，谢谢谢谢，非常感谢", False),  # the thanks themselves are no evidence that they are sincere
    ("隔音很差，空调也坏了。宾馆反馈2008年1月14日：感谢您的点评，我们的服务很好很热情很周到", False),  # the reply's
    ("房间有点小，早餐一般，隔音差，总的来说还不错，谢谢", True),  # the verdict weighs as in clause_polarity
])
def test_praise_outweighs_the_gripes(text: str, outweighs: bool) -> None:
    from workbench.nlp.sarcasm import praise_outweighs

    assert praise_outweighs(text) is outweighs


@pytest.mark.parametrize("text", ["房间有点小，早餐一般，隔音差，总的来说还不错", "服务热情，但是早餐很差",
                                  "位置方便，房间干净，就是隔音差"])
def test_the_praise_guard_weighs_hits_as_the_lexicon_score_does(text: str) -> None:
    """Without thanks and with no complaint after the last "but", the guard's score is the lexicon's score."""
    from workbench.nlp.sarcasm import _praise_score
    from workbench.nlp.scoring import clause_polarity

    assert _praise_score(text) == clause_polarity(text)
