"""The customer view's history: every contact in time order, repeats flagged."""

from __future__ import annotations

from datetime import datetime

from tests.ui.sample_project import fill
from workbench.project import Project
from workbench.queries.customers import busiest_customer, customer_history
from workbench.store import schema


def _add(project: Project, rid: int, when: datetime, channel: str, path: str | None) -> None:
    with project.write() as conn:
        conn.execute(schema.records.insert().values(id=rid, source_id=1, source_row=rid, channel=channel,
                                                    created_at=when, customer_key="VIP-1", text=f"第{rid}次联系",
                                                    content_hash=f"vip{rid}"))
        if path is not None:
            key = {"物流/配送时效": "logistics.delay", "售后/退款流程": "aftersales.refund"}[path]
            conn.execute(schema.tags.insert().values(record_id=rid, node_key=key, path=path, taxonomy_version_id=1,
                                                     method="rule"))


def test_history_orders_contacts_and_flags_repeats(project: Project) -> None:
    fill(project, n=40)
    _add(project, 1001, datetime(2025, 5, 1, 9), "chat", "物流/配送时效")
    _add(project, 1002, datetime(2025, 5, 3, 9), "ticket", "物流/配送时效")  # same issue 2 days later: repeat
    _add(project, 1003, datetime(2025, 5, 4, 9), "review", "售后/退款流程")  # another issue: not a repeat
    _add(project, 1004, datetime(2025, 5, 30, 9), "chat", "售后/退款流程")  # 26 days later: not a repeat
    _add(project, 1005, datetime(2025, 6, 2, 9), "chat", None)  # untagged, 3 days later: not a repeat
    _add(project, 1006, datetime(2025, 6, 3, 9), "chat", "售后/退款流程")  # 4 days after 1004: repeat
    history = customer_history(project, "VIP-1")
    assert [c.record_id for c in history.contacts] == [1001, 1002, 1003, 1004, 1005, 1006]
    assert [c.repeat for c in history.contacts] == [False, True, False, False, False, True]
    assert history.repeats == 2 and history.total == 6
    assert history.channels == {"chat": 4, "ticket": 1, "review": 1}
    assert history.contacts[0].paths == ("物流/配送时效",)


def test_sample_customer_and_unknown(project: Project) -> None:
    fill(project, n=120)
    history = customer_history(project, "C007")
    assert history.total == 3 and [c.record_id for c in history.contacts] == [7, 87, 47]  # days 7, 27, 47
    assert history.negative == sum(c.sentiment == "negative" for c in history.contacts)
    assert customer_history(project, "nobody").contacts == []


def test_busiest_customer_has_the_most_contacts(project: Project) -> None:
    assert busiest_customer(project) is None  # no record carries a customer
    fill(project, n=120)  # 40 customers with 3 contacts each: the smallest key wins the tie
    assert busiest_customer(project) == "C000"
    _add(project, 1001, datetime(2025, 5, 1, 9), "chat", None)
    _add(project, 1002, datetime(2025, 5, 3, 9), "ticket", None)
    _add(project, 1003, datetime(2025, 5, 4, 9), "review", None)
    _add(project, 1004, datetime(2025, 5, 5, 9), "review", None)
    assert busiest_customer(project) == "VIP-1"
