"""Kesheng user interface: PySide6 + pyqtgraph; adapts the core, owns no business logic."""
