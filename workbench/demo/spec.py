"""What one generated record is about, before it is rendered as text: the ground truth of the demo."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from workbench.demo.catalog import Customer, Product

CHANNELS = ("chat", "ticket", "review", "survey", "social")


@dataclass(eq=False)
class Spec:
    """One record to generate. ``flags`` name the plants it belongs to (see answer_key.py).

    Compared by identity: an exactly duplicated export row is the same Spec listed twice.
    """

    channel: str
    at: datetime
    product: Product
    customer: Customer
    sentiment: str
    topics: list[str]
    flags: set[str] = field(default_factory=set)
    sku: str = ""
    ext_id: str = ""
    text: str = ""
    rating: int | None = None
    pii: list[tuple[str, str]] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
