"""The import's options, its report, and the wizard's preview (plain values shared by CLI and GUI)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from workbench.ingest.transcript import Turn


@dataclass
class ImportOptions:
    """How to read and map a source.

    Attributes:
        sheet: sheet name or 1-based number (workbooks).
        table: table to read (SQLite file or database URL).
        query: read-only SELECT to read (SQLite file or database URL).
        mapping: field → column overrides; fields as CLI.md ``--map`` plus ``extra:NAME``; a column of ""
            unmaps the field.
        channel: channel given to every record (overrides a channel column).
        mask_pii: kept for API compatibility; masking is always on (records only ever hold masked text).
        keep_pii_originals: keep originals in ``pii_originals`` (also enabled by the project setting
            ``pii.keep_originals``).
        clean: Unicode NFKC, markup removed, whitespace tidied (on by default; off keeps the text as
            exported, only trimmed).
        drop_noise: system noise ("[图片]", auto-replies, greetings-only lines) dropped from the analysis
            text; chat messages keep it, flagged (on by default).
        strict: the report's warnings (likely-wrong mappings) are errors: nothing is imported.
        roles: speaker label → role (customer, agent, bot or system): the analyst's fix of who speaks in a
            transcript or a message column (CLI ``--role LABEL=ROLE``, the wizard's speaker table).
        limit: read at most this many data rows (the wizard's check before importing); None reads all.
    """

    sheet: str | None = None
    table: str | None = None
    query: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    channel: str | None = None
    mask_pii: bool = True
    keep_pii_originals: bool = False
    clean: bool = True
    drop_noise: bool = True
    strict: bool = False
    roles: dict[str, str] = field(default_factory=dict)
    limit: int | None = None


ROLE_NAMES = ("customer", "agent", "bot", "system")
"""The roles a speaker can have."""


@dataclass
class ImportReport:
    """What one source's import did; stored as JSON in ``sources.report``/``sources.counts``."""

    source_id: int | None
    path: str
    sheet: str | None
    read: int
    imported: int
    duplicates: int
    near_duplicates: int
    masked: int
    rejected: int
    conversations: int
    messages: int
    problems: list[str]
    mapping: dict[str, str]
    kind: str = ""
    encoding: str | None = None
    header_row: int = 0
    masked_by_kind: dict[str, int] = field(default_factory=dict)  # free text of the records kept
    masked_in_columns: dict[str, int] = field(default_factory=dict)  # other columns of the records kept
    cleaning: dict[str, bool] = field(default_factory=dict)
    turns: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    unmapped_ratings: dict[str, int] = field(default_factory=dict)
    unused_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notices: list[dict[str, str]] = field(default_factory=list)  # the warnings as code + values (for the UI's words)
    shape: str = "rows"
    fillers: int = 0
    channel: str | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict of every field."""
        return asdict(self)

    def counts(self) -> dict[str, int]:
        """The headline numbers only."""
        return {k: int(getattr(self, k)) for k in ("read", "imported", "duplicates", "near_duplicates", "masked",
                                                   "rejected", "conversations", "messages")}


@dataclass
class Preview:
    """What the wizard shows before importing: the source's sheets, header, sample rows and mapping.

    Attributes:
        path: the file or URL.
        kind: xlsx, xls, csv, json, jsonl, sqlite or dburl.
        names: sheets (workbook) or tables (database) offered.
        sheet: the sheet/table shown.
        header: column names.
        rows: sample data rows as display strings.
        mapping: the detected (or saved) mapping field → column.
        encoding: detected text encoding (text files).
        delimiter: detected delimiter (text files).
        header_row: 1-based row number of the header in the source (0 for databases/JSON).
        total: rows expected (approximate for text files), None when unknown.
        saved: True when the mapping came from a saved layout.
        sessions: the first sessions of a transcript column, parsed into turns exactly as the import parses
            them (empty when the text column holds no transcripts).
        speakers: speaker label (staff badge removed) → the role the import gives it, for those sessions.
        ratings: the rating column's sample values as the import maps them: (value, rating 1–5, NPS), one
            per preview row (empty when no rating column is mapped).
        rating_scale: how the rating column's numbers are read (1-5, 1-10 or nps).
    """

    path: str
    kind: str
    names: list[str]
    sheet: str | None
    header: list[str]
    rows: list[list[str]]
    mapping: dict[str, str]
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int = 0
    total: int | None = None
    saved: bool = False
    sessions: list[list[Turn]] = field(default_factory=list)
    speakers: dict[str, str] = field(default_factory=dict)
    ratings: list[tuple[str, float | None, int | None]] = field(default_factory=list)
    rating_scale: str | None = None
