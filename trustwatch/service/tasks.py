"""The scheduled tasks: each calls one part of the pipeline (crawler, alerts, store, classifier)."""

from __future__ import annotations

import dataclasses
import logging
import threading

from store.models import utcnow
from trustwatch.service.jobs import JobContext

log = logging.getLogger(__name__)
OUTBOX_BATCH = 500
DISPATCH_LIMIT = 100
CLASSIFY_BATCH = 5000  # alerts.pipeline.classify_pending's default limit
DISPATCH_ROUNDS = 20
NEW_ARTICLES_POLL = 0.25  # seconds between looks for articles a running crawl has stored


def _newest_article_id(db) -> int:
    from sqlalchemy import func, select

    from store.models import Article

    with db.session() as s:
        return s.scalar(select(func.max(Article.id))) or 0


def _watch_new_articles(ctx: JobContext, done: threading.Event) -> None:
    """While a crawl runs, bring `process` forward as soon as the crawl has stored new articles (its
    pipeline commits a batch at least every second), not at the crawl's end or the next interval.
    One primary-key look-up per poll; `process` runs one instance at a time and claims its work."""
    newest, warned = None, False
    while True:
        try:
            current = _newest_article_id(ctx.db)
            if newest is not None and current > newest:
                ctx.trigger("process")
            newest = current
        except Exception:  # the database blinked: process still runs at the crawl's end and on its interval
            if not warned:
                log.warning("looking for newly stored articles failed", exc_info=True)
                warned = True
        if done.wait(NEW_ARTICLES_POLL):
            return


def crawl(ctx: JobContext, source: str):
    """Crawl one source in a subprocess; then process what it stored at once.

    Skipped while another crawl of the source is live (a manual `trustwatch crawl`, or the crawl a
    frozen former leader started): the pages would be fetched twice."""
    from crawler.storage import CrawlStore

    busy = CrawlStore(ctx.db).live_run(source)
    if busy is not None:
        log.info("crawl skipped: another crawl of this source is running", extra={"source": source, "run": busy})
        return {"source": source, "skipped_for_run": busy}
    classifier_process(ctx).warm_up()  # the model loads while the pages are fetched
    done = threading.Event()  # while the crawl runs, what it stores is processed within a poll
    watcher = threading.Thread(target=_watch_new_articles, args=(ctx, done), name=f"new-articles-{source}",
                               daemon=True)
    watcher.start()
    try:
        outcome = ctx.crawls.run(source)
    finally:
        done.set()
        watcher.join()
    ctx.trigger("process")
    return {"source": source, "seconds": round(outcome.duration, 2)}


_CLASSIFIER_PROCESS_LOCK = threading.Lock()


def classifier_process(ctx: JobContext):
    """The child process that classifies for this service (started on the first pending article).

    One per service: crawls of several sources start at once and each warms it up, so the first look-up
    is made under a lock (without it two crawls made two children, each with the model loaded)."""
    with _CLASSIFIER_PROCESS_LOCK:
        if "classifier_process" not in ctx.cache:
            from trustwatch.service.classify_process import ClassifierProcess

            ctx.cache["classifier_process"] = ClassifierProcess(ctx.settings, ctx.settings.classifier_idle_seconds)
        return ctx.cache["classifier_process"]


def classify(ctx: JobContext) -> int:
    """Classify pending articles in the classifier's own process; none pending: no process, no model loaded.

    The service (web app and scheduler) thus never holds the model: see classify_process."""
    from sqlalchemy import exists, select

    from store.models import Article

    with ctx.db.session() as s:
        pending = s.scalar(select(exists().where(Article.classified_at.is_(None))))
    return classifier_process(ctx).classify_pending(CLASSIFY_BATCH) if pending else 0


def alerting(ctx: JobContext):
    """The AlertingConfig of this process, rebuilt when departments, routing or the city's table change."""
    from trustwatch.configs import alerting_config, files_fingerprint

    fingerprint = files_fingerprint(ctx.settings)
    cached = ctx.cache.get("alerting")
    if cached is None or cached[0] != fingerprint:
        ctx.cache["alerting"] = (fingerprint, alerting_config(ctx.settings))
    return ctx.cache["alerting"][1]


def process(ctx: JobContext, _arg: str = ""):
    """Classify new articles, cluster them into events, route and create alerts and deliveries."""
    from alerts.pipeline import process_pending

    classified = classify(ctx)
    result = process_pending(ctx.db, None, alerting(ctx))  # clustering, routing, alerts: here
    result["classified"] = classified
    if isinstance(result, dict) and result.get("classified", 0) >= CLASSIFY_BATCH:
        ctx.trigger("process")  # more are waiting: the pipeline takes them in batches
    # New events and deliveries should not wait for the next interval of their own jobs.
    ctx.trigger("dispatch")
    ctx.trigger("outbox-drain")
    return result


def index_config_of(ctx: JobContext):
    """The IndexConfig of this process (built once from the settings)."""
    if "index" not in ctx.cache:
        from trustwatch.configs import index_config

        ctx.cache["index"] = index_config(ctx.settings)
    return ctx.cache["index"]


def es_client(ctx: JobContext):
    """This process's Elasticsearch client."""
    if "es" not in ctx.cache:
        from store.search_index import make_client

        ctx.cache["es"] = make_client(index_config_of(ctx))
    return ctx.cache["es"]


def outbox_drain(ctx: JobContext, _arg: str = ""):
    """Send pending article and event rows to Elasticsearch in bulk."""
    from store.outbox import drain

    result = drain(ctx.db, es_client(ctx), index_config_of(ctx), OUTBOX_BATCH)
    failed = getattr(result, "rows_failed", 0)
    if failed and not getattr(result, "rows_done", 0):
        # Nothing went through: report the job as failed so it is logged, counted and retried with backoff.
        raise RuntimeError(f"search index unreachable; {failed} rows stay in the outbox")
    if dataclasses.is_dataclass(result):
        return {k: v for k, v in dataclasses.asdict(result).items() if isinstance(v, int | float)}
    return result


def channels(ctx: JobContext):
    """The delivery channels configured for this process."""
    if "channels" not in ctx.cache:
        from alerts.channels import build_channels

        built, _problems = build_channels(alerting(ctx))  # it logs why a channel is unavailable
        ctx.cache["channels"] = built
    return ctx.cache["channels"]


def dispatch(ctx: JobContext, _arg: str = ""):
    """Send the deliveries that are due, with retries and idempotency keys."""
    from alerts.dispatcher import dispatch_due

    total = {"claimed": 0, "sent": 0, "retried": 0, "dead": 0}
    for _ in range(DISPATCH_ROUNDS):  # a backlog drains in rounds of DISPATCH_LIMIT
        result = dispatch_due(ctx.db, alerting(ctx), channels(ctx), limit=DISPATCH_LIMIT)
        for key in total:
            total[key] += int(getattr(result, key, 0))
        if result.claimed < DISPATCH_LIMIT:
            break
    return total


def escalations(ctx: JobContext, _arg: str = ""):
    """Escalate alerts not acknowledged by their deadline."""
    from alerts.workflow import check_escalations

    result = check_escalations(ctx.db, alerting(ctx), utcnow())
    ctx.trigger("dispatch")
    return result


def digest(ctx: JobContext, department: str):
    """Send one department's daily digest (in Chinese, by e-mail)."""
    from trustwatch.service.digest import send_digest

    return send_digest(ctx.db, ctx.settings, channels(ctx), department)


def retrain(ctx: JobContext, _arg: str = ""):
    """Train a candidate model with the review decisions; promote it only if it scores no worse."""
    from trustwatch.service.retrain import run_in_subprocess

    return run_in_subprocess(ctx.settings)


TASKS = {
    "crawl": crawl,
    "process": process,
    "outbox-drain": outbox_drain,
    "dispatch": dispatch,
    "escalations": escalations,
    "digest": digest,
    "retrain": retrain,
}
