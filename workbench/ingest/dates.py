"""Reading dates and times in the many forms exports use, into naive datetimes in the project's timezone.

Accepted: ``datetime``/``date`` objects (calamine gives these for date cells), Excel serial numbers,
Unix seconds or milliseconds, ISO 8601 (with or without offset), ``2024/3/5 14:02``, ``2024.03.05``,
``2024年3月5日 14时02分``, ``20240305``, ``03/05/2024`` (month first), ``5.3.2024`` is not guessed.
Aware values are converted to the project timezone; naive values are taken as already local.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Asia/Shanghai"
_EXCEL_EPOCH = datetime(1899, 12, 30)
_UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

_CJK = re.compile(
    r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"
    r"(?:\s*(上午|下午|晚上)?\s*(\d{1,2})\s*[:：时点]\s*(\d{1,2})?\s*分?\s*(?:[:：]?\s*(\d{1,2})\s*秒?)?)?\s*$"
)
_YMD = re.compile(
    r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)
_MDY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:[ T]?(\d{2})(\d{2})(\d{2})?)?\s*$")
_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")


def get_zone(name: str | None) -> tzinfo:
    """The timezone named in the project settings (IANA name or ``UTC+8``); default Asia/Shanghai."""
    name = (name or DEFAULT_TIMEZONE).strip()
    m = re.fullmatch(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", name)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


class DateParser:
    """Parses cell values into naive datetimes in ``zone``; returns None for what is not a date.

    Numbers are read as Excel serials (1900–2100 range) or Unix seconds/milliseconds.
    """

    def __init__(self, zone: tzinfo | None = None) -> None:
        self.zone = zone or get_zone(None)

    def __call__(self, value: object) -> datetime | None:
        if value.__class__ is str:
            return self._text(value)  # type: ignore[arg-type]
        if value is None or value == "":
            return None
        if isinstance(value, datetime):
            return self._local(value)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day)
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            return self._number(float(value))
        if isinstance(value, time):
            return None
        return self._text(str(value))

    def _local(self, value: datetime) -> datetime:
        if value.tzinfo is None:
            return value
        return value.astimezone(self.zone).replace(tzinfo=None)

    def _number(self, x: float) -> datetime | None:
        if 1.0 <= x < 73051.0:  # Excel serial up to 2099-12-31
            if x < 3000:  # serials this small are years or scores, not dates
                return None
            return _EXCEL_EPOCH + timedelta(days=x)
        if 1e11 <= x < 4.2e12:  # Unix milliseconds
            x /= 1000.0
        if 1e8 <= x < 4.2e9:  # Unix seconds (1973–2103)
            return self._local(_UNIX_EPOCH + timedelta(seconds=x))
        return None

    def _text(self, s: str) -> datetime | None:
        s = s.strip()
        if not s:
            return None
        try:
            return self._local(datetime.fromisoformat(s))
        except ValueError:
            pass
        m = _YMD.match(s)
        if m:
            return self._ymd(m)
        m = _CJK.match(s)
        if m:
            return _cjk(m)
        m = _MDY.match(s)
        if m:
            return _build(m.group(3), m.group(1), m.group(2), m.group(4), m.group(5), m.group(6))
        m = _COMPACT.match(s)
        if m:
            return _build(*m.groups())
        if _NUMBER.match(s):
            return self._number(float(s))
        return None

    def _ymd(self, m: re.Match[str]) -> datetime | None:
        y, mo, d, h, mi, sec, frac, off = m.groups()
        dt = _build(y, mo, d, h, mi, sec)
        if dt is None:
            return None
        if frac:
            dt = dt.replace(microsecond=int(frac.ljust(6, "0")))
        if off:
            if off == "Z":
                tz: tzinfo = UTC
            else:
                sign = 1 if off[0] == "+" else -1
                digits = off[1:].replace(":", "")
                tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
            return self._local(dt.replace(tzinfo=tz))
        return dt


def _build(y: str | None, mo: str | None, d: str | None, h: str | None = None, mi: str | None = None,
           sec: str | None = None) -> datetime | None:
    try:
        return datetime(int(y or 0), int(mo or 0), int(d or 0), int(h or 0), int(mi or 0), int(sec or 0))
    except ValueError:
        return None


def _cjk(m: re.Match[str]) -> datetime | None:
    y, mo, d, half, h, mi, sec = m.groups()
    hour = int(h) if h else 0
    if half in ("下午", "晚上") and hour < 12:
        hour += 12
    return _build(y, mo, d, str(hour), mi, sec)
