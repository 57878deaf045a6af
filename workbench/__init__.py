"""Kesheng core: pure Python, never imports Qt. See ARCHITECTURE.md."""

__version__ = "0.1.0"
