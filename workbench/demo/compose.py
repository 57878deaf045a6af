"""Turns a Spec into natural, varied Chinese (or English) text for its channel."""

from __future__ import annotations

import random

from workbench.demo import pii
from workbench.demo.catalog import BRAND, COURIERS, Product
from workbench.demo.phrases_neg import NEGATIVE
from workbench.demo.phrases_pos import (
    CLOSERS_NEG,
    CLOSERS_POS,
    ENGLISH,
    OPENERS_NEG,
    OPENERS_POS,
    POSITIVE,
    SARCASM,
    SARCASM_TAILS,
    SENSITIVE,
)
from workbench.demo.spec import Spec
from workbench.demo.template import expand, pick
from workbench.demo.topics import TOPIC_BY_KEY

BANKS = {**NEGATIVE, **POSITIVE}
PII_TEMPLATES = {
    "mobile": ("{我的电话|联系电话|手机号}是<v>，{麻烦|请}{尽快|}联系我", "{有问题|方便的话}{打我电话|直接打}<v>",
               "电话<v>"),
    "id_number": ("{发票|实名信息}{开个人|填个人}，身份证号<v>", "{身份证号|证件号}：<v>，{请核实|麻烦登记一下}"),
    "bank_card": ("{退款|钱}{请|麻烦}退到{我的|这张}{银行卡|卡}<v>", "{原路|支付宝}退不了的话{就|}打到卡号<v>"),
    "email": ("{发票|资料}{请|麻烦}发到{我|}邮箱<v>", "{邮箱|email}：<v>"),
    "address": ("{新地址|收货地址改成|上门取件地址是}<v>", "{寄到|寄修地址}：<v>"),
}
MIXED_JOIN = ("，{但是|不过|可是|就是}", "。{唯一的缺点是|美中不足的是|但}")
NEG_JOIN = ("，{而且|还有|另外|更离谱的是}", "。{还有|另外|再说}", "；")


class Composer:
    """Renders texts from phrase banks with a private random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def slots(self, product: Product) -> dict[str, str]:
        r = self.rng
        return {"p": product.noun, "pn": product.short, "cour": r.choice(COURIERS), "d": str(r.randrange(3, 16)),
                "n": str(r.randrange(2, 6)), "money": str(r.choice((20, 30, 50, 80, 100))), "brand": BRAND,
                "agent": r.choice(("小林", "安安", "大白", "橙子", "小雅")),
                "case": "充电仓" if product.kind == "earbuds" else product.noun}

    def clause(self, topic: str, product: Product) -> str:
        """One clause on ``topic``; templates tagged ``[ear watch …]`` are only said of those product kinds."""
        options = [t for t in BANKS[topic] if _fits(t, product.kind)]
        return _untag(expand(self.rng, self.rng.choice(options), self.slots(product)))

    def body(self, spec: Spec) -> str:
        """The opinion part: one clause per topic, joined the way people write."""
        if "english" in spec.flags:
            return pick(self.rng, ENGLISH[spec.topics[0]], self.slots(spec.product))
        if "sarcasm" in spec.flags:
            text = pick(self.rng, SARCASM[spec.topics[0]], self.slots(spec.product))
            return text + expand(self.rng, self.rng.choice(SARCASM_TAILS), {})
        parts = [self.clause(spec.topics[0], spec.product)]
        for topic in spec.topics[1:]:
            polarity = TOPIC_BY_KEY[topic].polarity
            join = MIXED_JOIN if polarity == "negative" and spec.sentiment != "negative" else NEG_JOIN
            parts.append(expand(self.rng, self.rng.choice(join), {}) + self.clause(topic, spec.product))
        text = "".join(parts)
        if spec.sentiment == "neutral":
            return text + "？" if spec.topics[0].startswith("ask_") else text
        negative = spec.sentiment == "negative"
        opener = expand(self.rng, self.rng.choice(OPENERS_NEG if negative else OPENERS_POS), self.slots(spec.product))
        closer = expand(self.rng, self.rng.choice(CLOSERS_NEG if negative else CLOSERS_POS), {})
        return opener + text + closer

    def finish(self, spec: Spec, text: str) -> str:
        """Add the planted sensitive words and personal data, then end the sentence."""
        for flag in sorted(spec.flags):
            if flag.startswith("sensitive:"):
                word = flag.split(":", 1)[1]
                template = next(t for w, t in SENSITIVE if w == word)
                text = _end(text) + expand(self.rng, template, {}) + "！"
        for kind, value in spec.pii:
            text = _end(text) + expand(self.rng, self.rng.choice(PII_TEMPLATES[kind]), {"v": value})
        if "english" in spec.flags:
            return text
        text = _end(text)
        return text[:-1] if text.endswith("。") and self.rng.random() < 0.3 else text

    def pii_value(self, kind: str, handle: str) -> str:
        r = self.rng
        makers = {"mobile": lambda: pii.mobile(r), "id_number": lambda: pii.id_number(r),
                  "bank_card": lambda: pii.bank_card(r), "email": lambda: pii.email(r, handle),
                  "address": lambda: pii.address(r)}
        return makers[kind]()


KIND_TAGS = {"ear": "earbuds", "watch": "watch", "spk": "speaker", "pb": "powerbank", "chg": "charger"}


def _fits(template: str, kind: str) -> bool:
    if not template.startswith("["):
        return True
    return kind in {KIND_TAGS[t] for t in template[1:template.index("]")].split()}


def _untag(text: str) -> str:
    return text[text.index("]") + 1:] if text.startswith("[") else text


def _end(text: str) -> str:
    """Close the running sentence so the next one can follow."""
    if not text or text[-1] in "。！？!?~…)）🙂":
        return text
    return text + "。"
