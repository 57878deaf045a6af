"""Effort, emotion and actionability rules (issue 27, item 2) on hand-written texts."""

from __future__ import annotations

import pytest

from workbench.nlp.experience import EMOTIONS, actionable, assess, effort, emotion


@pytest.mark.parametrize(("text", "level"), [
    ("东西挺好的，物流也快", 1),
    ("打了一次电话就解决了", 1),
    ("没等多久就到了", 1),
    ("不用转人工，机器人就答了", 1),
    ("等了两分钟客服就回了", 1),
    ("转人工", 2),
    ("第二次联系你们了", 2),
    ("我已经打了三次电话了", 3),
    ("等了一个礼拜还没发货", 3),
    ("催了好几次都没用", 3),
    ("又让我重新说一遍，第三次联系了", 4),
    ("打了三次电话，转了好几个人", 5),
    ("打了五次电话，转了好几个人，等了一个礼拜，到现在还没解决", 5),
    ("I called three times and was transferred twice", 5),
    ("I had to repeat myself", 2),
    ("Waited 2 hours on hold", 3),
])
def test_effort_levels(text: str, level: int) -> None:
    assert effort(text)[0] == level, effort(text)


def test_effort_names_the_families_that_fired() -> None:
    assert effort("打了三次电话，转了好几个人")[1] == ["repeat_contact", "transfer"]
    assert effort("一切顺利")[1] == []


@pytest.mark.parametrize(("text", "label"), [
    ("这是什么垃圾服务，气死我了", "愤怒"),
    ("真是谢谢你们了，等了一个礼拜还没发货", "愤怒"),
    ("真是太感谢你们了呵呵", "愤怒"),
    ("thanks for nothing", "愤怒"),
    ("太失望了，本以为质量会好一点", "失望"),
    ("不满意", "失望"),
    ("not happy with it", "失望"),
    ("孩子明天就要用，什么时候能到，好着急", "焦虑"),
    ("I'm worried my data was leaked", "焦虑"),
    ("收到了", "中性"),
    ("请问这款有黑色吗", "中性"),
    ("东西不错，物流很快，满意", "满意"),
    ("客服很耐心，谢谢", "满意"),
    ("没想到这么好，超出预期", "惊喜"),
    ("Wow, way better than expected!", "惊喜"),
    ("不生气，就是问问", "中性"),
    ("包装一般，但是东西很好", "满意"),
    ("东西还行，但是客服态度太差了", "愤怒"),
])
def test_emotion(text: str, label: str) -> None:
    level = effort(text)[0]
    assert emotion(text, level)[0] == label, emotion(text, level)


def test_sarcastic_thanks_is_never_satisfaction() -> None:
    for text in ("真是谢谢你们了", "谢谢你们让我等了半个月", "Thanks a lot, I never got anything"):
        assert assess(text).emotion == "愤怒"


def test_worn_out_without_a_feeling_word() -> None:
    assert assess("打了三次电话，转了好几个人，到现在还没解决！！").emotion == "愤怒"
    assert assess("打了三次电话，转了好几个人，到现在还没解决").emotion == "失望"


@pytest.mark.parametrize(("text", "asks"), [
    ("请尽快给我退款", True),
    ("麻烦帮我看一下订单", True),
    ("希望下次包装好一点", True),
    ("能不能换一个新的", True),
    ("我要换货", True),
    ("安排师傅上门吧", True),
    ("有结果了联系我", True),
    ("Please send me a new one", True),
    ("I want a refund", True),
    ("退款很快，好评", False),
    ("已经退货了", False),
    ("不用退款了，已经好了", False),
    ("东西很好", False),
    ("我要求不高，能用就行", False),
    ("I was pleased with it", False),
    ("The refund came quickly", False),
])
def test_actionable(text: str, asks: bool) -> None:
    assert actionable(text)[0] is asks, actionable(text)


def test_assess_is_total() -> None:
    for text in ("", " ", "！！！", "a" * 5000, "打了打了打了"):
        exp = assess(text)
        assert 1 <= exp.effort <= 5 and exp.emotion in EMOTIONS and isinstance(exp.actionable, bool)
