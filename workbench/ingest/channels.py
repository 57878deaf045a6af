"""Guessing a source's channel from its sheet name, its file name and its columns (when no column says)."""

from __future__ import annotations

import re
from collections.abc import Sequence

_CLUES: tuple[tuple[str, str], ...] = (
    (r"京东|jd\.?com|\bjd\b", "京东"), (r"天猫|tmall", "天猫"), (r"淘宝|taobao", "淘宝"), (r"拼多多|pdd", "拼多多"),
    (r"抖音|douyin|tiktok", "抖音"), (r"小红书", "小红书"), (r"微博|weibo", "微博"),
    (r"企业微信|企微|wecom", "企业微信"),
    (r"微信|wechat", "微信"), (r"回访|满意度调查|问卷|survey|csat|nps", "回访"), (r"工单|ticket", "工单"),
    (r"热线|电话|call", "热线"), (r"app", "App"), (r"评价|评论|review", "评价"),
)
_COMPILED = tuple((re.compile(p, re.IGNORECASE), name) for p, name in _CLUES)


def guess_channel(sheet: str | None, path: str, header: Sequence[str]) -> str | None:
    """The channel named by the sheet, else the file name, else the columns; None when nothing says."""
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", path.replace("\\", "/").rsplit("/", 1)[-1])
    for text in (sheet or "", stem, " ".join(header)):
        for pattern, name in _COMPILED:
            if pattern.search(text):
                return name
    return None
