"""Client bundles: a round trip through the real CLI, and every way a bundle must refuse to open (wrong
passphrase, a flipped byte anywhere, a cut or extended file) with exit 1, one `error:` line and nothing written."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from workbench.bundle import sealed as sealed_module
from workbench.cli import main
from workbench.project import Project
from workbench.store.redact import PLACEHOLDER

PHONE = "13812345678"
SMALL_CHUNK = 4096


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bundle")
    data = folder / "feedback.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["评论ID", "评论时间", "评分", "评论内容"])
        for i in range(60):
            text = f"快递太慢了第{i}次，电话{PHONE}" if i % 3 == 0 else f"耳机音质很好，第{i}条好评"
            writer.writerow([f"R{i}", f"2026-05-{1 + i % 28:02d} 10:00", 1 if i % 3 == 0 else 5, text])
    path = folder / "p.kesheng"
    with Project.open(path) as created:  # so the masked originals exist, and --masked has something to drop
        created.set_setting("pii.keep_originals", True)
    assert main(["import", str(path), str(data)]) == 0
    assert main(["taxonomy", str(path), "--template", "consumer_electronics"]) == 0
    return path


@pytest.fixture()
def passphrase(tmp_path: Path) -> Path:
    pf = tmp_path / "pf"
    pf.write_text("correct horse battery staple\n", encoding="utf-8")
    return pf


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def bundle(project: Path, out: Path, pf: Path, *extra: str) -> int:
    return main(["bundle", str(project), "--out", str(out), "--passphrase-file", str(pf), *extra])


def unbundle(src: Path, out: Path, pf: Path) -> int:
    return main(["unbundle", str(src), "--out", str(out), "--passphrase-file", str(pf)])


def test_round_trip_keeps_the_project_taxonomy_and_reports(project: Path, passphrase: Path, tmp_path: Path) -> None:
    report = tmp_path / "deck.pptx"
    report.write_bytes(b"a report")
    out = tmp_path / "c.kbundle"
    assert bundle(project, out, passphrase, "--report", str(report)) == 0
    assert PHONE.encode() not in out.read_bytes() and b"SQLite format" not in out.read_bytes()
    opened = tmp_path / "opened.kesheng"
    assert unbundle(out, opened, passphrase) == 0
    query = "SELECT external_id, text FROM records ORDER BY external_id"
    assert rows(opened, query) == rows(project, query) and len(rows(opened, query)) == 60
    assert rows(opened, "SELECT count(*) FROM pii_originals") == rows(project, "SELECT count(*) FROM pii_originals")
    assert (tmp_path / "opened.kesheng.files" / "reports" / "deck.pptx").read_bytes() == b"a report"
    assert (tmp_path / "opened.kesheng.files" / "taxonomy.json").stat().st_size > 1000
    assert main(["info", str(opened)]) == 0


def test_no_verbatims_keeps_counts_but_no_text(project: Path, passphrase: Path, tmp_path: Path) -> None:
    originals = [r[0] for r in rows(project, "SELECT text FROM records")]
    assert rows(project, "SELECT count(*) FROM pii_originals")[0][0] > 0  # the import masked the phones
    assert bundle(project, tmp_path / "c.kbundle", passphrase, "--no-verbatims") == 0
    opened = tmp_path / "o.kesheng"
    assert unbundle(tmp_path / "c.kbundle", opened, passphrase) == 0
    assert rows(opened, "SELECT DISTINCT text FROM records") == [(PLACEHOLDER,)]
    assert rows(opened, "SELECT count(*) FROM records") == [(60,)]
    assert rows(opened, "SELECT count(*) FROM pii_originals") == [(0,)]
    raw = opened.read_bytes()
    assert not any(text.encode() in raw for text in originals)  # not in the FTS index nor in freed pages
    assert PHONE.encode() not in raw


def test_masked_keeps_masked_texts_and_drops_the_originals(project: Path, passphrase: Path, tmp_path: Path) -> None:
    assert bundle(project, tmp_path / "c.kbundle", passphrase, "--masked") == 0
    opened = tmp_path / "o.kesheng"
    assert unbundle(tmp_path / "c.kbundle", opened, passphrase) == 0
    query = "SELECT external_id, text FROM records ORDER BY external_id"
    assert rows(opened, query) == rows(project, query)
    assert rows(opened, "SELECT count(*) FROM pii_originals") == [(0,)]
    assert PHONE.encode() not in opened.read_bytes()


@pytest.fixture(scope="module")
def sealed(project: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    folder = tmp_path_factory.mktemp("sealed")
    pf = folder / "pf"
    pf.write_text("correct horse battery staple", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:  # small chunks: a small project still seals into many
        patch.setattr(sealed_module, "CHUNK", SMALL_CHUNK)
        assert bundle(project, folder / "c.kbundle", pf) == 0
    return (folder / "c.kbundle").read_bytes(), pf


def refused(data: bytes, pf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    src = tmp_path / "in.kbundle"
    src.write_bytes(data)
    out = tmp_path / "out" / "p.kesheng"
    out.parent.mkdir()
    assert unbundle(src, out, pf) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert list(out.parent.iterdir()) == []  # nothing written, no temp left behind
    return err


def test_wrong_passphrase_writes_nothing(sealed: tuple[bytes, Path], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    wrong = tmp_path / "wrong"
    wrong.write_text("correct horse battery stapler", encoding="utf-8")
    assert "passphrase is wrong" in refused(sealed[0], wrong, tmp_path, capsys)


@pytest.mark.parametrize("where", [9, 20, 40, 100, 5000, -20, -1])
def test_one_flipped_byte_is_refused(sealed: tuple[bytes, Path], where: int, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    data = bytearray(sealed[0])
    data[where] ^= 0x01
    refused(bytes(data), sealed[1], tmp_path, capsys)


@pytest.mark.parametrize("cut", ["truncated", "extended", "last_chunk_dropped"])
def test_cut_or_extended_bundle_is_refused(sealed: tuple[bytes, Path], cut: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from workbench.bundle.sealed import HEADER, TAG

    data = sealed[0]
    whole = HEADER.size + 2 * (4 + SMALL_CHUNK + TAG)  # the header and the first two chunks
    assert len(data) > whole + SMALL_CHUNK  # so dropping the chunks after them is a real test
    changed = {"truncated": data[:-100], "extended": data + b"\x00", "last_chunk_dropped": data[:whole]}[cut]
    refused(changed, sealed[1], tmp_path, capsys)


def test_existing_output_and_short_passphrase(project: Path, passphrase: Path, tmp_path: Path) -> None:
    existing = tmp_path / "c.kbundle"
    existing.write_bytes(b"keep me")
    assert bundle(project, existing, passphrase) == 1 and existing.read_bytes() == b"keep me"
    short = tmp_path / "short"
    short.write_text("abc", encoding="utf-8")
    assert bundle(project, tmp_path / "d.kbundle", short) == 2
    assert not (tmp_path / "d.kbundle").exists()
