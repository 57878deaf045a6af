"""Mapping, de-duplication, masking, saved layouts, progress and cancel."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from tests.ingest.helpers import count, records, snapshot, xlsx
from workbench.errors import Cancelled
from workbench.ingest.pipeline import ImportOptions, import_files, preview
from workbench.progress import CancelToken
from workbench.project import Project
from workbench.store import schema

HEADER = ["id", "date", "customer", "comment", "city", "score"]


def _rows(n: int, start: int = 0) -> list[list[object]]:
    return [[i, f"2024-03-{1 + i % 28:02d}", f"c{i}", f"第{i}条反馈:物流太慢,包装破损", "杭州", 1 + i % 5]
            for i in range(start, start + n)]


def test_auto_mapping_from_values_when_headers_unknown(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "odd.xlsx", [["A", "B", "C"], ["2024-03-05 10:00", 4, "这个产品用了一周就坏了真失望"],
                                        ["2024-03-06 09:00", 2, "客服回复很慢等了两天"]])
    assert preview(str(path)).mapping == {"time": "A", "text": "C", "rating": "B"}


def test_reimport_and_overlapping_export_add_only_new_rows(project: Project, tmp_path: Path) -> None:
    first = xlsx(tmp_path / "march.xlsx", [HEADER, *_rows(30)])
    newer = xlsx(tmp_path / "march_v2.xlsx", [HEADER, *_rows(40, start=20)])
    (a,) = import_files(project, [str(first)])
    (b,) = import_files(project, [str(first)])
    (c,) = import_files(project, [str(newer)])
    assert (a.imported, b.imported, b.duplicates) == (30, 0, 30)
    assert (c.imported, c.duplicates) == (30, 10)
    assert count(project) == 60
    assert records(project)[0]["extra"] == {"city": "杭州"}


def test_exact_duplicates_merged_near_duplicates_flagged(project: Project, tmp_path: Path) -> None:
    spam = "加微信领取优惠券,全场五折,名额有限先到先得"
    rows = [HEADER, [1, "2024-03-05", "c1", "发货太慢", "", 1], [2, "2024-03-05", "c1", "发货太慢", "", 1],
            [3, "2024-03-05", "c2", spam + "1", "", 5], [4, "2024-03-06", "c3", spam + "!!2", "", 5]]
    (report,) = import_files(project, [str(xlsx(tmp_path / "d.xlsx", rows))])
    assert (report.imported, report.duplicates, report.near_duplicates) == (3, 1, 1)
    recs = records(project)
    assert recs[2]["near_dup_of"] == recs[1]["id"]


def test_pii_never_stored_unless_originals_kept(project: Project, tmp_path: Path) -> None:
    rows = [["内容", "手机"], ["联系13812345678或a@b.com", "13900001111"]]
    path = xlsx(tmp_path / "p.xlsx", rows)
    (report,) = import_files(project, [str(path)])
    assert report.masked == 1 and report.masked_by_kind == {"mobile": 1, "email": 1}
    assert report.masked_in_columns == {"mobile": 1}  # the 手机 column: a cell that is only the number
    rec = records(project)[0]
    assert rec["text"] == "联系[手机号]或[邮箱]" and rec["extra"] == {"手机": "[手机号]"}
    assert count(project, "pii_originals") == 0
    project.set_setting("pii.keep_originals", True)
    import_files(project, [str(xlsx(tmp_path / "q.xlsx", [["内容"], ["我的卡6222021234567890128"]]))])
    with project.read() as conn:
        kept = conn.execute(schema.pii_originals.select()).mappings().all()
    assert [(k["kind"], k["original"]) for k in kept] == [("bank_card", "6222021234567890128")]


def test_customer_key_that_is_a_phone_is_pseudonymised(project: Project, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "c.xlsx", [["内容", "客户"], ["太贵了", "13812345678"], ["好用", "13812345678"]])
    import_files(project, [str(path)])
    keys = {r["customer_key"] for r in records(project)}
    assert len(keys) == 1 and next(iter(keys)).startswith("cust_")


def test_mapping_override_extra_name_and_saved_layout(project: Project, tmp_path: Path) -> None:
    rows = [["备注", "正文", "城市"], ["老客户", "退款到账太慢", "上海"]]
    path = xlsx(tmp_path / "m.xlsx", rows)
    options = ImportOptions(mapping={"text": "正文", "extra:note": "备注"}, channel="survey")
    (report,) = import_files(project, [str(path)], options)
    assert report.mapping["text"] == "正文"
    rec = records(project)[0]
    assert rec["text"] == "退款到账太慢" and rec["channel"] == "survey"
    assert rec["extra"] == {"note": "老客户", "城市": "上海"}
    again = xlsx(tmp_path / "m2.xlsx", [["备注", "正文", "城市"], ["新客户", "包装太简陋", "北京"]])
    info = preview(str(again), project=project)
    assert info.saved and info.mapping["extra:note"] == "备注"
    (second,) = import_files(project, [str(again)])
    assert second.mapping == report.mapping


def test_rejected_rows_listed_with_sheet_and_row(project: Project, tmp_path: Path) -> None:
    rows = [["内容", "时间"], ["好", "2024-03-05"], ["", "2024-03-05"], ["[图片]", "2024-03-05"],
            ["还行", "明天"], ["不错", "2024-03-06"], ["一般", "2024-03-07"]]
    (report,) = import_files(project, [str(xlsx(tmp_path / "r.xlsx", rows, sheet="评价"))])
    assert report.rejected == 2 and report.imported == 4
    assert report.problems[0] == "sheet 评价 row 3: empty text (or only system noise); skipped"
    assert any("sheet 评价 row 5: cannot read the date '明天'" in p for p in report.problems)
    with project.read() as conn:
        stored = conn.execute(schema.sources.select()).mappings().one()
    assert stored["counts"]["rejected"] == 2 and stored["report"]["problems"] == report.problems


def test_progress_reported_and_cancel_rolls_back(project: Project, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "big.xlsx", [HEADER, *_rows(12000)])
    seen: list[float] = []
    import_files(project, [str(path)], progress=lambda f, m="": seen.append(f))
    assert seen[-1] == 1.0 and any(0 < f < 1 for f in seen)
    before = snapshot(project)
    token = CancelToken()

    def cancel_midway(fraction: float, message: str = "") -> None:
        if 0 < fraction < 1:
            token.cancel()

    other = xlsx(tmp_path / "big2.xlsx", [HEADER, *_rows(12000, start=50000)])
    with pytest.raises(Cancelled):
        import_files(project, [str(other)], progress=cancel_midway, cancel=token)
    assert snapshot(project) == before


def test_several_files_are_one_transaction(project: Project, tmp_path: Path) -> None:
    good = xlsx(tmp_path / "good.xlsx", [HEADER, *_rows(5)])
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    before = snapshot(project)
    with pytest.raises(Exception, match="not an Excel workbook"):
        import_files(project, [str(good), str(bad)])
    assert snapshot(project) == before


def _index_names(project: Project) -> set[str]:
    with project.read() as conn:
        names = [str(ix["name"]) for ix in inspect(conn).get_indexes("records")]
    return {n for n in names if n.startswith("ix_")}


def test_bulk_load_rebuilds_indexes_and_failure_restores_them(project: Project, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("workbench.ingest.writer.BulkIndexes.MIN_ROWS", 10)
    expected = _index_names(project)
    assert len(expected) == 6
    (report,) = import_files(project, [str(xlsx(tmp_path / "bulk.xlsx", [HEADER, *_rows(50)]))])
    assert report.imported == 50 and _index_names(project) == expected
    bad = xlsx(tmp_path / "bad.xlsx", [["时间", "内容"], *[[f"第{i}天", f"反馈内容{i}"] for i in range(100)]])
    with pytest.raises(Exception, match="cannot be read"):
        import_files(project, [str(xlsx(tmp_path / "more.xlsx", [HEADER, *_rows(60, start=500)])), str(bad)])
    assert _index_names(project) == expected and count(project) == 50
