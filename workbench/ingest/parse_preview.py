"""What the import will make of the sample rows: a transcript column's turns and a rating column's values.

The wizard shows these before importing. They come from the very functions the import uses
(:func:`~workbench.ingest.transcript_rows.roles_from_sample`, :func:`~workbench.ingest.transcript.parse_transcript`,
:class:`~workbench.ingest.ratings.RatingReader`), so the GUI and the CLI show the same parse.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo

from workbench.ingest.builder import cell
from workbench.ingest.dates import DateParser
from workbench.ingest.ratings import RatingReader
from workbench.ingest.resolve import to_columns
from workbench.ingest.rows import HeadedTable
from workbench.ingest.speakers import agent_name
from workbench.ingest.transcript import Turn, looks_like_transcripts, parse_transcript
from workbench.ingest.transcript_rows import roles_from_sample

PREVIEW_SESSIONS = 5
"""How many sessions of a transcript column the preview parses."""


def parsed_sessions(headed: HeadedTable, mapping: dict[str, str], roles: Mapping[str, str], zone: tzinfo,
                    sessions: int = PREVIEW_SESSIONS) -> tuple[list[list[Turn]], dict[str, str]]:
    """The first ``sessions`` transcripts split into turns, and each speaker label's role (badge removed).

    Empty results when the text column does not hold whole sessions. ``roles`` are the analyst's fixes,
    applied as the import applies them.
    """
    if "text" not in mapping or mapping["text"] not in headed.header:
        return [], {}
    cols = to_columns(headed.header, mapping, "preview")
    text_i = cols.index["text"]
    if not looks_like_transcripts([cell(r, text_i) for r in headed.sample]):
        return [], {}
    speaker_roles = roles_from_sample(headed.sample, cols, dict(roles))
    parse_date = DateParser(zone)
    parsed: list[list[Turn]] = []
    speakers: dict[str, str] = {}
    for row in headed.sample:
        value = cell(row, text_i)
        if not isinstance(value, str) or not value.strip():
            continue
        turns = parse_transcript(value, speaker_roles, parse_date(cell(row, cols.get("time"))))
        parsed.append(turns)
        for turn in turns:
            if turn.speaker:
                speakers.setdefault(agent_name(turn.speaker), turn.role)
        if len(parsed) >= sessions:
            break
    return parsed, speakers


def mapped_ratings(headed: HeadedTable, mapping: dict[str, str],
                   rows: int) -> tuple[list[tuple[str, float | None, int | None]], str | None]:
    """Each preview row's rating cell as the import maps it (value, 1–5 rating, NPS), and the column's scale."""
    column = mapping.get("rating")
    if not column or column not in headed.header:
        return [], None
    i = headed.header.index(column)
    reader = RatingReader(column, [cell(r, i) for r in headed.sample])
    out: list[tuple[str, float | None, int | None]] = []
    for row in headed.sample[:rows]:
        value = cell(row, i)
        rating, nps = reader.read(value)
        out.append(("" if value is None else str(value), rating, nps))
    return out, reader.scale
