"""The demo data as generated in memory, before it is written to files."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.demo.chats import Session
from workbench.demo.spec import Spec


@dataclass
class Generated:
    """Everything generated in memory: rows per channel (duplicates included) and the chat sessions."""

    rows: dict[str, list[Spec]]
    sessions: list[Session]
    follow_ups: list[tuple[Spec, Spec]]  # (review, chat) pairs: a bad chat, then a bad review
