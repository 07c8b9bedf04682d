"""The audit trail: one append-only entry per decision or change (who, what, which thing, when).

Every layer that records one calls `audit` here; nothing else writes AuditEntry rows (checked by
tests/unit/test_import_direction.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from store.models import AuditEntry, utcnow


def audit(session: Session, actor: str, action: str, entity_type: str, entity_id: int | None,
          now: dt.datetime | None = None, **details: Any) -> None:
    """Append one audit entry in `session` (committed with the change it records)."""
    session.add(AuditEntry(at=now or utcnow(), actor=actor, action=action, entity_type=entity_type,
                           entity_id=entity_id, details=details))
