"""What every page module needs from the app: render a template, flash a message, the search client.

Kept apart from trustwatch.web.app (which includes the page modules' routers), so pages import this
and the app imports the pages, never the other way round."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from trustwatch.web.security import load_user
from trustwatch.web.textsafe import clip


def render(request: Request, name: str, context: dict | None = None, status_code: int = 200) -> HTMLResponse:
    """Render a page with the signed-in user and flash messages in its context."""
    ctx = {"user": load_user(request), "flashes": request.session.pop("flashes", []) if "flashes" in request.session else []}
    ctx.update(context or {})
    return request.app.state.templates.TemplateResponse(request, name, ctx, status_code=status_code)


def flash(request: Request, message: str, kind: str = "ok") -> None:
    """A message shown once on the next page."""
    request.session.setdefault("flashes", [])
    request.session["flashes"] = request.session["flashes"][-4:] + [[kind, clip(message, 300)]]


def es_client(request: Request):
    """The app's Elasticsearch client, created on first use."""
    state = request.app.state
    if state.es_client is None:
        from trustwatch.web.search import make_client

        state.es_client = make_client(state.index)
    return state.es_client
