"""Valid-looking personal data for the demo texts, and the validators tests and maskers rely on.

All values are synthetic: mobiles use real CN prefixes, ID numbers carry a valid GB 11643 check digit,
bank card numbers pass the Luhn check, addresses name real districts with invented street numbers.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

MOBILE_PREFIXES = ("130", "131", "132", "135", "136", "137", "138", "139", "147", "150", "151", "152", "155",
                   "156", "157", "158", "159", "166", "176", "177", "178", "180", "181", "182", "183", "185",
                   "186", "187", "188", "189", "191", "198", "199")
AREA_CODES = ("110105", "110108", "310104", "310115", "440106", "440305", "330106", "320102", "510107",
              "420106", "610113", "500103", "120101", "370202", "350203", "430104")
CARD_BINS = ("622202", "622848", "621700", "622588", "622262", "621483", "625965", "622609")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
MAIL_DOMAINS = ("qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "foxmail.com", "sina.com")
CITIES = (
    ("北京市", "朝阳区", ("建国路", "望京街", "酒仙桥路")),
    ("上海市", "浦东新区", ("张杨路", "世纪大道", "金科路")),
    ("广州市", "天河区", ("天河路", "体育西路", "珠江新城华夏路")),
    ("深圳市", "南山区", ("科技园南路", "南海大道", "桃园路")),
    ("杭州市", "西湖区", ("文三路", "古墩路", "天目山路")),
    ("成都市", "武侯区", ("人民南路", "科华北路", "天府大道")),
    ("武汉市", "洪山区", ("珞喻路", "光谷大道", "民族大道")),
    ("南京市", "鼓楼区", ("中山北路", "湖南路", "北京西路")),
)
COMMUNITIES = ("阳光花园", "锦绣小区", "翠湖苑", "金地名京", "万科城", "保利花园", "碧桂园", "华府天地")


def mobile(rng: random.Random) -> str:
    """An 11-digit CN mobile number with a real operator prefix."""
    return rng.choice(MOBILE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))


def id_check_digit(first17: str) -> str:
    """The GB 11643-1999 check character for the first 17 digits."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def id_number(rng: random.Random) -> str:
    """An 18-character resident ID number with a valid check digit (born 1965..2004)."""
    born = date(1965, 1, 1) + timedelta(days=rng.randrange(365 * 40))
    first17 = rng.choice(AREA_CODES) + born.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    return first17 + id_check_digit(first17)


def id_valid(value: str) -> bool:
    """True when ``value`` is 18 characters with a correct check character."""
    return len(value) == 18 and value[:17].isdigit() and id_check_digit(value[:17]) == value[17].upper()


def luhn_ok(digits: str) -> bool:
    """True when a string of digits passes the Luhn check."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _luhn_digit(body: str) -> str:
    """The check digit that makes ``body`` + digit pass Luhn."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        n = int(ch)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return str(-total % 10)


def bank_card(rng: random.Random) -> str:
    """A 16- or 19-digit UnionPay-style card number that passes Luhn."""
    length = rng.choice((16, 19))
    body = rng.choice(CARD_BINS) + "".join(rng.choice("0123456789") for _ in range(length - 7))
    return body + _luhn_digit(body)


def order_number(rng: random.Random) -> str:
    """A 19-digit marketplace order number, built to FAIL Luhn so it is never a valid card number."""
    body = "37" + "".join(rng.choice("0123456789") for _ in range(16))
    good = _luhn_digit(body)
    return body + str((int(good) + 1 + rng.randrange(9)) % 10)


def email(rng: random.Random, handle: str) -> str:
    """An e-mail address from an ASCII handle."""
    return f"{handle}{rng.randrange(10, 9999)}@{rng.choice(MAIL_DOMAINS)}"


def address(rng: random.Random) -> str:
    """A street address down to the flat number."""
    city, district, streets = rng.choice(CITIES)
    return (f"{city}{district}{rng.choice(streets)}{rng.randrange(1, 400)}号{rng.choice(COMMUNITIES)}"
            f"{rng.randrange(1, 30)}栋{rng.randrange(1, 33)}0{rng.randrange(1, 6)}室")
