"""The one protocol every workbench panel implements, so that the window never wires refreshes by hand.

The window calls ``set_context(project, selection)`` whenever the project or the analyst's selection
(filters, node, period — :class:`workbench.selection.Selection`) changes, and ``apply_changes(changes)``
whenever an operation has finished (the task runner's ``changed`` broadcast). A panel takes from the
selection what it shows and refreshes only the parts the changes touch.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from workbench.changes import Changes
from workbench.project import Project
from workbench.selection import Selection


@runtime_checkable
class Panel(Protocol):
    """A view that follows the window's project and selection, and the operations' changes."""

    def set_context(self, project: Project | None, selection: Selection) -> None:
        """Show ``project`` under ``selection`` (a different project than before starts the panel over)."""

    def apply_changes(self, changes: Changes) -> None:
        """An operation changed ``changes``: refresh what this panel shows of it, nothing else."""
