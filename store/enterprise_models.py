"""Enterprises as records: one row per enterprise (credit code or canonical name) and the regulators' actions on it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.models import Base, BigId, utcnow

ACTION_KINDS = {"interview": "约谈", "warning": "警示", "repair": "信用修复告知"}


class Enterprise(Base):
    """An enterprise a regulator has acted on, keyed by its canonical name (and its credit code when known)."""

    __tablename__ = "enterprises"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    repair_note: Mapped[str | None] = mapped_column(Text)  # 信用修复路径说明
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    actions: Mapped[list["EnterpriseAction"]] = relationship(back_populates="enterprise",
                                                             order_by="EnterpriseAction.happened_on")


class EnterpriseAction(Base):
    """A 约谈, 警示 or 信用修复告知 a department recorded for an enterprise."""

    __tablename__ = "enterprise_actions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # interview|warning|repair
    happened_on: Mapped[dt.date] = mapped_column(Date)
    department_name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    attachment_url: Mapped[str | None] = mapped_column(String(1000))
    actor: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    enterprise: Mapped[Enterprise] = relationship(back_populates="actions")


def record_credit_code(session, name: str, code: str, same_enterprise=None) -> Enterprise | None:
    """Keep a validated credit code on the enterprise's row: the row keyed by `code`, merged with `name`'s row.

    - no row yet: one is created (name, code);
    - a row named `name` without a code: it takes the code;
    - a row with the code and another row named `name`: the named row's 约谈/警示 records and 信用修复 note
      move to the coded row, which takes the name, and the named row goes;
    - a row with the code under another name: renamed to `name` when `same_enterprise(old, name)` says they
      are one enterprise (an alias and its canonical name), else left as it is.
    A row named `name` that already carries another code keeps it (the conflict is not resolved by a report).
    The caller checks the code (classifier.creditcode.is_valid); returns the row that holds it, or None."""
    from sqlalchemy import select, update

    by_code = session.scalar(select(Enterprise).where(Enterprise.credit_code == code))
    by_name = session.scalar(select(Enterprise).where(Enterprise.name == name))
    if by_name is not None and by_name.credit_code and by_name.credit_code != code:
        return by_code
    if by_code is None:
        if by_name is None:
            by_name = Enterprise(name=name, credit_code=code)
            session.add(by_name)
        else:
            by_name.credit_code = code
        session.flush()
        return by_name
    if by_name is not None and by_name.id != by_code.id:
        session.execute(update(EnterpriseAction).where(EnterpriseAction.enterprise_id == by_name.id)
                        .values(enterprise_id=by_code.id))
        by_code.repair_note = by_code.repair_note or by_name.repair_note
        session.delete(by_name)
        session.flush()
        session.expire(by_code, ["actions"])
        by_code.name = name
    elif by_name is None and by_code.name != name and same_enterprise is not None and same_enterprise(by_code.name, name):
        by_code.name = name
    session.flush()
    return by_code
