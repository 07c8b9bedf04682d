"""The FastAPI application: sessions, templates, error pages and the routers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from store.db import Database
from trustwatch.configs import index_config
from trustwatch.web import (api, pages_account, pages_ack, pages_alerts, pages_enterprises, pages_events,
                            pages_insight, pages_search, pages_uncertain)
from trustwatch.web import display_names as names
from trustwatch.web import queries
from trustwatch.web.rendering import es_client, flash, render  # noqa: F401  (re-exported)
from trustwatch.web.security import CsrfRefused, Forbidden, NotSignedIn, csrf_token, has_role
from trustwatch.web.textsafe import clip, em_html, es_fragment, strip_invisible
from trustwatch.web.word_highlight import highlight_words
from vocabulary import EVENT_LABELS, DeliveryState, Role, display

HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "tw_session"
SESSION_MAX_AGE = 12 * 3600


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


SECURITY_HEADERS = [
    # Inline scripts are never needed: crawled text that slipped through could not run.
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     b"frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """Pure ASGI middleware adding the security headers a response does not set itself.

    Not `@app.middleware("http")`: that wraps every response in a task and a memory stream, which
    cost the search API a few milliseconds a request on a busy machine."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend((name, value) for name, value in SECURITY_HEADERS if name not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _security_headers(app: FastAPI) -> None:
    app.add_middleware(SecurityHeaders)


def trusted_networks(settings) -> tuple:
    """TRUSTWATCH_TRUSTED_PROXIES as networks; a bad entry stops the app with its value."""
    import ipaddress

    networks = []
    for entry in getattr(settings, "trusted_proxies", None) or ():
        try:
            networks.append(ipaddress.ip_network(str(entry).strip(), strict=False))
        except ValueError:
            raise ValueError(f"TRUSTWATCH_TRUSTED_PROXIES: {entry!r} is not an address or network") from None
    return tuple(networks)


def make_templates(settings) -> Jinja2Templates:
    """Jinja2 templates with autoescape and the helpers the pages use."""
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    # Every {{ value }} of every page, clipped or not, loses bidi overrides and zero-width characters.
    env.finalize = strip_invisible
    zone = ZoneInfo(settings.timezone)

    def local_time(value: dt.datetime | str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
        if isinstance(value, str):  # an ISO time from the search index (UTC)
            try:
                value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return value[:16]
            if value.tzinfo is None:
                value = value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(zone).strftime(fmt) if value else "—"

    env.filters.update(clip=clip, em_html=em_html, local_time=local_time, highlight=highlight_words, es_fragment=es_fragment,
                       urlquote=lambda s: quote(str(s or ""), safe=""), action_name=names.audit_action,
                       route_title=names.route_title,
                       entity_type=lambda c: names.ENTITY_TYPES.get(c or "", c or ""),
                       crawl_status=lambda c: names.CRAWL_STATUS.get(c or "", c or ""),
                       source_kind=lambda c: names.SOURCE_KINDS.get(c or "", c or ""),
                       crawl_flag=lambda c: names.CRAWL_FLAGS.get(c or "", c or ""),
                       crawl_error=lambda c: names.CRAWL_ERRORS.get(c or "", c or ""))
    # Chinese names of codes come from the one vocabulary: `{{ code|zh("alert_state") }}`, or the tables below.
    env.filters["zh"] = display
    env.globals.update(
        csrf_token=csrf_token, has_role=has_role, LABELS=queries.LABEL_NAMES, EVENT_STATES=queries.EVENT_STATES,
        ALERT_STATES=queries.ALERT_STATES, SEVERITIES=queries.SEVERITY_NAMES, app_name="诚信哨兵",
        DELIVERY_STATES=DeliveryState.names(), ROLES=Role.names(), EVENT_LABELS=[label.value for label in EVENT_LABELS],
    )
    return templates


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn):
        if _is_api(request):
            return JSONResponse({"detail": "未登录"}, status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden):
        if _is_api(request):
            return JSONResponse({"detail": str(exc)}, status_code=403)
        return render(request, "error.html", {"code": 403, "message": str(exc)}, status_code=403)

    @app.exception_handler(CsrfRefused)
    async def csrf_refused(request: Request, exc: CsrfRefused):
        message = "请求缺少有效的安全令牌（CSRF），已拒绝。请刷新页面后重试。"
        if _is_api(request):
            return JSONResponse({"detail": "缺少或错误的 X-CSRF-Token"}, status_code=403)
        return render(request, "error.html", {"code": 403, "message": message}, status_code=403)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if _is_api(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        message = {404: "页面不存在"}.get(exc.status_code, str(exc.detail))
        return render(request, "error.html", {"code": exc.status_code, "message": message},
                      status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        if exc.errors() and all((e.get("loc") or ("",))[0] == "path" for e in exc.errors()):
            # /events/abc or /events/9223372036854775808: no such page, whatever the reason.
            if _is_api(request):
                return JSONResponse({"detail": "资源不存在"}, status_code=404)
            return render(request, "error.html", {"code": 404, "message": "页面不存在"}, status_code=404)
        if _is_api(request):
            errors = [{"loc": e.get("loc"), "msg": e.get("msg")} for e in exc.errors()]
            return JSONResponse({"detail": errors}, status_code=422)
        return render(request, "error.html", {"code": 422, "message": "提交的内容不完整或格式不对"},
                      status_code=422)


def create_app(settings, db: Database | None = None) -> FastAPI:
    """The Trustwatch web app for `settings`; uses `db` or opens the database the settings name."""
    app = FastAPI(title="诚信哨兵 Trustwatch", version="1.0",
                  description="失信事件审核、监管处置与新闻检索。JSON 接口使用会话 Cookie 认证；"
                              "POST 请求须带 X-CSRF-Token 请求头（由 /api/v1/login 或 /api/v1/me 返回）。",
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.settings = settings
    app.state.db = db or Database(settings.database_url)
    app.state.templates = make_templates(settings)
    app.state.es_client = None
    app.state.index = index_config(settings)  # built once: the search index's cluster, prefix, synonyms
    app.state.trusted_proxies = trusted_networks(settings)
    secure = settings.env not in ("development", "test")
    app.add_middleware(SessionMiddleware, secret_key=settings.secret_key.get_secret_value(),
                       session_cookie=SESSION_COOKIE, max_age=SESSION_MAX_AGE, same_site="lax",
                       https_only=secure)
    _security_headers(app)
    _error_handlers(app)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    # The JSON API first: its requests are matched without walking every page's router (no page path
    # starts with /api/, so the order changes no route).
    app.include_router(api.router)
    app.include_router(api.public_router)
    for module in (pages_account, pages_ack, pages_events, pages_uncertain, pages_alerts, pages_search, pages_insight,
                   pages_enterprises):
        app.include_router(module.router)

    @app.get("/healthz", include_in_schema=False)
    def healthz():
        return {"status": "ok"}

    return app
