"""Data for the kill -9 suite: generated feedback files and a tagged base project, built once per session."""

from __future__ import annotations

import csv
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.crash.harness import command, run_ok

PHRASES = ("配送太慢了", "饭菜凉了", "包装破了汤洒了", "味道很好吃", "客服态度差", "骑手很礼貌", "价格有点贵",
           "分量太少", "送错地址了", "退款很慢", "商家出餐慢", "优惠券用不了", "APP 老是闪退", "堂食环境脏")
HEADER = ("编号", "时间", "内容", "渠道")
BASE_RECORDS = 500


def rows(n: int, label: str, seed: int) -> Iterator[tuple[str, str, str, str]]:
    """``n`` feedback rows whose texts are unique to ``label`` (so no import drops them as duplicates)."""
    rng = random.Random(seed)
    for i in range(n):
        text = "，".join(rng.sample(PHRASES, rng.randint(1, 3))) + f"。订单 {label}-{i:05d}"
        yield f"{label}-{i}", f"2026-{1 + i % 6:02d}-{1 + i % 27:02d} {i % 24:02d}:{i % 60:02d}", text, "review"


def write_csv(path: Path, n: int, label: str, seed: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        out.writerows(rows(n, label, seed))
    return path


def write_xlsx(path: Path, n: int, label: str, seed: int) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("反馈")
    sheet.append(HEADER)
    for row in rows(n, label, seed):
        sheet.append(row)
    book.save(path)
    return path


def copy_project(source: Path, dest: Path) -> Path:
    """A copy of a closed project file (no -wal beside it, so the main file is the whole database)."""
    assert not Path(f"{source}-wal").exists() or Path(f"{source}-wal").stat().st_size == 0
    shutil.copyfile(source, dest)
    return dest


@dataclass(frozen=True)
class Bases:
    """The session's base projects: untagged (records + taxonomy) and tagged by an uninterrupted run."""

    untagged: Path
    tagged: Path
    tag_seconds: float


@pytest.fixture(scope="session")
def bases(tmp_path_factory: pytest.TempPathFactory) -> Bases:
    folder = tmp_path_factory.mktemp("crash-bases")
    untagged = folder / "untagged.kesheng"
    run_ok(command("import", str(untagged), str(write_csv(folder / "base.csv", BASE_RECORDS, "base", 7))))
    run_ok(command("taxonomy", str(untagged), "--template", "food_delivery"))
    tagged = copy_project(untagged, folder / "tagged.kesheng")
    seconds = run_ok(command("tag", str(tagged), "--llm-budget", "0"))
    return Bases(untagged, tagged, seconds)
