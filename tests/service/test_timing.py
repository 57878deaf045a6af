"""Timing maths on constructed conversations with known answers."""

from __future__ import annotations

from datetime import datetime, timedelta

from workbench.service.timing import measure
from workbench.types import Conversation, Turn

T0 = datetime(2026, 3, 1, 10, 0, 0)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def conv(*turns: Turn) -> Conversation:
    return Conversation(1, tuple(turns))


def test_first_response_and_gaps() -> None:
    c = conv(Turn("customer", "在吗", at(0)), Turn("customer", "耳机连不上蓝牙", at(20)),
             Turn("agent", "您好，请问有什么可以帮您", at(60), "A"), Turn("customer", "连不上", at(90)),
             Turn("agent", "请重置一下", at(210), "A"), Turn("customer", "好的谢谢", at(240)))
    t = measure(c)
    assert t.first_response_s == 60
    assert t.avg_response_s == (60 + 120) / 2
    assert t.max_response_s == 120
    assert t.duration_s == 240
    assert (t.customer_turns, t.agent_turns) == (4, 2)
    assert t.gaps_by_agent == (("A", 60.0), ("A", 120.0))
    assert t.transfers == 0 and not t.bot_handover


def test_bot_handover_restarts_the_clock() -> None:
    c = conv(Turn("bot", "我是智能助手", at(0)), Turn("customer", "退款没到账", at(5)),
             Turn("bot", "请参考售后政策", at(6)), Turn("customer", "转人工", at(30)),
             Turn("agent", "您好", at(75), "B"))
    t = measure(c)
    assert t.bot_handover
    assert t.first_response_s == 45
    assert t.gaps_by_agent == (("B", 45.0),)


def test_repeats_and_transfers() -> None:
    c = conv(Turn("customer", "我的快递一周都没有动了怎么回事", at(0)), Turn("customer", "在吗", at(60)),
             Turn("customer", "我的快递一周都没有动了怎么回事啊", at(120)), Turn("agent", "您好", at(130), "A"),
             Turn("agent", "为您转接物流专员", at(140), "A"), Turn("agent", "您好我是物流专员", at(200), "C"))
    t = measure(c)
    assert t.repeats == 2
    assert t.transfers == 1
    assert t.first_response_s == 130


def test_missing_times_are_none_not_errors() -> None:
    t = measure(conv(Turn("customer", "你好"), Turn("agent", "您好", None, "A")))
    assert t.first_response_s is None and t.avg_response_s is None and t.duration_s is None
    assert measure(conv()).customer_turns == 0
