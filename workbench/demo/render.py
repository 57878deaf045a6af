"""Renders the non-chat Specs of each channel: text, rating and the channel's own fields."""

from __future__ import annotations

import random

from workbench.demo.compose import Composer
from workbench.demo.phrases_pos import TICKET_ASKS, TICKET_PREFIX
from workbench.demo.spec import Spec
from workbench.demo.template import expand
from workbench.demo.topics import TOPIC_BY_KEY

DEFAULT_REVIEW = "此用户没有填写评价。"
PLATFORMS = (("微博", 0.3), ("小红书", 0.25), ("抖音", 0.2), ("知乎", 0.1), ("B站", 0.08), ("贴吧", 0.07))
SELF_CHANNELS = ("APP", "小程序", "在线客服", "邮件")
TICKET_STATUS = (("已解决", 0.6), ("处理中", 0.25), ("已关闭", 0.15))
EMOJI = ("", "", "👍", "❤️", "😊", "🎧", "✨", "😄")


class Renderer:
    """Fills ``text``, ``rating`` and ``extra`` of non-chat Specs."""

    def __init__(self, rng: random.Random, composer: Composer) -> None:
        self.rng, self.c = rng, composer

    def render(self, spec: Spec) -> None:
        spec.pii = [(kind, value or self.c.pii_value(kind, spec.customer.handle)) for kind, value in spec.pii]
        getattr(self, f"_{spec.channel}")(spec)

    def _text(self, spec: Spec) -> str:
        return self.c.finish(spec, self.c.body(spec))

    def _review(self, spec: Spec) -> None:
        spec.text = DEFAULT_REVIEW if "default_text" in spec.flags else self._text(spec)
        spec.rating = 5 if "default_text" in spec.flags else self._stars(spec)

    def _stars(self, spec: Spec) -> int:
        r = self.rng
        if "sarcasm" in spec.flags:
            return 5 if r.random() < 0.1 else r.choice((1, 1, 2))
        if "after_forbidden" in spec.flags:
            return r.choice((1, 1, 1, 2))
        mixed = any(TOPIC_BY_KEY[t].polarity == "negative" for t in spec.topics)
        if spec.sentiment == "positive":
            return r.choices((4, 3), weights=(6, 4))[0] if mixed else r.choices((5, 4), weights=(85, 15))[0]
        if spec.sentiment == "neutral":
            return r.choices((3, 4, 2), weights=(50, 35, 15))[0]
        return r.choices((1, 2, 3), weights=(55, 30, 15))[0]

    def _survey(self, spec: Spec) -> None:
        r = self.rng
        blank = not spec.flags and not spec.pii and spec.sentiment != "negative" and r.random() < 0.06
        spec.text = "" if blank else self._text(spec)
        if blank:
            spec.flags.add("blank")
        if spec.sentiment == "positive" and "sarcasm" not in spec.flags:
            mixed = any(TOPIC_BY_KEY[t].polarity == "negative" for t in spec.topics)
            spec.rating = r.choice((7, 8, 9)) if mixed else r.choices((9, 10), weights=(4, 6))[0]
        elif spec.sentiment == "neutral":
            spec.rating = r.choices((7, 8, 6), weights=(45, 40, 15))[0]
        elif "refund" in spec.topics:
            spec.rating = r.choices(range(5), weights=(4, 3, 3, 2, 1))[0]
        else:
            spec.rating = r.choices(range(7), weights=(1, 1, 2, 3, 3, 4, 4))[0]

    def _social(self, spec: Spec) -> None:
        r = self.rng
        text = self._text(spec)
        if "english" not in spec.flags:
            roll = r.random()
            if roll < 0.25:
                text = f"#{spec.product.short.replace(' ', '')}# " + text
            elif roll < 0.4 and spec.sentiment == "negative":
                text = "@声悦科技官方 " + text
            if spec.sentiment == "positive":
                text += r.choice(EMOJI)
        spec.text = text
        spec.extra["platform"] = _weighted(r, PLATFORMS)

    def _ticket(self, spec: Spec) -> None:
        r = self.rng
        inner = self._text(spec)
        if "english" not in spec.flags and r.random() < 0.55:
            prefix, channel = r.choice(TICKET_PREFIX)
            ask = r.choice(TICKET_ASKS) if spec.sentiment == "negative" else "已解答"
            spec.text = f"{prefix}“{inner.rstrip('。')}”，{ask}。"
            spec.extra["渠道"] = channel
        else:
            spec.text = inner
            spec.extra["渠道"] = r.choice(SELF_CHANNELS)
        spec.extra["状态"] = _weighted(r, TICKET_STATUS)


def _weighted(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def spam_text(rng: random.Random, template: str) -> str:
    """One copy-paste spam message, expanded once and then posted verbatim many times."""
    return expand(rng, template, {"n": str(rng.randrange(100, 999))})
