"""SQLAlchemy 2 models: the system of record for sources, articles, events, alerts and their history.

State and label columns hold the codes of the `vocabulary` enums (EventState, AlertState, DeliveryState,
CrawlRunState, Label, Severity, Role); the enums, not comments here, say which values exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from vocabulary import AlertState, CrawlRunState, DeliveryState, EventState, Severity

# BigInteger ids that still autoincrement on SQLite (which only does so for INTEGER PRIMARY KEY).
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC."""
    return dt.datetime.now(dt.timezone.utc)


class UTCDateTime(TypeDecorator):
    """Stores UTC; always returns timezone-aware datetimes, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; attach a timezone")
        value = value.astimezone(dt.timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {dt.datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Source(Base):
    """A configured site (mirrors config/sources/*.yaml) and its crawl health."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    config_hash: Mapped[str | None] = mapped_column(String(64))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    last_success_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CrawlRun(Base):
    """One crawl of one source: what it saw and what went wrong."""

    __tablename__ = "crawl_runs"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]
    status: Mapped[str] = mapped_column(String(20), default=CrawlRunState.RUNNING.value)  # a CrawlRunState
    pages: Mapped[int] = mapped_column(Integer, default=0)
    articles: Mapped[int] = mapped_column(Integer, default=0)
    new_articles: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[dict[str, Any]] = mapped_column(default=dict)  # kind -> count
    flags: Mapped[list[Any]] = mapped_column(default=list)  # e.g. ["quiet", "selectors-empty"]
    owner: Mapped[str | None] = mapped_column(String(200))  # host:pid of the crawl process
    heartbeat_at: Mapped[dt.datetime | None]  # last progress write: a live run is never marked interrupted


class PageValidator(Base):
    """HTTP validators of list pages and feeds, for conditional requests."""

    __tablename__ = "page_validators"
    url: Mapped[str] = mapped_column(String(2048), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    checked_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Article(Base):
    """One crawled news article with its classification."""

    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(200))
    published_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    fetched_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    district: Mapped[str | None] = mapped_column(String(50))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    # where each field came from: {"title": "generic", "date": "generic:byline", "body": "trafilatura", ...}
    extraction: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    # a complaint-board thread's official reply: {"department", "replied_at" (ISO), "text"}; None: unanswered
    reply: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    # classifier verdict
    label: Mapped[str | None] = mapped_column(String(20), index=True)  # a vocabulary.Label
    scores: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    terms: Mapped[list[Any] | None] = mapped_column(JSON)
    enterprises: Mapped[list[Any] | None] = mapped_column(JSON)
    credit_codes: Mapped[list[Any] | None] = mapped_column(JSON)
    severity: Mapped[str | None] = mapped_column(String(20))
    model_version: Mapped[str | None] = mapped_column(String(64))
    classified_at: Mapped[dt.datetime | None]
    # classifier.uncertainty.certainty of the verdict under the thresholds it was made with (lower = less sure)
    certainty: Mapped[float | None] = mapped_column(Float, index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)

    source: Mapped[Source | None] = relationship()
    event: Mapped["Event | None"] = relationship(back_populates="articles", foreign_keys=[event_id])


class DuplicateSighting(Base):
    """The same text seen under another URL: recorded, not stored twice."""

    __tablename__ = "duplicate_sightings"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Event(Base):
    """One incident: the articles about it and how far it has spread."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    label: Mapped[str] = mapped_column(String(20), index=True)  # a vocabulary.EVENT_LABELS member
    district: Mapped[str | None] = mapped_column(String(50), index=True)
    severity: Mapped[str] = mapped_column(String(20), default=Severity.LOW.value)
    enterprises: Mapped[list[Any]] = mapped_column(default=list)
    state: Mapped[str] = mapped_column(String(20), default=EventState.NEW.value, index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    first_seen: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(default=utcnow)
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    source_count: Mapped[int] = mapped_column(Integer, default=0)
    signature: Mapped[dict[str, Any] | list[Any] | None] = mapped_column(JSON)  # clustering state (alerts.signatures)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    articles: Mapped[list[Article]] = relationship(back_populates="event", foreign_keys=[Article.event_id])


class Department(Base):
    """A responsible department (mirrors config/departments.yaml)."""

    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    district: Mapped[str | None] = mapped_column(String(50))
    contacts: Mapped[dict[str, Any]] = mapped_column(default=dict)  # channel -> [recipients]


class Alert(Base):
    """An event put before one department, followed until it is resolved."""

    __tablename__ = "alerts"
    __table_args__ = (UniqueConstraint("event_id", "department_id", name="uq_alert_event_department"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), default=AlertState.PENDING.value, index=True)
    route: Mapped[str | None] = mapped_column(String(500))
    group_key: Mapped[str | None] = mapped_column(String(500))
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    ack_deadline: Mapped[dt.datetime | None]
    last_notified_at: Mapped[dt.datetime | None]
    notified_article_count: Mapped[int] = mapped_column(Integer, default=0)
    acknowledged_at: Mapped[dt.datetime | None]
    acknowledged_by: Mapped[str | None] = mapped_column(String(100))
    resolved_at: Mapped[dt.datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(String(100))
    disposal: Mapped[str | None] = mapped_column(Text)  # 处置结果
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship()
    department: Mapped[Department] = relationship()


class Delivery(Base):
    """The delivery outbox: one row per (alert, channel, recipient, notification)."""

    __tablename__ = "deliveries"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"), index=True)
    channel: Mapped[str] = mapped_column(String(50))
    recipient: Mapped[str] = mapped_column(String(500))
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="notify")  # notify|repeat|escalation|digest|withdrawal
    state: Mapped[str] = mapped_column(String(20), default=DeliveryState.PENDING.value, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    claimed_until: Mapped[dt.datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(64))  # the lease owner's token: only it records the result
    last_error: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(String(500), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]

    alert: Mapped[Alert] = relationship()


class Silence(Base):
    """A time-bounded mute of alerts matching its matchers."""

    __tablename__ = "silences"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    matchers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    starts_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ends_at: Mapped[dt.datetime]
    author: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class User(Base):
    """A person who signs in: admin, reviewer, regulator (bound to a department) or analyst."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(500))
    role: Mapped[str] = mapped_column(String(20))  # a vocabulary.Role
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    department: Mapped[Department | None] = relationship()


class WebSession(Base):
    """A signed-in browser: the cookie carries a random token, this row its hash; revoked rows end it."""

    __tablename__ = "web_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the cookie's token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    revoked_at: Mapped[dt.datetime | None]


class LoginThrottle(Base):
    """Recent sign-in attempts per key (an account from one address, or one address): back-off, not a lock."""

    __tablename__ = "login_throttle"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[dt.datetime | None]
    blocked_until: Mapped[dt.datetime | None]


class ReviewDecision(Base):
    """A reviewer's decision on an event; also a labelled example for the classifier."""

    __tablename__ = "review_decisions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))  # confirm|dismiss|relabel|merge
    label: Mapped[str] = mapped_column(String(20))  # the label the decision implies
    reason: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ArticleLabelDecision(Base):
    """A reviewer's label for one article (the 「待确认」 lane); also a labelled example for the classifier."""

    __tablename__ = "article_label_decisions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(20))  # a vocabulary.Label
    predicted: Mapped[str | None] = mapped_column(String(20))  # the model's label when the reviewer decided
    certainty: Mapped[float | None] = mapped_column(Float)  # the article's certainty then
    model_version: Mapped[str | None] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """Who did what to which thing, and when."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity_type", "entity_id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(100))
    entity_type: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(BigId)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ModelVersion(Base):
    """A trained classifier artifact with its metrics; one is active."""

    __tablename__ = "model_versions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    version: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(String(1000))
    sha256: Mapped[str] = mapped_column(String(64))
    metrics: Mapped[dict[str, Any]] = mapped_column(default=dict)
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    promoted_at: Mapped[dt.datetime | None]


_OUTBOX_OPEN = "done_at IS NULL AND dead_at IS NULL"


class IndexOutbox(Base):
    """A row that must reach the search index; drained in bulk with retries."""

    __tablename__ = "index_outbox"
    # A claim reads the open rows in id order and stops at the batch: on SQLite through ix_outbox_done
    # (the NULL keys of an index are in rowid order), on PostgreSQL through the partial ix_outbox_open.
    # The former (done_at, next_attempt_at) index made every claim visit and sort all pending rows.
    __table_args__ = (Index("ix_outbox_done", "done_at"),
                      Index("ix_outbox_open", "id", sqlite_where=text(_OUTBOX_OPEN),
                            postgresql_where=text(_OUTBOX_OPEN)))
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(20))  # article|event
    doc_id: Mapped[int] = mapped_column(BigId)
    op: Mapped[str] = mapped_column(String(10), default="index")  # index|delete
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[dt.datetime | None]
    claimed_until: Mapped[dt.datetime | None]  # a drainer's lease, so two drainers never share a row
    claimed_by: Mapped[str | None] = mapped_column(String(64))  # the lease owner's token (store.queue)
    dead_at: Mapped[dt.datetime | None]  # failed max attempts: retried only by `trustwatch outbox retry`


class SchedulerState(Base):
    """Small key/value state for long-running services (e.g. the last digest sent)."""

    __tablename__ = "service_state"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


__all__ = [
    "Alert", "Article", "ArticleLabelDecision", "AuditEntry", "Base", "CrawlRun", "Delivery", "Department", "DuplicateSighting",
    "Event", "IndexOutbox", "LoginThrottle", "ModelVersion", "PageValidator", "ReviewDecision", "SchedulerState",
    "Silence", "Source", "User", "WebSession", "utcnow",
]
