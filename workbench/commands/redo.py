"""`redo` command: :mod:`workbench.commands.undo` does both."""

from workbench.commands.undo import run

__all__ = ["run"]
