"""What a question talks about, found by rules: issues, products, channels, time, sentiment, and the
kind of answer wanted. Pure functions over the question and a catalogue of the project's values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from workbench.taxonomy.model import Node

CHANNEL_WORDS = {"chat": ("聊天", "客服会话", "在线客服", "chat"), "ticket": ("工单", "ticket"),
                 "review": ("评价", "评论", "review"), "survey": ("问卷", "调研", "nps", "survey"),
                 "social": ("社交", "微博", "小红书", "抖音", "social", "weibo")}
NEGATIVE = ("负面", "差评", "不满意", "negative")  # explicit only: "投诉"/"complaints" name an issue, not a filter
POSITIVE = ("好评", "正面", "表扬", "praise", "positive")
KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("drivers", ("拉低", "驱动", "影响评分", "评分低", "nps", "满意度低", "drives", "drive down", "lower score",
                 "low score", "hurts")),
    ("by_product", ("哪个产品", "哪款", "哪个型号", "哪些产品", "which product", "what product", "which model")),
    ("by_channel", ("哪个渠道", "哪些渠道", "which channel")),
    ("when", ("哪个月", "什么时候", "何时", "哪一周", "哪周", "哪天", "when", "which month", "which week")),
    ("rising", ("上升最快", "增长最快", "涨得最快", "rising", "fastest")),
    ("change", ("变化", "趋势", "增加", "减少", "上升", "下降", "增长", "比上", "多吗", "少吗", "change", "trend",
                "increase", "decrease", "grow", "more than", "compared")),
    ("top", ("最多", "最常见", "主要", "最大", "前几", "top", "most common", "biggest", "main")),
    ("why", ("为什么", "原因", "怎么回事", "说了什么", "说什么", "why", "reason", "what do", "what are customers")),
    ("count", ("多少", "几条", "数量", "how many", "number of", "count")),
)
MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december")


@dataclass(frozen=True)
class Catalogue:
    """The project's values a question can name; ``last_day`` anchors relative times ("last month")."""

    nodes: tuple[Node, ...]
    products: tuple[str, ...]
    channels: tuple[str, ...]
    first_day: date
    last_day: date


@dataclass
class Entities:
    """Rule findings; empty fields mean the question did not say."""

    nodes: list[Node] = field(default_factory=list)
    products: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    period: tuple[date, date] | None = None  # inclusive days
    period_text: str = ""
    sentiment: str | None = None
    kinds: list[str] = field(default_factory=list)
    search: str | None = None
    lang: str = "zh"


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text.lower())


QUESTION_WORDS = re.compile(r"问题|投诉|反馈|哪个|哪款|哪些|哪一|产品|最多|最常见|什么|多少|变化|最近|一个月|客户|相关|"
                            r"开始|出现|时候|为什么|原因|怎么|数据|评论|评价|情况|有没有|是否|多|少|的|了|吗|呢|是|有|在")


EN_QUESTION_WORDS = frozenset((
    "which", "what", "when", "where", "most", "many", "much", "product", "products", "complaint", "complaints",
    "issue", "issues", "customers", "customer", "month", "week", "have", "does", "about", "there", "their",
    "with", "from", "this", "that", "last", "more", "than", "change", "trend", "rising", "common", "number",
    "count", "records",
))


def _terms(question: str) -> list[str]:
    """Chinese 2–4-character n-grams of the question once its question words are removed."""
    runs = re.findall(r"[一-鿿]+", QUESTION_WORDS.sub(" ", question))
    return [run[i:i + n] for run in runs for n in (4, 3, 2) for i in range(len(run) - n + 1)]


def match_nodes(question: str, nodes: tuple[Node, ...], limit: int = 5) -> list[Node]:
    """Nodes the question names — by name, English name or keyword, whole or in part — best first.

    A node scores the length of each question term found in its name (keywords count half); names
    matched whole count double. Ties go to the shallower node, which covers the others.
    """
    q, terms = _norm(question), _terms(question)
    english = [w for w in re.findall(r"[a-z]{4,}", question.lower()) if w not in EN_QUESTION_WORDS]
    scored: list[tuple[float, Node]] = []
    for node in nodes:
        name = _norm(node.name)
        score = 2.0 * len(name) if len(name) >= 2 and name in q else 0.0
        score += max((len(t) for t in terms if t in name), default=0)
        score += 0.75 * max((len(t) for t in terms for k in node.keywords if t in k), default=0)
        score += 0.5 * sum(len(k) for k in node.keywords if len(k) >= 2 and _norm(k) in q)
        if node.name_en:
            score += sum(len(w) / 3.5 for w in english if w in node.name_en.lower())
        if score >= 2:
            scored.append((score - 0.3 * node.level, node))
    by_key = {n.key: n for n in nodes}
    children: dict[str, list[float]] = {}
    for sc, node in scored:
        if node.parent_key:
            children.setdefault(node.parent_key, []).append(sc)
    best = {n.key: sc for sc, n in scored}
    for key, scores in children.items():
        n_children = len(scores)
        ranked_children = sorted(scores, reverse=True)
        clear_winner = n_children >= 2 and ranked_children[0] - ranked_children[1] > 0.8
        if n_children >= 2 and key in by_key and not clear_winner:  # several children named: the parent covers them
            best[key] = best.get(key, 2.0 - 0.3 * by_key[key].level) + 0.8 * n_children
    ranked = sorted(best.items(), key=lambda x: (-x[1], by_key[x[0]].level, by_key[x[0]].path))
    return [by_key[k] for k, _ in ranked[:limit]]


def product_groups(products: tuple[str, ...]) -> dict[str, list[str]]:
    """Group name variants ("AirBeat Pro 2" inside "声悦 AirBeat Pro 2 降噪耳机") under the longest name."""
    groups: dict[str, list[str]] = {}
    for name in sorted(products, key=len, reverse=True):
        home = next((g for g in groups if _norm(name) in _norm(g)), None)
        groups.setdefault(home or name, []).append(name)
    return groups


def match_products(question: str, products: tuple[str, ...]) -> list[str]:
    q = _norm(question)
    out = []
    for canonical, variants in product_groups(products).items():
        if any(len(v) >= 3 and _norm(v) in q for v in variants) and canonical not in out:
            out.append(canonical)
    return out


def _month_period(year: int, month: int) -> tuple[date, date]:
    start = date(year, month, 1)
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return start, nxt - timedelta(days=1)


def parse_period(question: str, last: date) -> tuple[tuple[date, date] | None, str]:
    """A period named in the question, relative to the data's last day. Returns (period, the words)."""
    q = question.lower()
    explicit = _explicit_month(question, last)
    if explicit is not None:
        return explicit
    month_end = (last + timedelta(days=1)).day == 1  # the data ends with a whole month: "last month" is it
    latest_full = last if month_end else last.replace(day=1) - timedelta(days=1)
    rules: list[tuple[str, tuple[date, date]]] = [
        (r"最近一个月|近一个月|近30天|最近30天|past month|last 30 days",
         _month_period(last.year, last.month) if month_end else (last - timedelta(days=29), last)),
        (r"最近一周|近一周|近7天|最近7天|past week|last 7 days", (last - timedelta(days=6), last)),
        (r"最近三个月|近三个月|近3个月|past (three|3) months", (last - timedelta(days=89), last)),
        (r"本月|这个月|this month", _month_period(last.year, last.month)),
        (r"上个月|上月|last month", _month_period(latest_full.year, latest_full.month)),
    ]
    for pattern, period in rules:
        m = re.search(pattern, q)
        if m:
            return period, m.group(0)
    return None, ""


def _explicit_month(question: str, last: date) -> tuple[tuple[date, date], str] | None:
    """"5月" / "2026年4月" / "in May" — a named month, the latest one not after the data's last day."""
    q = question.lower()
    m = re.search(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月(?!份?\s*\d)", question)
    if m:
        year = int(m.group(1)) if m.group(1) else last.year
        month = int(m.group(2))
        if 1 <= month <= 12:
            if not m.group(1) and date(year, month, 1) > last:
                year -= 1
            return _month_period(year, month), m.group(0)
    for i, name in enumerate(MONTHS_EN):
        m = re.search(rf"\b(in\s+)?{name}(\s+(\d{{4}}))?\b", q)
        if m:
            year = int(m.group(3)) if m.group(3) else last.year
            return _month_period(year, i + 1), m.group(0)
    return None


def extract(question: str, cat: Catalogue) -> Entities:
    """All rule findings for ``question``."""
    q = question.lower()
    ent = Entities(lang="zh" if re.search(r"[\u4e00-\u9fff]", question) else "en")
    ent.nodes = match_nodes(question, cat.nodes)
    ent.products = match_products(question, cat.products)
    ent.channels = [c for c, words in CHANNEL_WORDS.items() if c in cat.channels and any(w in q for w in words)]
    ent.period, ent.period_text = parse_period(question, cat.last_day)
    if any(w in q for w in POSITIVE):
        ent.sentiment = "positive"
    elif any(w in q for w in NEGATIVE):
        ent.sentiment = "negative"
    ent.kinds = [kind for kind, words in KINDS if any(w in q for w in words)]
    quoted = re.search(r"[“\"「『']([^”\"」』']{1,30})[”\"」』']", question)
    if quoted:  # a quoted phrase is searched for literally, not read as an issue
        ent.search = quoted.group(1)
        ent.nodes = []
    return ent
