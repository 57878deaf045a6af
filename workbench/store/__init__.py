"""Persistence only: SQLAlchemy 2.0 Core tables, the engine, migrations, FTS, PostgreSQL, backup and copy.

It imports nothing of the product above it; the read models live in :mod:`workbench.queries`.
"""
