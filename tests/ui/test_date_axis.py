"""The trend's time axis speaks the UI's language: no English month or weekday names on a Chinese screen, and
the labels follow a switch of language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from tests.ui.language_walk import axis_strings
from tests.ui.sample_project import fill
from ui import i18n
from ui.views.date_axis import DateAxis, tick_text

ENGLISH = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
           "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}


@pytest.mark.parametrize(("fmt", "zh", "en"), [
    ("%Y", "2025年", "2025"), ("%b", "3月", "Mar"), ("%d", "03-01", "01"), ("%a %d", "03-01 周六", "Sat 01"),
    ("%H:%M", "09:30", "09:30"), ("%S.%f", "00.000", "00.000"),
])
def test_each_zoom_levels_tick_in_both_languages(fmt: str, zh: str, en: str) -> None:
    when = datetime(2025, 3, 1, 9, 30)
    assert tick_text(when, fmt, "zh") == zh and tick_text(when, fmt, "en") == en


def test_the_trend_axis_names_no_english_month_on_a_chinese_screen(make_window: Callable[..., Any]) -> None:
    i18n.set_language("zh")
    window = make_window(lambda project: fill(project, n=120))
    assert window.wait_idle()
    axis = window.trend.plot.getAxis("bottom")
    assert isinstance(axis, DateAxis)
    labels = [label for _, label in axis_strings(axis, "trend")]
    assert labels and any("月" in label for label in labels) and any("周" in label for label in labels)
    assert not [label for label in labels if set(label.split()) & ENGLISH]
    i18n.set_language("en")
    assert axis.picture is None  # redrawn with the new words
    english = [label for _, label in axis_strings(axis, "trend")]
    assert any(set(label.split()) & ENGLISH for label in english) and not any("月" in label for label in english)
    i18n.set_language("zh")
