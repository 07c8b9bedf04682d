"""Complaint-board threads awaiting an official reply: which to re-visit, and recording a reply that
appeared after the thread was first stored (kind `board`, crawler.spiders.board)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, or_, select

from store.models import Article
from store.outbox import enqueue


def unanswered_urls(db, source_id: int, since: dt.datetime, limit: int) -> list[str]:
    """URLs of the source's stored threads without a reply, posted (or, undated, fetched) since
    `since`, newest first, at most `limit`."""
    posted = or_(Article.published_at >= since, and_(Article.published_at.is_(None), Article.fetched_at >= since))
    query = (select(Article.url).where(Article.source_id == source_id, Article.reply.is_(None), posted)
             .order_by(Article.published_at.desc().nulls_last(), Article.id.desc()).limit(limit))
    with db.session() as s:
        return list(s.scalars(query))


def record_reply(db, url: str, body: str, digest: str, reply: dict) -> bool:
    """Store `reply` (and the body that now carries it) on the thread at `url` if it has none yet;
    the search index is told. True when the thread got its reply now."""
    with db.session() as s:
        article = s.scalar(select(Article).where(Article.url == url).with_for_update())
        if article is None or article.reply is not None:
            return False
        article.reply, article.body, article.content_hash = reply, body, digest
        enqueue(s, "article", article.id)
        return True
