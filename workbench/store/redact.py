"""Strip a SQLite project copy before it leaves the analyst's machine (client bundles).

``masked``: the originals of masked personal data (``pii_originals``) are deleted, so the texts stay as
imported: masked. ``none``: the customer texts go too: every record's and message's text becomes
:data:`PLACEHOLDER`, tag evidence and reasons and alert details are cleared; counts, tags, sentiment, dates
and channels stay, so every figure and report is unchanged. Then the full-text index is dropped (its shadow
tables hold the texts) and the file is vacuumed, so freed pages keep nothing behind.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from workbench.store.fts import FTS_TABLE

LEVELS = ("full", "masked", "none")
PLACEHOLDER = "[原文未随附 · verbatim omitted]"


def redact(path: Path, level: str) -> None:
    """Apply ``level`` (one of :data:`LEVELS`) to the closed SQLite project file at ``path`` in place."""
    if level not in LEVELS:
        raise ValueError(level)
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        if level == "full":
            return
        with con:
            con.execute("DELETE FROM pii_originals")
            if level == "none":
                _drop_fts(con)
                con.execute("UPDATE records SET text = ?", (PLACEHOLDER,))
                con.execute("UPDATE messages SET text = ?", (PLACEHOLDER,))
                con.execute("UPDATE tags SET evidence = NULL, reason = NULL")
                con.execute("UPDATE alerts SET detail = NULL")
        con.execute("VACUUM")
    finally:
        con.close()


def _drop_fts(con: sqlite3.Connection) -> None:
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE ?",
                               (f"%{FTS_TABLE}%",)).fetchall():
        con.execute(f'DROP TRIGGER "{name}"')
    con.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
