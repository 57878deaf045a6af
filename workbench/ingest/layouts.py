"""Saved mappings per source layout (normalised header), kept in the project's settings."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from workbench.store import schema

PREFIX = "ingest.mapping."


def load_mapping(conn: Connection, key: str) -> dict[str, str]:
    """The mapping saved for a layout key, or {}."""
    value: Any = conn.execute(select(schema.settings.c.value).where(schema.settings.c.key == PREFIX + key)).scalar()
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def save_mapping(conn: Connection, key: str, mapping: dict[str, str]) -> None:
    """Remember the mapping used for a layout, for the next import of the same layout."""
    table = schema.settings
    conn.execute(table.delete().where(table.c.key == PREFIX + key))
    conn.execute(table.insert().values(key=PREFIX + key, value=dict(mapping)))
