"""Reviewers' decisions as training examples for the classifier (`trustwatch classifier train`, the
nightly retrain): the application reads them from the store and hands the classifier plain Examples."""

from __future__ import annotations

from sqlalchemy import select

from classifier.dataset import Example
from classifier.model import LABELS
from store.models import Article, ArticleLabelDecision, ReviewDecision


def review_examples(db) -> list[Example]:
    """Reviewers' labels: each event decision on its event's articles, and each article-level label (「待确认」).

    The latest decision wins; a label given to one article outranks its event's decision."""
    by_article: dict[int, Example] = {}
    with db.session() as s:
        # The latest decision on an event wins (a relabel after a confirm, for example).
        latest: dict[int, ReviewDecision] = {}
        for d in s.scalars(select(ReviewDecision).order_by(ReviewDecision.created_at, ReviewDecision.id)):
            latest[d.event_id] = d
        for event_id, d in latest.items():
            if d.label not in LABELS:
                continue
            for a in s.scalars(select(Article).where(Article.event_id == event_id)):
                by_article[a.id] = Example(f"review:{d.id}:article:{a.id}", a.title or "", a.body or "", d.label, "review")
        labelled: dict[int, ArticleLabelDecision] = {}
        for d in s.scalars(select(ArticleLabelDecision)
                           .order_by(ArticleLabelDecision.created_at, ArticleLabelDecision.id)):
            labelled[d.article_id] = d
        for article_id, d in labelled.items():
            a = s.get(Article, article_id)
            if d.label in LABELS and a is not None:
                by_article[a.id] = Example(f"review:article:{d.id}:article:{a.id}", a.title or "", a.body or "",
                                           d.label, "review")
    return list(by_article.values())
