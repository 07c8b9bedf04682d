"""The served ASGI app: the Trustwatch web app plus /metrics and /healthz."""

from __future__ import annotations

import hmac
import ipaddress

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.concurrency import run_in_threadpool

from trustwatch.service import health, metrics

OWN_PATHS = ("/metrics", "/healthz")


def _base_app(settings, db) -> FastAPI:
    from trustwatch.web import create_app

    return create_app(settings, db=db)


def metrics_allowed(settings, request: Request) -> bool:
    """With TRUSTWATCH_METRICS_TOKEN: the bearer token must match; without: loopback clients only."""
    token = settings.metrics_token.get_secret_value() if settings.metrics_token else ""
    if token:
        given = request.headers.get("authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    try:
        return ipaddress.ip_address(request.client.host if request.client else "").is_loopback
    except ValueError:
        return False


def build_app(settings, db, scheduler_getter=lambda: None, want_scheduler: bool = True) -> FastAPI:
    """The web app with the service's /metrics and /healthz (replacing any simpler ones it has)."""
    app = _base_app(settings, db)
    app.router.routes[:] = [r for r in app.router.routes if getattr(r, "path", None) not in OWN_PATHS]
    registry = metrics.make_registry(db)
    es_holder: dict = {}

    def es_client():
        if "client" not in es_holder:
            from store.search_index import make_client

            es_holder["client"] = make_client(app.state.index)
        return es_holder["client"]

    @app.get("/metrics", include_in_schema=False)
    async def prometheus_metrics(request: Request) -> Response:
        if not metrics_allowed(settings, request):
            return Response("forbidden\n", status_code=403, media_type="text/plain")
        body = await run_in_threadpool(metrics.render, registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> JSONResponse:
        body, status = await run_in_threadpool(
            health.health_report, db, es_client(), scheduler_getter(), want_scheduler)
        return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})

    return app
