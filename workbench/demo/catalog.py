"""The fictional brand 声悦科技 (Soundjoy): products, SKUs, agents, customers and the calendar of the demo."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

BRAND = "声悦"
BRAND_FULL = "声悦科技"
START = date(2026, 3, 1)
END = date(2026, 8, 31)
PROMO = (date(2026, 6, 1), date(2026, 6, 20))  # the 618 shopping festival
WEEKDAY_FACTOR = (1.0, 0.95, 0.95, 1.0, 1.05, 1.2, 1.15)
HOUR_WEIGHTS = (2, 1, 1, 1, 1, 1, 2, 4, 7, 10, 12, 11, 8, 9, 11, 11, 10, 9, 8, 9, 12, 13, 10, 5)
COURIERS = ("顺丰", "中通", "圆通", "韵达", "京东快递", "极兔", "申通", "EMS")


@dataclass(frozen=True)
class Product:
    """A product line: ``noun`` is how customers call it, ``kind`` decides which topics apply."""

    key: str
    name: str
    short: str
    kind: str
    noun: str
    skus: tuple[str, ...]
    price: int
    weight: float


PRODUCTS = (
    Product("eb_pro", "声悦 AirBeat Pro 2 降噪耳机", "AirBeat Pro 2", "earbuds", "耳机",
            ("SJ-EBP2-BK", "SJ-EBP2-WH"), 599, 0.25),
    Product("eb_lite", "声悦 AirBeat Lite 蓝牙耳机", "AirBeat Lite", "earbuds", "耳机",
            ("SJ-EBL1-BK", "SJ-EBL1-WH", "SJ-EBL1-PK"), 199, 0.22),
    Product("watch", "声悦 Watch S3 智能手表", "Watch S3", "watch", "手表",
            ("SJ-WS3-42-BK", "SJ-WS3-46-SV"), 899, 0.17),
    Product("powerbank", "声悦 PowerGo 20000mAh 充电宝", "PowerGo 20000", "powerbank", "充电宝",
            ("SJ-PG20K-BK", "SJ-PG20K-WH"), 149, 0.14),
    Product("speaker", "声悦 BoomBox Mini 蓝牙音箱", "BoomBox Mini", "speaker", "音箱",
            ("SJ-BBM-BL", "SJ-BBM-GR"), 259, 0.12),
    Product("charger", "声悦 GaN 65W 快充充电器", "GaN 65W", "charger", "充电器", ("SJ-GAN65-WH",), 129, 0.10),
)
PRODUCT_BY_KEY = {p.key: p for p in PRODUCTS}


@dataclass(frozen=True)
class Agent:
    """A customer-service agent: ``speed`` scales response gaps, the flags are the planted habits."""

    code: str
    name: str
    team: str
    speed: float = 1.0
    skips_identity: bool = False
    blunt: float = 0.0


AGENTS = (
    Agent("KF1001", "小雅", "售前组"), Agent("KF1002", "阿泽", "售前组"),
    Agent("KF1003", "小雨", "售前组", skips_identity=True), Agent("KF1004", "可乐", "售前组"),
    Agent("KF1005", "小林", "售后组"), Agent("KF1006", "安安", "售后组"), Agent("KF1007", "大白", "售后组"),
    Agent("KF1008", "阿杰", "售后组", speed=6.5), Agent("KF1009", "橙子", "售后组"),
    Agent("KF1010", "老周", "售后组", blunt=0.16), Agent("KF1011", "木木", "物流专线"),
    Agent("KF1012", "星星", "物流专线"),
)
SLOW_AGENT = "KF1008"
SKIP_ID_AGENT = "KF1003"
BLUNT_AGENT = "KF1010"

_NICK_A = ("小", "大", "阿", "不吃", "爱吃", "快乐的", "安静的", "会飞的", "迷路的", "熬夜的", "早睡的", "努力的")
_NICK_B = ("鹿", "猫", "鱼", "兔", "橘子", "芒果", "西瓜", "星星", "月亮", "土豆", "奶茶", "柠檬", "熊", "鲸")
_HANDLES = ("tom", "lily", "sunny", "jack", "kiki", "leo", "momo", "zz", "coco", "amy", "kevin", "yoyo")


@dataclass(frozen=True)
class Customer:
    """A customer across channels: ``cid`` in tickets and surveys, ``nick`` in chats and reviews."""

    cid: str
    nick: str
    handle: str


def make_customers(rng: random.Random, n: int) -> list[Customer]:
    """``n`` distinct customers with stable ids and nicknames."""
    out: list[Customer] = []
    seen: set[str] = set()
    while len(out) < n:
        style = rng.random()
        if style < 0.5:
            nick = rng.choice(_NICK_A) + rng.choice(_NICK_B) + str(rng.randrange(10, 999))
        elif style < 0.8:
            nick = "tb" + "".join(rng.choice("0123456789abcdefghjkmnpqrstuvwxyz") for _ in range(8))
        else:
            nick = rng.choice(_HANDLES) + "_" + str(rng.randrange(1000, 99999))
        if nick in seen:
            continue
        seen.add(nick)
        out.append(Customer(f"C{100001 + len(out)}", nick, rng.choice(_HANDLES) + rng.choice(("", "_", "."))))
    return out


def days() -> list[date]:
    """Every day of the demo period."""
    return [START + timedelta(days=i) for i in range((END - START).days + 1)]


def day_weight(day: date) -> float:
    """Relative feedback volume of a day: weekday pattern, the 618 festival, slow growth."""
    weight = WEEKDAY_FACTOR[day.weekday()] * (1 + 0.04 * (day.month - START.month))
    if PROMO[0] <= day <= PROMO[1]:
        weight *= 1.35
    return weight


def random_time(rng: random.Random, day: date) -> datetime:
    """A time of day following the usual hourly pattern of online feedback."""
    hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60))


def pick_product(rng: random.Random) -> Product:
    return rng.choices(PRODUCTS, weights=[p.weight for p in PRODUCTS])[0]
