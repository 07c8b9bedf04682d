"""A seeded web app behind Starlette's test client, with a sign-in helper."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from trustwatch.web import create_app
from trustwatch.web.sample_data import PASSWORD, seed

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


class WebClient:
    """A browser-like client: signs in through the form and remembers the page's CSRF token."""

    def __init__(self, app, ids):
        self.http = TestClient(app)
        self.ids = ids
        self.csrf = None

    def page_token(self, path: str) -> str:
        resp = self.http.get(path)
        self.csrf = CSRF_RE.search(resp.text).group(1)
        return self.csrf

    def login(self, username: str, password: str = PASSWORD):
        self.http.cookies.clear()
        token = self.page_token("/login")
        return self.http.post("/login", data={"username": username, "password": password, "csrf_token": token},
                              follow_redirects=False)

    def post_form(self, path: str, data: dict, **kw):
        return self.http.post(path, data={**data, "csrf_token": self.csrf}, **kw)


@pytest.fixture
def web(db, settings):
    """A client of an app on a freshly seeded database."""
    ids = seed(db, settings)
    app = create_app(settings, db=db)
    client = WebClient(app, ids)
    yield client
    client.http.close()
