"""Per-source health for `trustwatch sources status` and the web app: the latest run of each source."""

from __future__ import annotations

from sqlalchemy import func, select

from store.models import CrawlRun, Source


def source_health(db) -> list[dict]:
    """One dict per source: name, status, counters, errors, flags, last run and last success times."""
    with db.session() as s:
        latest = (select(CrawlRun.source_id, func.max(CrawlRun.id).label("run_id"))
                  .group_by(CrawlRun.source_id).subquery())
        rows = s.execute(
            select(Source, CrawlRun).outerjoin(latest, latest.c.source_id == Source.id)
            .outerjoin(CrawlRun, CrawlRun.id == latest.c.run_id).order_by(Source.name)).all()
        out = []
        for source, run in rows:
            out.append({
                "name": source.name, "kind": source.kind, "enabled": source.enabled,
                "status": run.status if run else "never", "started_at": run.started_at if run else None,
                "finished_at": run.finished_at if run else None, "pages": run.pages if run else 0,
                "articles": run.articles if run else 0, "new_articles": run.new_articles if run else 0,
                "duplicates": run.duplicates if run else 0, "errors": dict(run.errors or {}) if run else {},
                "flags": list(run.flags or []) if run else [], "last_success_at": source.last_success_at,
            })
        return out
