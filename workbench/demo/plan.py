"""Plans every record of the demo as a Spec: the everyday base volume plus the planted events."""

from __future__ import annotations

import random
from datetime import date, timedelta

from workbench.demo.catalog import END, PRODUCT_BY_KEY, PRODUCTS, Customer, Product, day_weight, days, pick_product
from workbench.demo.catalog import random_time as at_time
from workbench.demo.phrases_pos import ENGLISH, SARCASM, SENSITIVE
from workbench.demo.spec import Spec
from workbench.demo.topics import TOPIC_BY_KEY, Topic, applicable

VOLUMES = {"chat": 3300, "ticket": 3300, "review": 6700, "survey": 2400, "social": 3200}
SENTIMENT_MIX = {"chat": (0.04, 0.36, 0.60), "ticket": (0.0, 0.28, 0.72), "review": (0.74, 0.12, 0.14),
                 "survey": (0.46, 0.30, 0.24), "social": (0.33, 0.27, 0.40)}
SURGE = (date(2026, 4, 20), date(2026, 4, 26))
SURGE_EXTRA = 150
DEFECT_PRODUCT = "eb_pro"
DEFECT_EXTRA = {7: 85, 8: 140}
REFUND_EXTRA = {3: 0, 4: 12, 5: 28, 6: 48, 7: 75, 8: 105}
PLANT_CHANNELS = {
    "surge": {"chat": 0.3, "ticket": 0.25, "social": 0.2, "review": 0.15, "survey": 0.1},
    "defect": {"review": 0.35, "social": 0.2, "ticket": 0.2, "chat": 0.2, "survey": 0.05},
    "refund": {"chat": 0.3, "ticket": 0.3, "survey": 0.2, "social": 0.15, "review": 0.05},
}
SARCASM_BY_CHANNEL = {"review": 30, "social": 35, "survey": 10, "ticket": 15}
ENGLISH_BY_CHANNEL = {"social": 30, "review": 20, "survey": 10}
SENSITIVE_BY_CHANNEL = {"ticket": 10, "chat": 6, "social": 8, "review": 4}
PII_SHARE = {"ticket": 0.12, "social": 0.015, "review": 0.008, "survey": 0.01}
PII_KINDS = (("mobile", 0.6), ("email", 0.1), ("address", 0.15), ("bank_card", 0.08), ("id_number", 0.07))
DEFAULT_REVIEWS = 60


def _fits(topic: Topic, kind: str) -> bool:
    return topic.kinds is None or kind in topic.kinds


class Planner:
    """Draws Specs from one random stream; call the methods in a fixed order for determinism."""

    def __init__(self, rng: random.Random, customers: list[Customer]) -> None:
        self.rng, self.customers = rng, customers
        self.days = days()
        self.weights = [day_weight(d) for d in self.days]

    def customer(self) -> Customer:
        # a quarter of the contacts come from a small set of frequent customers (repeat contacts)
        pool = self.customers[:400] if self.rng.random() < 0.25 else self.customers
        return self.rng.choice(pool)

    def spec(self, channel: str, day: date, sentiment: str, topics: list[str], product: Product | None = None,
             flags: set[str] | None = None) -> Spec:
        product = product or pick_product(self.rng)
        return Spec(channel, at_time(self.rng, day), product, self.customer(), sentiment, topics,
                    flags=set(flags or ()), sku=self.rng.choice(product.skus))

    def _topic(self, polarity: str, kind: str, exclude: list[str]) -> str:
        options = [t for t in applicable(polarity, kind) if t.key not in exclude]
        return self.rng.choices(options, weights=[t.weight for t in options])[0].key

    def topics(self, channel: str, sentiment: str, kind: str) -> list[str]:
        """One to three topics; sometimes a mixed text (praise with one complaint)."""
        r = self.rng
        if sentiment == "neutral":
            if channel in ("review", "survey") or (channel == "social" and r.random() < 0.3):
                return ["neutral_general"]
            options = [t for t in applicable("neutral", kind) if t.key != "neutral_general"]
            return [r.choices(options, weights=[t.weight for t in options])[0].key]
        first = self._topic(sentiment, kind, [])
        chosen = [first]
        if r.random() < (0.15 if sentiment == "negative" else 0.25):
            chosen.append(self._topic(sentiment, kind, chosen))
            if r.random() < 0.2:
                chosen.append(self._topic(sentiment, kind, chosen))
        if sentiment == "positive" and channel in ("review", "survey", "social") and r.random() < 0.08:
            chosen.append(self._topic("negative", kind, chosen))
        return chosen

    def base(self) -> list[Spec]:
        out: list[Spec] = []
        for channel, n in VOLUMES.items():
            for day in self.rng.choices(self.days, weights=self.weights, k=n):
                sentiment = self.rng.choices(("positive", "neutral", "negative"), weights=SENTIMENT_MIX[channel])[0]
                product = pick_product(self.rng)
                out.append(self.spec(channel, day, sentiment, self.topics(channel, sentiment, product.kind), product))
        return out

    def _plant(self, kind: str, day: date, topic: str, flag: str, product: Product | None = None) -> Spec:
        mix = PLANT_CHANNELS[kind]
        channel = self.rng.choices(list(mix), weights=list(mix.values()))[0]
        product = product or pick_product(self.rng)
        topics = [topic]
        if self.rng.random() < 0.12:
            topics.append(self._topic("negative", product.kind, topics))
        return self.spec(channel, day, "negative", topics, product, {flag})

    def surge(self) -> list[Spec]:
        week = [SURGE[0] + timedelta(days=i) for i in range(7)]
        picks = self.rng.choices(week, weights=(2, 3, 4, 4, 3, 2, 2), k=SURGE_EXTRA)
        return [self._plant("surge", d, "logistics_slow", "plant:logistics_surge") for d in picks]

    def defect(self) -> list[Spec]:
        product = PRODUCT_BY_KEY[DEFECT_PRODUCT]
        out: list[Spec] = []
        for month, n in DEFECT_EXTRA.items():
            month_days = [d for d in self.days if d.month == month and (month > 7 or d.day >= 3)]
            ramp = [1 + i / 10 for i in range(len(month_days))]
            out += [self._plant("defect", d, "battery_defect", "plant:battery_defect", product)
                    for d in self.rng.choices(month_days, weights=ramp, k=n)]
        for spec in out:  # a few of them sarcastic or in English, like everyone else
            roll = self.rng.random()
            if spec.channel != "chat" and roll < 0.05:
                spec.flags.add("sarcasm")
            elif spec.channel in ("review", "social") and roll < 0.08:
                spec.flags.add("english")
            if spec.flags & {"sarcasm", "english"}:
                spec.topics = spec.topics[:1]
        others = [p for p in PRODUCTS if p.kind in ("powerbank", "speaker", "watch")]
        for month in range(3, 9):  # the background: a rare heat complaint on other battery products
            month_days = [d for d in self.days if d.month == month]
            for _ in range(2):
                out.append(self._plant("defect", self.rng.choice(month_days), "battery_defect", "background",
                                       self.rng.choice(others)))
        return out

    def refund(self) -> list[Spec]:
        out: list[Spec] = []
        for month, n in REFUND_EXTRA.items():
            month_days = [d for d in self.days if d.month == month]
            out += [self._plant("refund", self.rng.choice(month_days), "refund", "plant:refund_trend")
                    for _ in range(n)]
        return out

    def _flavoured(self, counts: dict[str, int], bank: dict[str, tuple[str, ...]], flag: str) -> list[Spec]:
        out: list[Spec] = []
        for channel, n in counts.items():
            for _ in range(n):
                product = pick_product(self.rng)
                options: list[Topic] = [TOPIC_BY_KEY[k] for k in bank
                                        if TOPIC_BY_KEY[k].weight > 0 and _fits(TOPIC_BY_KEY[k], product.kind)]
                topic = self.rng.choice(options)
                day = self.rng.choices(self.days, weights=self.weights)[0]
                out.append(self.spec(channel, day, topic.polarity, [topic.key], product, {flag}))
        return out

    def sarcasm(self) -> list[Spec]:
        return self._flavoured(SARCASM_BY_CHANNEL, SARCASM, "sarcasm")

    def english(self) -> list[Spec]:
        return self._flavoured(ENGLISH_BY_CHANNEL, ENGLISH, "english")

    def default_reviews(self) -> list[Spec]:
        picks = self.rng.choices(self.days, weights=self.weights, k=DEFAULT_REVIEWS)
        return [self.spec("review", d, "neutral", [], flags={"default_text"}) for d in picks]

    def decorate(self, specs: list[Spec]) -> None:
        """Sensitive words on a few complaints; personal data sprinkled by channel."""
        words = [w for w, _ in SENSITIVE]
        for channel, n in SENSITIVE_BY_CHANNEL.items():
            pool = [s for s in specs if s.channel == channel and s.sentiment == "negative" and not s.flags]
            for i, spec in enumerate(self.rng.sample(pool, n)):
                spec.flags.add(f"sensitive:{words[i % len(words)]}")
        kinds, weights = [k for k, _ in PII_KINDS], [w for _, w in PII_KINDS]
        for spec in specs:
            share = PII_SHARE.get(spec.channel, 0.0)
            if "english" not in spec.flags and "default_text" not in spec.flags and self.rng.random() < share:
                spec.pii.append((self.rng.choices(kinds, weights=weights)[0], ""))

    def follow_up_review(self, chat: Spec, when_days: int) -> Spec:
        """The 1-2 star review a customer leaves after a chat that went wrong."""
        day = min(chat.at.date() + timedelta(days=when_days), END)
        topics = ["service_attitude"] + [t for t in chat.topics[:1] if TOPIC_BY_KEY[t].polarity == "negative"]
        spec = Spec("review", at_time(self.rng, day), chat.product, chat.customer, "negative", topics,
                    flags={"after_forbidden"}, sku=chat.sku)
        return spec
