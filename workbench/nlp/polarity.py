"""A small polarity lexicon with negation: the rules' fallback sentiment when no model judges a text."""

from __future__ import annotations

from typing import Literal

from workbench.nlp.negation import CLAUSE_END, is_negated

Polarity = Literal["positive", "neutral", "negative"]

POSITIVE = ("好吃", "好用", "满意", "喜欢", "推荐", "不错", "很好", "挺好", "快", "方便", "干净", "热情", "周到",
            "划算", "实惠", "值", "舒服", "舒适", "漂亮", "赞", "棒", "给力", "完美", "新鲜", "耐心", "及时", "好评",
            "清晰", "流畅", "稳定", "省油", "安静", "宽敞", "超值", "感谢", "靠谱", "精致", "优秀", "喜爱", "惊喜")
NEGATIVE = ("差", "慢", "难吃", "难用", "失望", "垃圾", "坑", "贵", "脏", "冷", "凉", "投诉", "退款", "退货", "坏",
            "故障", "卡顿", "发烫", "漏", "破", "烂", "糟糕", "恶心", "态度差", "不满", "后悔", "骗", "吵",
            "异味", "油耗高", "等了", "超时", "少了", "错了", "没送到", "太咸", "太淡",
            "生气", "无语", "敷衍", "闪退", "死机", "延误")


def clause_polarity(text: str) -> int:
    """+1 / 0 / −1 summed over lexicon hits in ``text``, each flipped when negated."""
    score = 0
    for words, sign in ((POSITIVE, 1), (NEGATIVE, -1)):
        for word in words:
            idx = text.find(word)
            while idx >= 0:
                score += -sign if is_negated(text, idx) else sign
                idx = text.find(word, idx + len(word))
    return score


def polarity_of(text: str) -> Polarity:
    """The text's overall polarity by the lexicon."""
    score = clause_polarity(text)
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


def clause_around(text: str, start: int, end: int) -> str:
    """The clause (between punctuation) containing ``text[start:end]``."""
    lo = max((m.end() for m in CLAUSE_END.finditer(text, 0, start)), default=0)
    hi = next((m.start() for m in CLAUSE_END.finditer(text, end)), len(text))
    return text[lo:hi]
