"""Service conversation analytics: timing, outcome, SOP compliance, scorecards, attribution.

The modules here are pure functions over :class:`~workbench.service.model.Conversation` values; only
``workbench.service.run`` touches the store (through ``workbench.queries.conversations``).
"""
