"""Outcome of a conversation: resolved / unresolved / escalated, and how the customer's mood moved.

Rules read the last customer turns and the agents' escalation phrases; dissatisfaction per customer
turn comes from the polarity lexicon (with negation) plus anger and impatience cues, mapped to 0–1.
"""

from __future__ import annotations

import re

from workbench.nlp.polarity import clause_polarity
from workbench.service.model import Outcome
from workbench.types import Conversation

ESCALATED = re.compile(r"升级给|提交给.{0,4}主管|转.{0,2}(主管|专员)|专人.{0,4}(回电|联系)|12315|消协|投诉到")
RESOLVED = re.compile(r"谢谢|多谢|辛苦了|好的|可以了|解决了|没问题了|明白了|收到|行|thanks|thank you", re.IGNORECASE)
GAVE_UP = re.compile(r"算了|不指望|没解决|什么都没解决|到底怎么办|差评|投诉|无语|就这样[？?]")
ANGER = re.compile(r"[！!]{2,}|[？?]{2,}|什么态度|太差|差评|投诉|无语|骗子|垃圾|气死|敷衍|人呢")
QUESTION = re.compile(r"怎么|如何|吗|[？?]|能不能|多久|几天|多少|什么时候|支持|兼容|请问")
COMPLAINT = re.compile(r"什么态度|太差|差评|投诉|无语|骗子|垃圾|气死|敷衍|退款|退货|坏了|故障|没收到|破损|发烫|鼓包|"
                       r"一周没动|太慢|不能用|连不上|失灵|没反应|到底")
NOT_NEGATIVE = re.compile(r"差不多|一般般|不差|还没(深度|仔细)?(体验|用)")


def dissatisfaction(text: str) -> float:
    """0 (content) … 1 (furious) for one customer message."""
    score = 0.35 - 0.15 * clause_polarity(text) + 0.25 * len(ANGER.findall(text))
    return round(min(1.0, max(0.0, score)), 3)


def intent_of(conv: Conversation) -> str:
    """A rule-based intent for conversations not yet tagged: complaint, inquiry, praise or other."""
    text = NOT_NEGATIVE.sub("", " ".join(t.text for t in conv.turns if t.role == "customer"))
    if COMPLAINT.search(text):
        return "complaint"
    if QUESTION.search(text):
        return "inquiry"
    polarity = clause_polarity(text)
    return "complaint" if polarity < 0 else "praise" if polarity > 0 else "other"


def judge(conv: Conversation) -> Outcome:
    """Resolution status, start/end dissatisfaction and the customer turn where it went wrong."""
    customer = [(i, t) for i, t in enumerate(conv.turns) if t.role == "customer"]
    scores = [dissatisfaction(t.text) for _, t in customer]
    start = scores[0] if scores else 0.0
    end = scores[-1] if scores else 0.0
    wrong = None
    for k in range(1, len(scores)):
        if scores[k] - scores[k - 1] >= 0.3 and scores[k] >= 0.6:
            wrong = customer[k][0]
            break
    escalation = next((i for i, t in enumerate(conv.turns) if t.role == "agent" and ESCALATED.search(t.text)), None)
    last_customer = customer[-1] if customer else None
    evidence: int | None
    if escalation is not None:
        status, evidence = "escalated", escalation
    elif last_customer and GAVE_UP.search(last_customer[1].text):
        status, evidence = "unresolved", last_customer[0]
    elif last_customer and RESOLVED.search(last_customer[1].text):
        status, evidence = "resolved", last_customer[0]
    else:
        status, evidence = "unresolved", last_customer[0] if last_customer else None
    return Outcome(status, start, end, wrong, evidence)
