"""Generated chat exports for bench/ingest.py: the same sessions as one transcript per row and as one message
per row (the baseline shape), about 12 turns each, some with a phone number to mask."""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

_CUSTOMER = ("空调不制冷了，怎么办", "订单还没发货，已经三天了", "安装师傅什么时候上门", "我要退款，东西质量太差",
             "电话一直打不通，等了四十分钟", "App配网一直失败", "好的，谢谢", "[图片]", "地址写错了能改吗")
_AGENT = ("您好，很高兴为您服务", "请问是哪个型号？", "已经为您登记，稍后有师傅联系您", "抱歉给您带来不便",
          "退款预计3-5个工作日到账", "请您提供一下订单号", "还有其他可以帮您的吗")
_AGENTS = ("客服小王(工号1032)", "客服小李(工号1044)", "客服小周(工号1047)", "客服阿杰(工号1065)")


def _session(rng: random.Random, i: int) -> tuple[str, str, datetime, list[tuple[str, str, datetime, str]]]:
    """(session id, agent label, start, [(speaker, role, time, text)])."""
    start = datetime(2026, 8, 1) + timedelta(minutes=7 * i + rng.randrange(5))
    agent = rng.choice(_AGENTS)
    turns: list[tuple[str, str, datetime, str]] = []
    t = start
    for k in range(12):
        t += timedelta(seconds=rng.randrange(5, 120))
        if k % 2 == 0:
            text = rng.choice(_CUSTOMER)
            if rng.random() < 0.05:
                text += f"，我的手机13{rng.randrange(10**9):09d}"
            turns.append(("客户", "客户", t, text))
        else:
            turns.append((agent, "客服", t, rng.choice(_AGENT)))
    return f"C{i:09d}", agent, start, turns


def write_transcripts(path: Path, n: int) -> None:
    """One session per row, the whole transcript in one cell (``YYYY-MM-DD HH:MM:SS 说话人：内容`` lines)."""
    rng = random.Random(22)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["会话ID", "接待客服", "会话开始时间", "聊天记录", "满意度"])
        for i in range(n):
            sid, agent, start, turns = _session(rng, i)
            lines = [f"{t:%Y-%m-%d %H:%M:%S} {who}：{text}" for who, _, t, text in turns]
            w.writerow([sid, agent, f"{start:%Y-%m-%d %H:%M:%S}", "\n".join(lines),
                        rng.choice(("非常满意", "满意", "一般", "不满意"))])


def write_messages(path: Path, n: int) -> None:
    """The same sessions, one message per row (session id, sender, role, time, text)."""
    rng = random.Random(22)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["会话ID", "发送人", "发送人类型", "消息时间", "消息内容"])
        for i in range(n):
            sid, _, _, turns = _session(rng, i)
            rng.choice(("非常满意", "满意", "一般", "不满意"))  # keep both files on the same random sequence
            w.writerows([sid, who, role, f"{t:%Y-%m-%d %H:%M:%S}", text] for who, role, t, text in turns)
