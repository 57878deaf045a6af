"""REFI-QDA exchange: the .qdc codebook and the .qdpx project, validated against the REFI-QDA 1.0 schemas
(tests/fixtures/refi_qda, MIT-licensed by REFI) and read back."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from tests.tagging.conftest import rule_tagged, small_taxonomy
from workbench.cli import main
from workbench.errors import InputError
from workbench.export_qdpx import MACHINE, export_qdpx
from workbench.project import Project
from workbench.store import schema
from workbench.tagging.bulk_label import apply_bulk_label, plan_bulk_label
from workbench.taxonomy.codebook import import_codebook, read_codebook, write_codebook
from workbench.taxonomy.model import Taxonomy
from workbench.taxonomy.refi_qda import guid
from workbench.taxonomy.repository import load_current
from workbench.types import RecordFilter

FIXTURES = Path(__file__).parents[1] / "fixtures" / "refi_qda"
Q = "{urn:QDA-XML:project:1.0}"
TEXTS = ["配送超时了，等了一个小时", "配送太慢了，味道也难吃", "客服态度差\x01真的差", "味道很好吃", "今天天气不错"]


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(FIXTURES / name)))


def _shape(taxonomy: Taxonomy) -> list[tuple[str, str, str | None]]:
    return [(n.path, n.description, n.parent_key and taxonomy.by_key(n.parent_key).path) for n in taxonomy.preorder()]


@pytest.fixture
def coded(tmp_path: Path) -> str:
    """A project tagged by the rules, then two records labelled by 李娜."""
    path = tmp_path / "p.kesheng"
    with Project.open(path) as project:
        rule_tagged(project, TEXTS)
        apply_bulk_label(project, plan_bulk_label(project, RecordFilter(text="味道"), ("产品/口味",), "negative"),
                         labelled_by="李娜")
    return str(path)


def test_qdc_is_valid_refi_qda_and_round_trips_the_tree(tmp_path: Path) -> None:
    taxonomy = small_taxonomy()
    out = tmp_path / "book.qdc"
    write_codebook(taxonomy, out)
    doc = etree.parse(str(out))
    _schema("Codebook.xsd").assertValid(doc)
    codes = doc.getroot().findall("{urn:QDA-XML:codebook:1.0}Codes/{urn:QDA-XML:codebook:1.0}Code")
    assert [c.get("name") for c in codes] == [n.name for n in taxonomy.roots()]
    assert all(c.get("isCodable") == "true" for c in doc.iter("{urn:QDA-XML:codebook:1.0}Code"))
    back = read_codebook(out)
    assert _shape(back) == _shape(taxonomy)


def test_qdc_import_into_its_project_keeps_keys_keywords_and_tags(coded: str, tmp_path: Path) -> None:
    out = tmp_path / "book.qdc"
    with Project.open(coded) as project:
        before = load_current(project)
        assert before is not None
        write_codebook(before, out)
        import_codebook(project, out)
        after = load_current(project)
    assert after is not None and after.version_id != before.version_id
    assert [(n.key, n.path, n.keywords, n.description) for n in after.preorder()] == \
        [(n.key, n.path, n.keywords, n.description) for n in before.preorder()]


def test_a_foreign_codebook_with_sets_and_colours_is_read(tmp_path: Path) -> None:
    file = tmp_path / "other.qdc"
    file.write_text(
        '<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="{A1B2C3D4-0000-4000-8000-000000000001}" name="Delivery" isCodable="false" color="#ff0000">'
        '<Description>late or lost</Description>'
        '<Code guid="A1B2C3D4-0000-4000-8000-000000000002" name="Late / very late" isCodable="true"/></Code>'
        '</Codes><Sets><Set guid="A1B2C3D4-0000-4000-8000-000000000003" name="s">'
        '<MemberCode guid="A1B2C3D4-0000-4000-8000-000000000002"/></Set></Sets></CodeBook>', encoding="utf-8")
    _schema("Codebook.xsd").assertValid(etree.parse(str(file)))
    taxonomy = read_codebook(file)
    assert [n.path for n in taxonomy.preorder()] == ["Delivery", "Delivery/Late ／ very late"]
    assert taxonomy.by_path("Delivery").description == "late or lost"  # type: ignore[union-attr]


@pytest.mark.parametrize("content, words", [
    ("not xml at all", "not well-formed"),
    ('<CodeBook xmlns="urn:example"><Codes/></CodeBook>', "namespace urn:example"),
    ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>', "no codes"),
    ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="x" isCodable="true"/></Codes></CodeBook>',
     "has no name"),
])
def test_a_bad_codebook_is_one_sentence(tmp_path: Path, content: str, words: str) -> None:
    file = tmp_path / "bad.qdc"
    file.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=words):
        read_codebook(file)


def test_qdpx_is_valid_and_holds_sources_codes_segments_and_coders(coded: str, tmp_path: Path) -> None:
    out = tmp_path / "p.qdpx"
    with Project.open(coded) as project:
        result = export_qdpx(project, out)
        taxonomy = load_current(project)
        t = schema.tags
        with project.read() as conn:
            tags = conn.execute(select(t.c.id, t.c.record_id, t.c.node_key, t.c.span_start, t.c.span_end,
                                       t.c.method, t.c.labelled_by)).all()
    assert taxonomy is not None
    with zipfile.ZipFile(out) as zf:
        assert zf.namelist() == ["project.qde"]
        doc = etree.fromstring(zf.read("project.qde"))
    _schema("Project.xsd").assertValid(doc)
    assert doc.tag == f"{Q}Project"
    users = {u.get("name"): u.get("guid") for u in doc.iter(f"{Q}User")}
    assert set(users) == {"李娜", MACHINE}
    codes = {c.get("guid"): c.get("name") for c in doc.iter(f"{Q}Code")}
    assert codes == {guid("node", n.key): n.name for n in taxonomy.nodes}
    sources = {s.get("guid"): s for s in doc.iter(f"{Q}TextSource")}
    assert result.sources == len(sources) == len(TEXTS) and result.codings == len(tags) > 0
    human = [x for x in tags if x.method == "human"]
    assert len(human) == 2 and len([x for x in tags if x.method != "human"]) > 0
    texts = {sid: s.findtext(f"{Q}PlainTextContent") for sid, s in sources.items()}
    assert "客服态度差\ufffd真的差" in texts.values()  # a control character cannot be XML; one for one keeps spans
    for tag in tags:
        coding = doc.find(f".//{Q}Coding[@guid='{guid('tag', tag.id)}']")
        assert coding is not None
        assert coding.find(f"{Q}CodeRef").get("targetGUID") == guid("node", tag.node_key)  # type: ignore[union-attr]
        assert coding.get("creatingUser") == users["李娜" if tag.method == "human" else MACHINE]
        source = sources[guid("record", tag.record_id)]
        selection = coding.getparent()
        if tag.span_start is None:
            assert selection is source
            continue
        assert selection.tag == f"{Q}PlainTextSelection" and selection.getparent() is source
        start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        assert (start, end) == (tag.span_start, tag.span_end)
        assert selection.get("creatingUser") == coding.get("creatingUser")
        assert texts[source.get("guid")][start:end] == TEXTS[tag.record_id - 1][start:end].replace("\x01", "\ufffd")
    assert any(x.span_start is not None for x in tags)


def test_qdpx_codebook_reads_back_as_the_tree(coded: str, tmp_path: Path) -> None:
    out = tmp_path / "p.qdpx"
    with Project.open(coded) as project:
        export_qdpx(project, out)
        taxonomy = load_current(project)
    assert taxonomy is not None
    qde = tmp_path / "project.qde"
    with zipfile.ZipFile(out) as zf:
        qde.write_bytes(zf.read("project.qde"))
    from workbench.taxonomy.refi_qda import read_qdc

    assert _shape(read_qdc(qde)) == _shape(taxonomy)


def test_cli_qdc_and_qdpx(coded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    qdc, qdpx = tmp_path / "c.qdc", tmp_path / "p.qdpx"
    assert main(["taxonomy", coded, "--export", str(qdc)]) == 0
    assert main(["taxonomy", coded, "--file", str(qdc)]) == 0
    out = capsys.readouterr().out
    assert f"exported to {qdc}" in out and f"(codebook {qdc})" in out and "need re-tagging" not in out
    assert main(["export", coded, "--format", "qdpx", "--out", str(qdpx), "--filter", "q=配送"]) == 0
    assert "wrote 2 sources" in capsys.readouterr().out
    with zipfile.ZipFile(qdpx) as zf:
        _schema("Project.xsd").assertValid(etree.fromstring(zf.read("project.qde")))
    assert main(["export", coded, "--format", "qdpx", "--turns", "--out", str(qdpx)]) == 2
    assert main(["export", coded, "--format", "qdpx", "--out", str(tmp_path / "no" / "p.qdpx")]) == 1
    assert "does not exist" in capsys.readouterr().err
