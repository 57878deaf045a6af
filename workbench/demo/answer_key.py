"""The answer key: exact facts about the planted events, computed from the generated records.

Counts are over unique records (an exactly duplicated row counts once), by local date (Asia/Shanghai),
and a record counts for a topic when the topic is among its true topics. Service facts are in
``service_key.py``.
"""

from __future__ import annotations

import csv
import itertools
import json
import statistics
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.demo import plan
from workbench.demo.catalog import BRAND_FULL, END, PRODUCT_BY_KEY, START
from workbench.demo.service_key import service_facts
from workbench.demo.spec import CHANNELS, Spec
from workbench.demo.topics import TOPIC_BY_KEY

if TYPE_CHECKING:
    from workbench.demo.generated import Generated

MONTHS = [f"2026-{m:02d}" for m in range(3, 9)]


def unique_records(data: Generated) -> list[Spec]:
    seen: set[int] = set()
    out: list[Spec] = []
    for channel in CHANNELS:
        for spec in data.rows[channel]:
            if id(spec) not in seen:
                seen.add(id(spec))
                out.append(spec)
    return out


def _by(items: Iterable[Spec], key: str) -> dict[str, int]:
    counter: Counter[str] = Counter()
    for s in items:
        counter[s.channel if key == "channel" else s.at.strftime("%Y-%m")] += 1
    return dict(sorted(counter.items()))


def _ids(items: Iterable[Spec]) -> list[dict[str, str]]:
    return [{"channel": s.channel, "id": s.ext_id} for s in items]


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def logistics_surge(records: list[Spec]) -> dict[str, Any]:
    hits = [s for s in records if "logistics_slow" in s.topics]
    weekly = Counter(_week_start(s.at.date()).isoformat() for s in hits)
    full = [w for w in sorted(weekly) if date.fromisoformat(w) >= START and date.fromisoformat(w) + timedelta(6) <= END]
    surge_week = plan.SURGE[0].isoformat()
    baseline = [weekly[w] for w in full if w != surge_week]
    in_week = [s for s in hits if plan.SURGE[0] <= s.at.date() <= plan.SURGE[1]]
    return {
        "topic": "logistics_slow", "label": TOPIC_BY_KEY["logistics_slow"].label,
        "period": {"from": plan.SURGE[0].isoformat(), "to": plan.SURGE[1].isoformat()},
        "count": len(in_week), "planted_extra": plan.SURGE_EXTRA, "by_channel": _by(in_week, "channel"),
        "daily": dict(sorted(Counter(s.at.date().isoformat() for s in in_week).items())),
        "baseline_weeks": len(baseline), "baseline_mean": round(statistics.mean(baseline), 2),
        "baseline_median": statistics.median(baseline), "baseline_max": max(baseline),
        "ratio_to_median": round(len(in_week) / statistics.median(baseline), 2),
        "weekly": {w: weekly[w] for w in full},
        "phrases": ["快递太慢", "物流一周没动", "还没发货", "物流信息一直不更新"],
    }


def battery_defect(records: list[Spec]) -> dict[str, Any]:
    product = PRODUCT_BY_KEY[plan.DEFECT_PRODUCT]
    hits = [s for s in records if "battery_defect" in s.topics]
    on_product = [s for s in hits if s.product.key == product.key]
    monthly = {m: 0 for m in MONTHS} | _by(on_product, "month")
    first = min(on_product, key=lambda s: s.at)
    return {
        "topic": "battery_defect", "label": TOPIC_BY_KEY["battery_defect"].label,
        "product": product.name, "product_short": product.short, "skus": list(product.skus),
        "first_month": "2026-07", "first_date": first.at.date().isoformat(), "month_index": 5,
        "count": len(on_product), "monthly": monthly, "by_channel": _by(on_product, "channel"),
        "other_products_monthly": {m: 0 for m in MONTHS} | _by([s for s in hits if s.product.key != product.key],
                                                                 "month"),
        "phrases": ["充电发烫", "续航突然变短", "鼓包"],
    }


def refund_trend(records: list[Spec]) -> dict[str, Any]:
    hits = [s for s in records if "refund" in s.topics]
    monthly = {m: 0 for m in MONTHS} | _by(hits, "month")
    totals = _by(records, "month")
    survey = [s for s in records if s.channel == "survey" and s.rating is not None]
    with_refund = [float(s.rating) for s in survey if "refund" in s.topics and s.rating is not None]
    without = [float(s.rating) for s in survey if "refund" not in s.topics and s.rating is not None]
    values = list(monthly.values())
    return {
        "topic": "refund", "label": TOPIC_BY_KEY["refund"].label, "monthly": monthly,
        "monthly_share": {m: round(monthly[m] / totals[m], 4) for m in MONTHS},
        "rising_every_month": all(a < b for a, b in itertools.pairwise(values)),
        "planted_extra": {f"2026-{k:02d}": v for k, v in plan.REFUND_EXTRA.items()},
        "nps_mean_with_refund": round(statistics.mean(with_refund), 2), "nps_responses_with_refund": len(with_refund),
        "nps_mean_without_refund": round(statistics.mean(without), 2),
        "phrases": ["退款迟迟不到账", "退款流程复杂"],
    }


def flagged(records: list[Spec], flag: str, examples: int = 5) -> dict[str, Any]:
    hits = [s for s in records if flag in s.flags]
    return {"count": len(hits), "by_channel": _by(hits, "channel"), "records": _ids(hits),
            "examples": [s.text for s in hits[:examples]]}


def pii_facts(records: list[Spec]) -> dict[str, Any]:
    kinds: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    for s in records:
        kinds.update(k for k, _ in s.pii)
        if s.pii:
            channels[s.channel] += 1
    return {"occurrences": dict(sorted(kinds.items())), "records": sum(1 for s in records if s.pii),
            "records_by_channel": dict(sorted(channels.items())),
            "note": "values are synthetic but valid: CN mobile prefixes, ID check digits (GB 11643), Luhn-valid "
                    "bank cards. Order numbers are 19 digits built to FAIL Luhn, so they are not card numbers; "
                    "agents echo only a phone's last 4 digits. Chat PII sits in customer turns."}


def sensitive(records: list[Spec]) -> dict[str, Any]:
    hits = [s for s in records if any(f.startswith("sensitive:") for f in s.flags)]
    words = Counter(f.split(":", 1)[1] for s in hits for f in s.flags if f.startswith("sensitive:"))
    return {"count": len(hits), "words": dict(sorted(words.items())), "by_channel": _by(hits, "channel"),
            "records": [{"channel": s.channel, "id": s.ext_id,
                         "word": next(f.split(":", 1)[1] for f in s.flags if f.startswith("sensitive:"))}
                        for s in hits]}


def duplicates(data: Generated, records: list[Spec]) -> dict[str, Any]:
    exact: list[dict[str, Any]] = [
        {"channel": c, "id": s.ext_id, "rows": sum(1 for x in data.rows[c] if x is s)}
        for c in CHANNELS for s in dict.fromkeys(x for x in data.rows[c] if "duplicated" in x.flags)]
    spam = Counter(s.text for s in records if "spam" in s.flags)
    return {"exact_duplicate_rows": exact, "exact_duplicate_extra_rows": sum(e["rows"] - 1 for e in exact),
            "copy_paste_spam": [{"text": t, "posts": n} for t, n in sorted(spam.items())],
            "default_reviews": {"text": "此用户没有填写评价。",
                                "count": sum(1 for s in records if "default_text" in s.flags)}}


def sentiment_mix(records: list[Spec]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for channel in CHANNELS:
        out[channel] = dict(sorted(Counter(s.sentiment for s in records if s.channel == channel).items()))
    return out


def build_answer_key(data: Generated, seed: int) -> dict[str, Any]:
    """Every documented fact, computed from the generated records."""
    records = unique_records(data)
    rows = {c: len(v) for c, v in data.rows.items()}
    multi = [s for s in records if sum(TOPIC_BY_KEY[t].polarity == "negative" for t in s.topics) >= 2]
    mixed = [s for s in records if s.sentiment == "positive" and any(
        TOPIC_BY_KEY[t].polarity == "negative" for t in s.topics)]
    survey = [s.rating for s in records if s.channel == "survey" and s.rating is not None]
    return {
        "brand": BRAND_FULL, "seed": seed, "period": {"from": START.isoformat(), "to": END.isoformat()},
        "timezone": "Asia/Shanghai",
        "files": {"chat": "soundjoy_chats.xlsx", "ticket": "soundjoy_tickets.csv", "review": "soundjoy_reviews.xlsx",
                  "survey": "soundjoy_nps.csv", "social": "soundjoy_social.jsonl"},
        "rows": rows, "records": _by(records, "channel"), "records_total": len(records),
        "chat_messages": sum(len(s.messages) for s in data.sessions),
        "sentiment": sentiment_mix(records),
        "review_stars": dict(sorted(Counter(str(s.rating) for s in records if s.channel == "review").items())),
        "nps": round(100 * (sum(r >= 9 for r in survey) - sum(r <= 6 for r in survey)) / len(survey), 1),
        "blank_survey_comments": sum(1 for s in records if "blank" in s.flags),
        "logistics_surge": logistics_surge(records), "battery_defect": battery_defect(records),
        "refund_trend": refund_trend(records),
        "sarcasm": flagged(records, "sarcasm"),
        "multi_issue": {"count": len(multi), "by_channel": _by(multi, "channel"),
                        "examples": [s.text for s in multi[:5]]},
        "mixed_praise_and_complaint": {"count": len(mixed), "examples": [s.text for s in mixed[:3]]},
        "english": flagged(records, "english", 3), "pii": pii_facts(records), "sensitive": sensitive(records),
        "duplicates": duplicates(data, records), "service": service_facts(data),
    }


def write_answer_key(path: Path, key: dict[str, Any]) -> None:
    path.write_text(json.dumps(key, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_truth(path: Path, data: Generated) -> None:
    """Per-record ground truth (topics, sentiment, plants) for evaluation; one row per unique record."""
    sessions = {id(s.spec): s for s in data.sessions}
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(("channel", "external_id", "created_at", "product", "sentiment", "topics", "topic_keys",
                      "flags", "pii", "outcome", "csat", "agents", "forbidden"))
        for s in unique_records(data):
            chat = sessions.get(id(s))
            out.writerow((s.channel, s.ext_id, s.at.isoformat(sep=" "), s.product.name, s.sentiment,
                          "|".join(TOPIC_BY_KEY[t].label for t in s.topics), "|".join(s.topics),
                          "|".join(sorted(s.flags)), "|".join(k for k, _ in s.pii),
                          chat.outcome if chat else "", chat.csat if chat and chat.csat else "",
                          "|".join(chat.agents) if chat else "", chat.forbidden or "" if chat else ""))
