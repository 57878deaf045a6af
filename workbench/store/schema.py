"""The project's tables. One schema for SQLite (default) and PostgreSQL.

Every tag keeps its provenance (method, confidence, run, taxonomy version, evidence span) and every
record its source (source id + row), so any number can be traced back to verbatims.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, nullable=False),
    Column("app_version", String(32), nullable=False),
    Column("migrated_at", DateTime, nullable=False),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(128), primary_key=True),
    Column("value", JSON, nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),  # xlsx, csv, jsonl, sqlite, dburl
    Column("path", Text, nullable=False),
    Column("sheet", String(255)),
    Column("table_name", String(255)),
    Column("query", Text),
    Column("sha256", String(64)),
    Column("layout_key", String(64)),
    Column("mapping", JSON, nullable=False, default=dict),
    Column("channel", String(64)),
    Column("imported_at", DateTime, nullable=False),
    Column("status", String(16), nullable=False, default="complete"),
    Column("counts", JSON, nullable=False, default=dict),
    Column("report", JSON, nullable=False, default=dict),
)

records = Table(
    "records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("source_row", Integer),
    Column("channel", String(64), nullable=False, default="unknown"),
    Column("external_id", String(255)),
    Column("created_at", DateTime),
    Column("customer_key", String(255)),
    Column("session_key", String(255)),
    Column("agent", String(255)),
    Column("text", Text, nullable=False),
    Column("rating", Float),
    Column("product", String(255)),
    Column("extra", JSON),
    Column("content_hash", String(40), nullable=False),
    Column("near_dup_of", Integer),
    Column("is_conversation", Boolean, nullable=False, default=False),
    Column("lang", String(8)),
)

messages = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("record_id", Integer, ForeignKey("records.id", ondelete="CASCADE"), nullable=False),
    Column("turn", Integer, nullable=False),
    Column("role", String(16), nullable=False),  # customer, agent, bot, system
    Column("sent_at", DateTime),
    Column("agent", String(255)),
    Column("text", Text, nullable=False),
    Column("is_noise", Boolean, nullable=False, default=False),
)

pii_originals = Table(
    "pii_originals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("record_id", Integer, ForeignKey("records.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("original", Text, nullable=False),
)

taxonomy_versions = Table(
    "taxonomy_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("parent_id", Integer, ForeignKey("taxonomy_versions.id")),
    Column("created_at", DateTime, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("is_current", Boolean, nullable=False, default=False),
)

taxonomy_nodes = Table(
    "taxonomy_nodes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version_id", Integer, ForeignKey("taxonomy_versions.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(64), nullable=False),  # stable across versions
    Column("parent_key", String(64)),
    Column("path", Text, nullable=False),  # 一级/二级/三级
    Column("name", String(255), nullable=False),
    Column("name_en", String(255)),
    Column("description", Text),
    Column("keywords", JSON),
    Column("examples", JSON),
    Column("level", Integer, nullable=False),
    Column("sort", Integer, nullable=False, default=0),
    UniqueConstraint("version_id", "key"),
    UniqueConstraint("version_id", "path"),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(32), nullable=False),  # tag, retag, import, label, discover
    Column("status", String(16), nullable=False),  # running, complete, cancelled, failed, interrupted
    Column("model", String(255)),
    Column("model_sha256", String(64)),
    Column("prompt_version", String(32)),
    Column("params", JSON),
    Column("taxonomy_version_id", Integer, ForeignKey("taxonomy_versions.id")),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("total", Integer, nullable=False, default=0),
    Column("done", Integer, nullable=False, default=0),
    Column("message", Text),
)

tags = Table(
    "tags",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("record_id", Integer, ForeignKey("records.id", ondelete="CASCADE"), nullable=False),
    Column("node_key", String(64), nullable=False),
    Column("path", Text, nullable=False),
    Column("taxonomy_version_id", Integer, ForeignKey("taxonomy_versions.id")),
    Column("sentiment", String(8), nullable=False, default="neutral"),
    Column("evidence", Text),
    Column("span_start", Integer),
    Column("span_end", Integer),
    Column("reason", Text),
    Column("method", String(16), nullable=False),  # rule, student, llm, human
    Column("confidence", Float, nullable=False, default=1.0),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("labelled_by", String(128)),  # who labelled it (human tags; schema 2)
)

label_events = Table(  # schema 2: every analyst label, who made it and what the machine had said before it
    "label_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("record_id", Integer, ForeignKey("records.id", ondelete="CASCADE"), nullable=False),
    Column("labelled_by", String(128), nullable=False, default=""),  # "" = before schema 2 (unknown)
    Column("paths", JSON, nullable=False),  # the analyst's tag paths
    Column("machine", JSON, nullable=False),  # the machine's tag paths before the first label of the record
    Column("sentiment", String(8)),
    Column("action", Text, nullable=False, default=""),  # what made it: a file, the review, a bulk label's filter
    Column("created_at", DateTime, nullable=False),
)

history = Table(  # schema 3: the project's undo history, one row per analyst action
    "history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(32), nullable=False),  # label (file, review, fix, bulk label) | theme
    Column("summary", Text, nullable=False),  # what undo / redo will do, in one line
    Column("by", String(128), nullable=False, default=""),
    Column("state", String(8), nullable=False, default="done"),  # done | undone
    Column("payload", JSON, nullable=False),  # the records' rows before and after, the audit rows it added
    Column("created_at", DateTime, nullable=False),
)

assessments = Table(
    "assessments",
    metadata,
    Column("record_id", Integer, ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
    Column("sentiment", String(8), nullable=False),
    Column("intent", String(16), nullable=False, default="other"),
    Column("dissatisfaction", Float, nullable=False, default=0.0),
    Column("confidence", Float, nullable=False, default=0.0),
    Column("method", String(16), nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("taxonomy_version_id", Integer, ForeignKey("taxonomy_versions.id")),
    Column("model_sha256", String(64)),
    Column("prompt_version", String(32)),
)

experience = Table(  # schema 4: customer effort, emotion and actionability per record (workbench.nlp.experience)
    "experience",
    metadata,
    Column("record_id", Integer, ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
    Column("effort", Integer, nullable=False),  # 1..5
    Column("emotion", String(8), nullable=False),  # 愤怒 失望 焦虑 中性 满意 惊喜
    Column("actionable", Boolean, nullable=False),
    Column("version", String(16), nullable=False),  # the rules' VERSION; another one is recomputed
    Index("ix_experience_effort", "effort"),
    Index("ix_experience_emotion", "emotion"),
)

alert_rules = Table(
    "alert_rules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),  # words, surge, dissatisfaction
    Column("params", JSON, nullable=False),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("created_at", DateTime, nullable=False),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rule_id", Integer, ForeignKey("alert_rules.id", ondelete="CASCADE"), nullable=False),
    Column("fired_at", DateTime, nullable=False),
    Column("record_ids", JSON, nullable=False),
    Column("delivered", String(16)),
    Column("detail", JSON),
)

Index("ix_records_created", records.c.created_at)
Index("ix_records_channel_created", records.c.channel, records.c.created_at)
Index("ix_records_hash", records.c.content_hash)
Index("ix_records_source", records.c.source_id, records.c.source_row)
Index("ix_records_customer", records.c.customer_key)
Index("ix_records_product", records.c.product)
Index("ix_messages_record", messages.c.record_id, messages.c.turn)
Index("ix_tags_node", tags.c.node_key, tags.c.record_id)
Index("ix_tags_record", tags.c.record_id)
Index("ix_tags_run", tags.c.run_id)
Index("ix_nodes_version", taxonomy_nodes.c.version_id, taxonomy_nodes.c.parent_key)
Index("ix_alerts_rule", alerts.c.rule_id)
Index("ix_label_events_record", label_events.c.record_id, label_events.c.labelled_by)
