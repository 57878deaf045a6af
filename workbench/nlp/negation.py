"""Negation scope for Chinese keyword hits: "不慢" is not "慢", "没有发烫" is not "发烫".

A hit is negated when a negator sits in the same clause within a few characters before it. Phrases
that look like negators but intensify instead ("不但", "不仅", "没想到") do not negate.
"""

from __future__ import annotations

import re

NEGATORS = ("没有", "并不", "并没", "从不", "从没", "毫不", "绝不", "一点也不", "一点都不", "不太", "不怎么",
            "不算", "不是", "不会", "不", "没", "无", "未", "别", "非", "莫", "勿")
NOT_NEGATION = ("不但", "不仅", "不光", "不只", "不过", "没想到", "不得不", "无比", "非常", "非得", "不少", "无论",
                "不管", "别人", "别提", "别说", "没少", "不要太")
CLAUSE_END = re.compile(r"[，,。.!！?？;；~～\s、]")
WINDOW = 5


def is_negated(text: str, start: int) -> bool:
    """Whether the word at ``text[start:]`` is negated by a negator just before it, in the same clause."""
    lo = max(0, start - WINDOW)
    before = text[lo:start]
    cut = max((m.end() for m in CLAUSE_END.finditer(before)), default=0)
    before = before[cut:]
    for neg in NEGATORS:
        pos = before.rfind(neg)
        if pos < 0:
            continue
        absolute = lo + cut + pos
        if any(_covers(text, absolute, phrase) for phrase in NOT_NEGATION):
            continue
        return True
    return False


def _covers(text: str, pos: int, phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` overlapping position ``pos``."""
    lo = max(0, pos - len(phrase) + 1)
    window = text[lo:pos + len(phrase)]
    idx = window.find(phrase)
    while idx >= 0:
        if lo + idx <= pos < lo + idx + len(phrase):
            return True
        idx = window.find(phrase, idx + 1)
    return False
