"""Column mapping: finding the header row, and mapping columns to fields by header names and by values.

Fields (as ``--map`` in CLI.md): text, time, channel, rating, product, id, customer, session, role, turn,
agent. Columns left unmapped become extra fields (``extra:NAME``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from workbench.ingest.column_shape import refine
from workbench.ingest.dates import DateParser
from workbench.ingest.ratings import NO_RATING, WORDS
from workbench.ingest.speakers import is_role_word
from workbench.ingest.transcript import looks_like_transcripts

FIELDS: tuple[str, ...] = ("text", "time", "channel", "rating", "product", "id", "customer", "session", "role",
                           "turn", "agent", "speaker")
SYNONYMS: dict[str, tuple[str, ...]] = {
    "text": ("内容", "评论内容", "评价内容", "留言", "留言内容", "反馈", "反馈内容", "问题描述", "描述", "评论", "评价",
             "消息", "消息内容", "聊天内容", "对话内容", "工单内容", "投诉内容", "意见", "建议", "帖子内容", "正文",
             "回答", "text", "comment", "comments", "review", "content", "message", "feedback", "body",
             "description", "verbatim", "answer", "msg"),
    "time": ("时间", "日期", "创建时间", "下单时间", "评论时间", "评价时间", "发送时间", "提交时间", "发布时间",
             "消息时间", "受理时间", "反馈时间", "date", "time", "datetime", "created", "created_at", "timestamp",
             "sent_at", "submitted", "posted"),
    "channel": ("渠道", "来源", "平台", "来源渠道", "渠道来源", "channel", "source", "platform"),
    "rating": ("评分", "星级", "打分", "分数", "满意度", "nps", "csat", "score", "rating", "stars"),
    "product": ("商品", "产品", "sku", "型号", "商品名称", "产品名称", "宝贝", "品名", "product", "item", "model"),
    "id": ("编号", "id", "序号", "评论id", "工单号", "工单编号", "记录id", "订单号", "订单编号", "record_id",
           "ticket_id", "review_id", "order_id"),
    "customer": ("客户", "用户id", "用户", "买家", "客户id", "会员", "会员id", "顾客", "用户名", "买家昵称", "昵称",
                 "客户编号", "customer", "customer_id", "user", "user_id", "buyer", "member", "uid"),
    "session": ("会话id", "会话", "会话编号", "session", "session_id", "conversation", "conversation_id", "chat_id",
                "thread_id", "对话id"),
    "role": ("角色", "发送方", "发送者", "发言人", "发言方", "身份", "sender", "role", "speaker", "from", "author"),
    "turn": ("轮次", "消息序号", "turn", "seq", "sequence", "msg_no"),
    "speaker": ("发送人", "发送人昵称", "发送者昵称", "发言人昵称", "sender_name", "speaker_name", "from_name"),
    "agent": ("客服", "客服名称", "客服工号", "坐席", "处理人", "受理人", "agent", "staff", "operator", "assignee"),
}
_NORM = re.compile(r"[\s_\-./()（）:：]+")
_INDEX = {_NORM.sub("", s.lower()): f for f, names in SYNONYMS.items() for s in names}


def norm_header(name: str) -> str:
    """Header text folded for comparison (lower case, no spaces/punctuation)."""
    return _NORM.sub("", name.lower())


def layout_key(header: Sequence[str]) -> str:
    """A stable key for a source layout (its normalised header), under which a mapping is saved."""
    return hashlib.sha1("\x1f".join(norm_header(h) for h in header).encode()).hexdigest()[:16]


def find_header(rows: Sequence[list[object]]) -> int:
    """Index of the header row among the first rows: skips title rows and blank rows above it."""
    best, best_score = 0, -1.0
    width = max((_filled(r) for r in rows), default=0)
    for i, row in enumerate(rows[:30]):
        cells = [c for c in row if c not in (None, "")]
        if not cells:
            continue
        strings = [c for c in cells if isinstance(c, str) and len(c) <= 40]
        known = sum(1 for c in strings if norm_header(c) in _INDEX)
        score = 3 * known + len(strings) - (len(cells) - len(strings)) + (2 if len(cells) >= width * 0.6 else 0)
        if score > best_score:
            best, best_score = i, score
    return best


def is_subheader(row: list[object], header: list[object]) -> bool:
    """True when ``row`` is the lower line of a two-level header (short names under gaps of ``header``)."""
    cells = [c for c in row if c not in (None, "")]
    if not cells or not all(isinstance(c, str) and len(c) <= 20 and not _numeric(c) for c in cells):
        return False
    fills_gap = any(c not in (None, "") and (i >= len(header) or header[i] in (None, "")) for i, c in enumerate(row))
    known = any(norm_header(str(c)) in _INDEX for c in cells)
    return fills_gap and known


def _filled(row: list[object]) -> int:
    return sum(1 for c in row if c not in (None, ""))


def header_names(row: list[object], above: list[object] | None, width: int) -> list[str]:
    """Column names from the header row: empty cells take the (merged) cell above, else ``列N``; unique."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for i in range(width):
        cell = row[i] if i < len(row) else None
        if cell in (None, "") and above is not None and i < len(above) and above[i] not in (None, ""):
            cell = above[i]
        name = _cell_name(cell) or f"列{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        names.append(name)
    return names


def _cell_name(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return " ".join(str(cell).split())


def by_header(header: Sequence[str]) -> dict[str, str]:
    """Fields recognised from header names: exact synonyms first, then containment."""
    mapping: dict[str, str] = {}
    for col in header:
        field = _INDEX.get(norm_header(col))
        if field and field not in mapping:
            mapping[field] = col
    for col in header:
        if col in mapping.values():
            continue
        key = norm_header(col)
        for syn, field in _INDEX.items():
            if field not in mapping and len(syn) >= 2 and syn in key:
                mapping[field] = col
                break
    return mapping


def header_fit(col: str, field: str) -> float:
    """How well a header names ``field``: 3 exact, 2 its last dotted/underscored part, 1.5 its first part,
    1 the name contains a synonym, 0 not at all."""
    key = norm_header(col)
    if _INDEX.get(key) == field:
        return 3.0
    parts = [norm_header(p) for p in re.split(r"[._]", col) if p.strip()]
    if len(parts) > 1 and _INDEX.get(parts[-1]) == field:
        return 2.0
    if len(parts) > 1 and _INDEX.get(parts[0]) == field:
        return 1.5
    return 1.0 if any(len(s) >= 2 and s in key for s in _BY_FIELD[field]) else 0.0


_BY_FIELD = {f: [norm_header(s) for s in names] for f, names in SYNONYMS.items()}


def by_values(header: Sequence[str], sample: Sequence[list[object]], mapping: dict[str, str]) -> dict[str, str]:
    """Fill text, time and rating from the values of still-unmapped columns."""
    out = dict(mapping)
    parse = DateParser()
    free = [i for i, col in enumerate(header) if col not in out.values()]
    stats = {i: _column_stats([r[i] if i < len(r) else None for r in sample], parse) for i in free}
    if "time" not in out:
        dates = [i for i in free if stats[i][1] >= 0.8]
        if dates:
            out["time"] = header[dates[0]]
    if "text" not in out:
        texts = sorted((i for i in free if stats[i][0] >= 4 and header[i] not in out.values()),
                       key=lambda i: -stats[i][0])
        if texts:
            out["text"] = header[texts[0]]
    if "rating" not in out:
        for i in free:
            if stats[i][2] and header[i] not in out.values():
                out["rating"] = header[i]
                break
    return out


def _column_stats(values: list[object], parse: DateParser) -> tuple[float, float, bool]:
    """(mean text length of string cells, share parseable as dates, looks like a 1–5/0–10 score)."""
    filled = [v for v in values if v not in (None, "")]
    if not filled:
        return 0.0, 0.0, False
    strings = [v for v in filled if isinstance(v, str) and not _numeric(v)]
    mean_len = sum(len(s) for s in strings) / len(filled) if strings else 0.0
    dates = sum(1 for v in filled if _date_candidate(v) and parse(v) is not None)
    nums = [float(v) for v in filled if isinstance(v, int | float) or (isinstance(v, str) and _numeric(v))]
    score = len(nums) == len(filled) and all(0 <= x <= 10 for x in nums) and len(set(nums)) <= 11
    return mean_len, dates / len(filled), score


def _date_candidate(v: object) -> bool:
    """Bare numbers are not taken as dates by value (ids would look like Excel serials)."""
    if isinstance(v, str):
        return len(v.strip()) >= 8
    return not isinstance(v, int | float | bool)


def _numeric(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def by_meaning(header: Sequence[str], sample: Sequence[list[object]], mapping: dict[str, str]) -> dict[str, str]:
    """Fixes by what the values are: a column of role words is the role (the header-mapped "role" of names
    becomes the speaker); a column of whole transcripts is the text."""
    out = dict(mapping)
    pos = {c: i for i, c in enumerate(header)}

    def values(col: str) -> list[object]:
        return [r[pos[col]] if pos[col] < len(r) else None for r in sample]

    roles = [c for c in header if _role_words(values(c))]
    current = out.get("role")
    if roles and (current is None or current not in roles):
        if current is not None and "speaker" not in out:
            out["speaker"] = current
        for f in [f for f, c in out.items() if c == roles[0]]:
            del out[f]
        out["role"] = roles[0]
    if "rating" not in out:
        words = [c for c in header if c not in out.values() and _rating_words(values(c))]
        if words:
            out["rating"] = words[0]
    if "session" in out and "role" in out:  # one message per row: the time that varies within a session
        times = [c for c in header if norm_header(c) in _MESSAGE_TIMES or c == out.get("time")]
        if times:
            out["time"] = max(times, key=lambda c: len({str(v) for v in values(c)}))
    text = out.get("text")
    if ("session" not in out or "role" not in out) and (text is None or by_header(header).get("text") != text):
        chats = [c for c in header if looks_like_transcripts(values(c))]
        if chats and text not in chats:
            for f in [f for f, c in out.items() if c == chats[0]]:
                del out[f]
            out["text"] = chats[0]
    return out


_MESSAGE_TIMES = frozenset({"ts", "timestamp", "sendtime", "sentat", "msgtime", "发送时间", "消息时间", "time"})


def _rating_words(values: list[object]) -> bool:
    filled = [str(v).strip().lower() for v in values if v not in (None, "")]
    if len(filled) < 2 or len(set(filled)) > 12:
        return False
    return all(v in WORDS or v in NO_RATING or (v and set(v) <= {"★", "☆"}) for v in filled)


def _role_words(values: list[object]) -> bool:
    filled = [str(v).strip().lower() for v in values if v not in (None, "")]
    if len(filled) < 2 or len(set(filled)) > 8:
        return False
    return sum(1 for v in filled if is_role_word(v)) >= 0.9 * len(filled) and len(set(filled)) >= 2


def detect(header: Sequence[str], sample: Sequence[list[object]]) -> dict[str, str]:
    """The automatic mapping field → column for a header and a sample of data rows."""
    by_shape = refine(header, sample, by_header(header), header_fit)
    return by_meaning(header, sample, by_values(header, sample, by_shape))
