"""The coded project as a REFI-QDA project (``export PROJECT --format qdpx``), for NVivo, MAXQDA, ATLAS.ti, QualCoder.

A ``.qdpx`` is a zip holding ``project.qde`` (XML, namespace ``urn:QDA-XML:project:1.0``):

- ``Users``: one per analyst who labelled (``tags.labelled_by``; an unknown one is "analyst") and
  "Kesheng machine" for the tags the cascade made (rule, student, LLM).
- ``CodeBook``: the current taxonomy (:mod:`workbench.taxonomy.refi_qda`: same GUIDs as a ``.qdc``).
- ``Sources``: one ``TextSource`` per record, its text as ``PlainTextContent``; each tag with an evidence span is a
  ``PlainTextSelection`` at the span's character positions (Unicode code points, as REFI-QDA counts them) with
  one ``Coding``; a tag without a span codes the whole source. ``creatingUser`` says who made each.

The XML is streamed record batch by record batch, so a million records never sit in memory as one tree.
Written to a temporary file and renamed: a failure or Cancel leaves nothing half-written.
"""

from __future__ import annotations

import os
import re
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

from workbench.errors import InputError, Phrase
from workbench.progress import CancelToken, Progress, no_progress
from workbench.queries import records
from workbench.queries.record_where import where
from workbench.store import schema
from workbench.store.handle import Project
from workbench.taxonomy.refi_qda import ORIGIN, PROJECT_NS, codes_element, guid
from workbench.taxonomy.repository import load_current
from workbench.types import RecordFilter

MACHINE = "Kesheng machine"
ANALYST = "analyst"  # a human tag from before schema 2, when nobody was recorded
BATCH = 2000
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")  # not allowed in XML 1.0


@dataclass(frozen=True)
class QdpxResult:
    """What an export wrote: sources (records), coded segments (tags), users."""

    sources: int
    codings: int
    users: int


def export_qdpx(project: Project, path: str | Path, flt: RecordFilter | None = None,
                progress: Progress = no_progress, cancel: CancelToken | None = None) -> QdpxResult:
    """Write the project (the records of ``flt``, all by default) as a ``.qdpx`` file.

    Raises:
        InputError: the project has no taxonomy, or the file cannot be written.
    """
    taxonomy = load_current(project)
    if taxonomy is None:
        raise InputError.of("errors.export.no_taxonomy")
    flt = flt or RecordFilter()
    file = Path(path)
    total = records.count(project, flt)
    if not file.parent.is_dir():
        raise InputError.of("errors.export.no_folder", path=file, folder=file.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{file.stem}-", suffix=".part", dir=file.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("project.qde", "w") as out:
            users = _users(project)
            out.write(_head(file.stem, users).encode("utf-8"))
            out.write(_xml(_users_element(users)))
            book = ET.Element("CodeBook")
            book.append(codes_element(taxonomy, ""))
            out.write(_xml(book))
            sources, codings = _write_sources(project, flt, users, {n.key for n in taxonomy.nodes}, out, total,
                                               progress, cancel)
            out.write(b"</Project>\n")
        os.replace(tmp, file)
    except OSError as exc:
        raise InputError.of("errors.taxonomy.write", path=file, reason=exc.strerror or exc) from exc
    finally:
        Path(tmp).unlink(missing_ok=True)
    return QdpxResult(sources, codings, len(users))


def _head(name: str, users: dict[str, str]) -> str:
    now = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    attrs = {"name": name, "origin": ORIGIN, "creatingUserGUID": users[MACHINE], "creationDateTime": now}
    head = ET.tostring(ET.Element("Project", attrs), encoding="unicode").removesuffix(" />")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{head} xmlns="{PROJECT_NS}">\n'


def _users(project: Project) -> dict[str, str]:
    """Name → GUID of every coder: the analysts who labelled, then the machine."""
    t = schema.tags
    with project.read() as conn:
        names = conn.execute(select(t.c.labelled_by).where(t.c.method == "human").distinct()).scalars().all()
    out = {name: guid("user", name) for name in sorted({n or ANALYST for n in names})}
    out[MACHINE] = guid("user", MACHINE)
    return out


def _users_element(users: dict[str, str]) -> ET.Element:
    element = ET.Element("Users")
    for name, user_guid in users.items():
        ET.SubElement(element, "User", {"guid": user_guid, "name": name})
    return element


def _write_sources(project: Project, flt: RecordFilter, users: dict[str, str], keys: set[str], out: IO[bytes],
                   total: int, progress: Progress, cancel: CancelToken | None) -> tuple[int, int]:
    sources = codings = 0
    for heads, tags in _batches(project, flt):
        if not sources:
            out.write(b"<Sources>\n")
        for head in heads:
            element, n = _source(head, tags.get(head.id, []), users, keys)
            out.write(_xml(element))
            codings += n
        sources += len(heads)
        progress(sources / max(total, 1), Phrase("progress.records", n=sources))
        if cancel:
            cancel.check()
    if sources:
        out.write(b"</Sources>\n")
    return sources, codings


def _batches(project: Project, flt: RecordFilter) -> Iterator[tuple[Sequence[Any], dict[int, list[Any]]]]:
    r, t = schema.records, schema.tags
    last = 0
    while True:
        with project.read() as conn:
            heads = conn.execute(select(r.c.id, r.c.external_id, r.c.channel, r.c.created_at, r.c.text)
                                 .where(where(conn, flt), r.c.id > last).order_by(r.c.id).limit(BATCH)).all()
            if not heads:
                return
            ids = [h.id for h in heads]
            tags: dict[int, list[Any]] = {}
            for row in conn.execute(select(t.c.id, t.c.record_id, t.c.node_key, t.c.sentiment, t.c.span_start,
                                           t.c.span_end, t.c.method, t.c.confidence, t.c.labelled_by)
                                    .where(t.c.record_id.in_(ids)).order_by(t.c.record_id, t.c.id)):
                tags.setdefault(row.record_id, []).append(row)
        yield heads, tags
        last = ids[-1]


def _source(head: Any, tags: list[Any], users: dict[str, str], keys: set[str]) -> tuple[ET.Element, int]:
    text = _CONTROL.sub("\ufffd", head.text or "")  # one for one, so the spans keep their positions
    name = _CONTROL.sub("\ufffd", f"{head.id} {head.external_id}" if head.external_id else str(head.id))
    attrs = {"guid": guid("record", head.id), "name": name, "creatingUser": users[MACHINE]}
    if head.created_at is not None:
        attrs["creationDateTime"] = head.created_at.replace(microsecond=0).isoformat()
    source = ET.Element("TextSource", attrs)
    if head.channel:
        ET.SubElement(source, "Description").text = f"channel: {head.channel}"
    ET.SubElement(source, "PlainTextContent").text = text
    whole, coded = [], 0
    for tag in tags:
        if tag.node_key not in keys:  # a tag of an older taxonomy version awaiting re-tagging
            continue
        user = users[(tag.labelled_by or ANALYST) if tag.method == "human" else MACHINE]
        coded += 1
        start, end = tag.span_start, tag.span_end
        if start is None or end is None or not 0 <= start < end <= len(text):
            whole.append(_coding(tag, user))
            continue
        selection = ET.SubElement(source, "PlainTextSelection", {
            "guid": guid("selection", tag.id), "name": text[start:end][:80], "startPosition": str(start),
            "endPosition": str(end), "creatingUser": user})
        ET.SubElement(selection, "Description").text = (
            f"{tag.method}, {tag.sentiment}, confidence {float(tag.confidence):.2f}")
        selection.append(_coding(tag, user))
    source.extend(whole)  # whole-source codings follow the selections, as the schema's sequence wants
    return source, coded


def _coding(tag: Any, user: str) -> ET.Element:
    coding = ET.Element("Coding", {"guid": guid("tag", tag.id), "creatingUser": user})
    ET.SubElement(coding, "CodeRef", {"targetGUID": guid("node", tag.node_key)})
    return coding


def _xml(element: ET.Element) -> bytes:
    ET.indent(element)
    data: bytes = ET.tostring(element, encoding="utf-8", xml_declaration=False)
    return data + b"\n"
