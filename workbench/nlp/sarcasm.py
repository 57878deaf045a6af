"""Politeness formulas that carry a complaint: "谢谢你们啊，让我等了两周", "好的呢，非常感谢，又坏了".

A thanks/politeness formula in the same text as a clear grievance (waiting, breaking again, nothing
done) is read as negative — small models often take the thanks at face value. Used by the rules stage
and as a guard on the LLM's judgement.
"""

from __future__ import annotations

import re

POLITE = re.compile(r"谢谢|感谢|多谢|辛苦了|好的呢|真是太好了|真棒|太感谢|服了|佩服|呵呵|thanks|thank you",
                    re.IGNORECASE)
GRIEVANCE = re.compile(
    r"等了.{0,4}(天|周|星期|个月|小时)|让我等|又坏了|又出问题|还没(到|发货|处理|退|修好|解决)|没人(管|理|回)|"
    r"一直没|石沉大海|第[二三四五六七八九十\d]+次|白等|再也不|退款.{0,4}(没|不)|拖了|\d+\s*(天|周)了")


def polite_complaint(text: str) -> bool:
    """Whether ``text`` thanks or praises in words while stating a grievance (sarcasm or a courtesy formula)."""
    return bool(POLITE.search(text) and GRIEVANCE.search(text))
