"""The site's mutable state: the corpus plus live-published articles, looked up by path."""

from __future__ import annotations

import threading
from datetime import datetime

from demo.content.incidents import pool_item
from demo.content.pool import POOL
from demo.content.places import DAILY_REPORTERS, NEWS_REPORTERS
from demo.corpus import BEIJING, PORTALS, DemoArticle, article_path, articles, old_path
from vocabulary import Label

LABELS = tuple(label.value for label in Label)
DISTRICTS = ("城区", "海丰县", "陆丰市", "陆河县", "红海湾开发区", "华侨管理区")
FIRST_LIVE_ID = {"daily": 5001, "gov": 6001, "news": 7001}
MAX_TITLE = 200
MAX_BODY = 20_000
_REPORTER = "\0reporter"  # placeholder: a staff reporter's name is filled in once the id is known


class PublishError(ValueError):
    """A publish request that cannot become an article (says which field is wrong)."""


def _now_minute() -> datetime:
    # Pages show minutes only, so the truth is kept at minute precision too.
    return datetime.now(BEIJING).replace(second=0, microsecond=0)


class SiteState:
    """Articles per portal (newest first), path lookups, and publishing; safe across server threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_path: dict[str, DemoArticle] = {}
        self._redirects: dict[str, str] = {}
        self._published: list[DemoArticle] = []
        self._next_id = dict(FIRST_LIVE_ID)
        self._pool_index = 0
        self.version = 0  # bumped on every publish so renderers can cache per version
        for article in articles():
            self._by_path[article.path] = article
            if article.trap == "redirect":
                self._redirects[old_path(article)] = article.path

    def article(self, path: str) -> DemoArticle | None:
        """The article served at `path`, if any."""
        return self._by_path.get(path)

    def redirect_target(self, path: str) -> str | None:
        """The canonical path a legacy URL redirects to, if it is one."""
        return self._redirects.get(path)

    def portal_articles(self, portal: str) -> list[DemoArticle]:
        """All articles of a portal, newest first."""
        with self._lock:
            chosen = [a for a in self._by_path.values() if a.portal == portal]
        return sorted(chosen, key=lambda a: (a.published_at, a.id), reverse=True)

    def published(self) -> list[DemoArticle]:
        """Articles published while the site runs, oldest first."""
        with self._lock:
            return list(self._published)

    def publish(self, spec: dict | None = None) -> DemoArticle:
        """Add an article (given, or the next from the pool) at the top of its portal."""
        with self._lock:
            if spec is None:
                article = self._from_pool()
            else:
                article = self._from_spec(spec)
            aid = self._next_id[article.portal]
            self._next_id[article.portal] += 1
            article.id = aid
            if article.author == _REPORTER:
                reporters = DAILY_REPORTERS if article.portal == "daily" else NEWS_REPORTERS
                article.author = reporters[aid % len(reporters)]
            article.path = article_path(article.portal, aid, article.published_at)
            self._by_path[article.path] = article
            self._published.append(article)
            self.version += 1
            return article

    def _from_pool(self) -> DemoArticle:
        facts = POOL[self._pool_index % len(POOL)]
        rounds = self._pool_index // len(POOL)
        self._pool_index += 1
        item = pool_item(facts, _now_minute().replace(tzinfo=None))
        title = item["title"] if rounds == 0 else f"【追踪{rounds}】{item['title']}"
        return DemoArticle(
            portal=item["portal"], id=0, title=title, paragraphs=item["paragraphs"],
            published_at=_now_minute(), district=item["district"], label=item["label"], incident=item["incident"],
            author=None if item["portal"] == "gov" else _REPORTER, enterprises=item["enterprises"],
            credit_codes=item["credit_codes"], trap="live",
            source=item["source"] if item["portal"] == "gov" else PORTALS[item["portal"]]["name"],
        )

    def _from_spec(self, spec: dict) -> DemoArticle:
        portal = spec.get("portal", "news")
        if portal not in PORTALS:
            raise PublishError(f"portal: expected one of {sorted(PORTALS)}, got {portal!r}")
        title = spec.get("title")
        if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE:
            raise PublishError(f"title: expected a non-empty string of at most {MAX_TITLE} characters")
        paragraphs = spec.get("paragraphs")
        if paragraphs is None and isinstance(spec.get("body"), str):
            paragraphs = [p.strip() for p in spec["body"].split("\n") if p.strip()]
        if not paragraphs or not all(isinstance(p, str) for p in paragraphs) or sum(map(len, paragraphs)) > MAX_BODY:
            raise PublishError(f"body: expected non-empty text (or a list of paragraphs) up to {MAX_BODY} characters")
        label = spec.get("label", "none")
        if label not in LABELS:
            raise PublishError(f"label: expected one of {list(LABELS)}, got {label!r}")
        district = spec.get("district", "城区")
        if district not in DISTRICTS:
            raise PublishError(f"district: expected one of {list(DISTRICTS)}, got {district!r}")
        published = _now_minute()
        if spec.get("published_at"):
            try:
                published = datetime.fromisoformat(spec["published_at"]).astimezone(BEIJING)
                published = published.replace(second=0, microsecond=0)
            except (TypeError, ValueError) as exc:
                raise PublishError(f"published_at: expected an ISO 8601 date-time ({exc})") from None
        enterprises = spec.get("enterprises", [])
        if not isinstance(enterprises, list) or not all(isinstance(e, str) for e in enterprises):
            raise PublishError("enterprises: expected a list of names")
        default_author = None if portal == "gov" else _REPORTER
        return DemoArticle(
            portal=portal, id=0, title=title.strip(), paragraphs=list(paragraphs), published_at=published,
            district=district, label=label, incident=spec.get("incident"), author=spec.get("author", default_author),
            enterprises=list(enterprises), trap="live", source=PORTALS[portal]["name"],
        )
