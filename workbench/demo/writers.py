"""Writes the demo exports in the shapes real systems produce (xlsx, GB18030 CSV, UTF-8-BOM CSV, JSONL)."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from workbench.demo.chats import Session
from workbench.demo.spec import Spec
from workbench.demo.xlsx import Cell, write_xlsx

CHAT_HEADER = ("会话ID", "轮次", "发送方", "客服工号", "客服组", "发送时间", "内容", "商品", "客户昵称", "满意度")
TICKET_HEADER = ("工单号", "创建时间", "渠道", "问题描述", "客户ID", "产品", "状态")
REVIEW_TITLE = "声悦科技官方旗舰店 · 商品评价导出（2026-03-01 至 2026-08-31）"
REVIEW_HEADER = ("订单号", "评价时间", "星级", "商品", "SKU", "评论内容", "买家")
SURVEY_HEADER = ("response_id", "date", "nps", "comment", "customer", "product")
UNIX_PLATFORMS = {"微博", "抖音"}
CN_OFFSET = timedelta(hours=8)


def write_chats(path: Path, sessions: Sequence[Session], teams: dict[str, str]) -> None:
    """One row per message; session fields (product, customer, rating) repeat on every row."""
    rows: list[list[Cell]] = [list(CHAT_HEADER)]
    for s in sessions:
        rows += [[s.spec.ext_id, m.turn, m.role, m.agent or None, teams.get(m.agent) if m.agent else None,
                  m.at, m.text, s.spec.product.name, s.spec.customer.nick, s.csat] for m in s.messages]
    write_xlsx(path, "会话记录", rows)


def write_reviews(path: Path, rows: Sequence[Spec]) -> None:
    """A shop-backend export: a title row above the header, order numbers as text."""
    out: list[list[Cell]] = [[REVIEW_TITLE], list(REVIEW_HEADER)]
    out += [[r.ext_id, r.at.strftime("%Y-%m-%d %H:%M:%S"), r.rating, r.product.name, r.sku, r.text, r.customer.nick]
            for r in rows]
    write_xlsx(path, "评价列表", out, merge_title=True)


def write_tickets(path: Path, rows: Sequence[Spec]) -> None:
    """A ticket-system CSV in GB18030 with `2026/3/5 14:02` times."""
    with path.open("w", encoding="gb18030", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(TICKET_HEADER)
        for r in rows:
            when = f"{r.at.year}/{r.at.month}/{r.at.day} {r.at.hour:02d}:{r.at.minute:02d}"
            out.writerow([r.ext_id, when, r.extra["渠道"], r.text, r.customer.cid, r.product.name, r.extra["状态"]])


def write_survey(path: Path, rows: Sequence[Spec]) -> None:
    """An NPS survey tool's CSV: UTF-8 with BOM, English headers, blank comments kept."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(SURVEY_HEADER)
        for r in rows:
            out.writerow([r.ext_id, r.at.strftime("%Y-%m-%d"), r.rating, r.text, r.customer.cid, r.product.short])


def social_time(spec: Spec) -> int | str:
    """Unix seconds for platforms whose API gives them, ISO 8601 with +08:00 for the others."""
    if spec.extra["platform"] in UNIX_PLATFORMS:
        return int((spec.at - CN_OFFSET - datetime(1970, 1, 1)).total_seconds())
    return spec.at.isoformat() + "+08:00"


def write_social(path: Path, rows: Sequence[Spec]) -> None:
    """One JSON object per line: id, platform, created_at, text, user."""
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for r in rows:
            obj = {"id": r.ext_id, "platform": r.extra["platform"], "created_at": social_time(r), "text": r.text,
                   "user": r.extra.get("user", r.customer.nick)}
            fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
