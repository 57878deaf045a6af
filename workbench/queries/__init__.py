"""The read API: every question the UI, the CLI and the reports ask of a project, as typed results.

Tree counts and pages of records (``records``, ``aggregates``, the ``aggregate_cube`` behind them), trends
(``node_trends``), dashboards, customers, conversations, insights and the rows the reports and analyses
read. Queries read through :mod:`workbench.store` (schema, FTS) and may use the pure feature packages
(``analysis``, ``nlp``, ``taxonomy``'s model); they never import Qt, the UI or the application seam.
"""
