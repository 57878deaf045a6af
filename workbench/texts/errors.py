"""The core's error sentences (``errors.…``) that belong to no larger group: cancelling, projects and their
files, backups, copies, the undo history, saved views, secrets and bundles."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "cancelled": ("已取消：没有任何更改", "cancelled: nothing was changed"),
}
