"""An outbox claim leases one batch, not the whole outbox (PostgreSQL rescanned an IN subquery)."""

from __future__ import annotations

from sqlalchemy import func, select

from store.models import IndexOutbox
from store.outbox import claim


def test_a_claim_leases_exactly_one_batch(any_db):
    with any_db.session() as s:
        s.add_all([IndexOutbox(doc_type="article", doc_id=i) for i in range(50)])
    first = claim(any_db, 5)
    second = claim(any_db, 5)
    assert len(first) == len(second) == 5 and not {c.id for c in first} & {c.id for c in second}
    with any_db.session() as s:
        assert s.scalar(select(func.count()).where(IndexOutbox.claimed_until.is_not(None))) == 10
