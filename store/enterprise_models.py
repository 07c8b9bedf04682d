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
