"""One module per CLI command, each with ``run(args) -> int``. Imported lazily by workbench.cli."""
