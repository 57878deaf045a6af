"""REFI-QDA codebooks (``.qdc``, namespace ``urn:QDA-XML:codebook:1.0``): write a taxonomy, read one back.

The exchange format of NVivo, MAXQDA, ATLAS.ti and QualCoder (www.qdasoftware.org). Each node is a ``Code``
(``guid``, ``name``, ``isCodable``, an optional ``Description``), nested as the tree is. A node's GUID is a
UUID5 of its stable key, so the same node has the same GUID in every export, and a codebook read back into the
project it came from keeps its keys (no re-tagging) and the fields REFI-QDA has no place for (English name,
keywords, examples). Everything else gets fresh keys. Other tools' codebooks (with ``Sets``, colours, notes)
are read for their codes only.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from workbench.errors import InputError, Phrase
from workbench.taxonomy.model import Node, Taxonomy
from workbench.taxonomy.tree import MAX_DEPTH, Draft, from_drafts

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
ORIGIN = "Kesheng 客声"
_GUIDS = uuid.UUID("6b1f8e0c-6a3c-5d2e-9f1a-4b6e2c8d7a10")  # the namespace of every GUID Kesheng writes


def guid(kind: str, value: str | int) -> str:
    """A stable GUID for one thing of a kind (``node``, ``record``, ``user``, ``tag``)."""
    return str(uuid.uuid5(_GUIDS, f"{kind}:{value}"))


def qname(ns: str, name: str) -> str:
    """An element name in namespace ``ns`` ("" = unqualified, for elements written inside a declared default)."""
    return f"{{{ns}}}{name}" if ns else name


def code_element(taxonomy: Taxonomy, node: Node, ns: str) -> ET.Element:
    """The ``Code`` element of a node with its descendants, in namespace ``ns``."""
    code = ET.Element(qname(ns, "Code"), {"guid": guid("node", node.key), "name": node.name, "isCodable": "true"})
    if node.description:
        ET.SubElement(code, qname(ns, "Description")).text = node.description
    for child in taxonomy.children(node.key):
        code.append(code_element(taxonomy, child, ns))
    return code


def codes_element(taxonomy: Taxonomy, ns: str) -> ET.Element:
    """The ``Codes`` element: every top-level node with its subtree."""
    codes = ET.Element(qname(ns, "Codes"))
    for root in taxonomy.roots():
        codes.append(code_element(taxonomy, root, ns))
    return codes


def write_qdc(taxonomy: Taxonomy, path: Path) -> None:
    """Write the taxonomy as a REFI-QDA codebook (UTF-8 XML)."""
    ET.register_namespace("", CODEBOOK_NS)
    book = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": ORIGIN})
    book.append(codes_element(taxonomy, CODEBOOK_NS))
    ET.indent(book)
    ET.ElementTree(book).write(path, encoding="utf-8", xml_declaration=True)


def read_qdc(file: Path, known: Taxonomy | None = None) -> Taxonomy:
    """Read a REFI-QDA codebook (or the CodeBook of a ``project.qde``) into an unsaved taxonomy.

    ``known`` is the project's current taxonomy: a code whose GUID is one of its nodes' keeps that key and
    the node's English name, keywords and examples.

    Raises:
        InputError: the file is not XML, has no REFI-QDA ``Codes``, or a code has no name.
    """
    try:
        root = ET.parse(file).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError.of("errors.taxonomy.qdc_xml", name=file.name, reason=exc) from exc
    ns = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    if ns not in (CODEBOOK_NS, PROJECT_NS):
        raise InputError.of("errors.taxonomy.qdc_ns", name=file.name, ns=ns or Phrase("errors.none"),
                            expected=CODEBOOK_NS)
    codes = root.find(f"{{{ns}}}Codes") if ns == CODEBOOK_NS else root.find(f"{{{ns}}}CodeBook/{{{ns}}}Codes")
    if codes is None:
        raise InputError.of("errors.taxonomy.qdc_no_codes_element", name=file.name)
    by_guid = {guid("node", n.key): n for n in known.nodes} if known else {}
    drafts = list(_walk(codes, (), ns, by_guid, file.name))
    if not drafts:
        raise InputError.of("errors.taxonomy.qdc_no_codes", name=file.name)
    return from_drafts(drafts)


def _walk(parent: ET.Element, above: tuple[str, ...], ns: str, by_guid: dict[str, Node],
          name: str) -> Iterator[Draft]:
    kids = parent.findall(f"{{{ns}}}Code")
    if kids and len(above) >= MAX_DEPTH:
        raise InputError.of("errors.taxonomy.qdc_deep", name=name, most=MAX_DEPTH, under="/".join(above))
    for code in kids:
        label = (code.get("name") or "").strip()
        if not label:
            raise InputError.of("errors.taxonomy.code_unnamed", name=name,
                                  under="/".join(above) or Phrase("errors.taxonomy.top_level"))
        names = (*above, label)
        description = (code.findtext(f"{{{ns}}}Description") or "").strip()
        known = by_guid.get((code.get("guid") or "").strip("{}").lower())
        if known is None:
            yield Draft(names=names, description=description)
        else:
            yield Draft(names=names, name_en=known.name_en, description=description, keywords=known.keywords,
                        examples=known.examples, key=known.key)
        yield from _walk(code, names, ns, by_guid, name)
