"""The project store: SQLAlchemy 2.0 Core tables, migrations, typed queries and writes."""
