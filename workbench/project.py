"""The application seam: what the CLI and the UI may do with a project.

:class:`Project` (opened with :meth:`Project.open`) is the open project. The CLI and the UI import this
module, :mod:`workbench.queries` and value types, never :mod:`workbench.store`.
"""

from __future__ import annotations

from workbench.store.handle import Project, ProjectStats

__all__ = ["Project", "ProjectStats"]
