"""The review queue's 「待确认」 lane: recent articles the classifier was least sure about, and the reviewer's label.

Each label a reviewer gives here is a training example for the nightly retrain (`classifier.dataset`), and
the articles nearest a threshold teach the most. Articles the model labelled none are included: they never
become events, so without this lane no reviewer would see the near misses.
"""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload

from store.audit import audit
from store.models import Article, ArticleLabelDecision, ReviewDecision, utcnow
from store.outbox import enqueue
from vocabulary import Label

LABELS = tuple(label.value for label in Label)
RECENT_DAYS = 14  # older articles are history: a label for them teaches less than one for this week's news
MAX_CERTAINTY = math.log(3)  # within a factor of three of a threshold; further away the model is sure enough
PAGE_SIZE = 50


class LaneError(ValueError):
    """A label that cannot be recorded; the message is shown to the user (in Chinese)."""


def _pending(now: dt.datetime, days: int, max_certainty: float):
    """Articles of the lane: recent, classified near a threshold, not yet labelled by anyone."""
    decided_event = exists().where(ReviewDecision.event_id == Article.event_id)
    decided_article = exists().where(ArticleLabelDecision.article_id == Article.id)
    return (select(Article).where(Article.certainty.is_not(None), Article.certainty <= max_certainty,
                                  Article.fetched_at >= now - dt.timedelta(days=days),
                                  ~decided_article,
                                  # an event a reviewer already decided labelled its articles
                                  or_(Article.event_id.is_(None), ~decided_event)))


def uncertain_articles(session, now: dt.datetime | None = None, page: int = 1, size: int = PAGE_SIZE,
                       days: int = RECENT_DAYS, max_certainty: float = MAX_CERTAINTY) -> tuple[list[Article], int]:
    """One page of the lane, least certain first, with the lane's total."""
    stmt = _pending(now or utcnow(), days, max_certainty)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.options(selectinload(Article.source))
                           .order_by(Article.certainty, Article.fetched_at.desc(), Article.id)
                           .offset((page - 1) * size).limit(size))
    return list(rows), total


def label_article(db, article_id: int, actor: str, label: str, now: dt.datetime | None = None) -> ArticleLabelDecision:
    """Record the reviewer's label for one article, with an audit entry.

    An article not yet in an event takes the reviewer's label, so a near miss labelled food, medical or
    safety is clustered into an event (and reaches the review queue) on the next pipeline pass."""
    if label not in LABELS:
        raise LaneError("请选择正确的类别")
    now = now or utcnow()
    with db.session() as s:
        article = s.get(Article, article_id, with_for_update=True)
        if article is None:
            raise LaneError(f"文章 #{article_id} 不存在")
        decision = ArticleLabelDecision(article_id=article.id, label=label, predicted=article.label,
                                        certainty=article.certainty, model_version=article.model_version,
                                        actor=actor, created_at=now)
        s.add(decision)
        relabelled = article.event_id is None and article.label != label
        if relabelled:
            article.label = label
            enqueue(s, "article", article.id)
        audit(s, actor, "article.label", "article", article.id, now, label=label, predicted=decision.predicted,
              certainty=decision.certainty, model_version=decision.model_version, relabelled=relabelled)
        s.flush()
        s.expunge(decision)
    return decision
