"""Password guessing against a real server: N parallel wrong passwords at one account from one address.

Starts the web app under uvicorn on 127.0.0.1 (sample data, a temporary SQLite database, or
--db-url for PostgreSQL), fires the guesses from 127.0.0.1 at once, then signs the real user in
from 127.0.0.2 (another address). Prints how many guesses had their password checked (argon2
runs counted inside the server), the answers, and whether the real user got in.

    .venv/bin/python bench/login_abuse.py [--guesses 200] [--username admin] [--db-url URL]
"""

from __future__ import annotations

import argparse
import collections
import re
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from store.db import Database
from trustwatch import auth
from trustwatch.service.mailsink import free_port
from trustwatch.settings import load_settings
from trustwatch.web import create_app
from trustwatch.web.sample_data import PASSWORD, seed

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def _count_checks() -> list[int]:
    checked = [0]
    real = auth.verify_password

    def counting(password_hash, password):
        checked[0] += 1
        return real(password_hash, password)

    auth.verify_password = counting
    return checked


def _form_login(base: str, username: str, password: str, local_address: str) -> int:
    transport = httpx.HTTPTransport(local_address=local_address)
    with httpx.Client(base_url=base, transport=transport, timeout=120) as http:
        token = CSRF_RE.search(http.get("/login").text).group(1)
        return http.post("/login", data={"username": username, "password": password, "csrf_token": token}).status_code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guesses", type=int, default=200)
    parser.add_argument("--username", default="admin")
    parser.add_argument("--db-url", help="a database to seed (default: a temporary SQLite file)")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="tw-login-abuse-"))
    settings = load_settings(env="test", home=home, db_url=args.db_url or f"sqlite:///{home / 'tw.db'}")
    db = Database(settings.database_url)
    db.migrate()
    seed(db, settings)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, db=db), host="127.0.0.1", port=port,
                                           log_level="warning", limit_concurrency=1000, backlog=2048))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    checked = _count_checks()

    answers: collections.Counter[int | str] = collections.Counter()
    barrier = threading.Barrier(args.guesses)

    def guess(i: int) -> None:
        barrier.wait()
        try:
            answers[_form_login(base, args.username, f"guess-{i}", "127.0.0.1")] += 1
        except httpx.HTTPError as exc:
            answers[type(exc).__name__] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=guess, args=(i,)) for i in range(args.guesses)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.monotonic() - started
    guesses_checked = checked[0]
    same_address = _form_login(base, args.username, PASSWORD, "127.0.0.1")
    other_address = _form_login(base, args.username, PASSWORD, "127.0.0.2")
    server.should_exit = True

    print(f"database              {settings.database_url.split('@')[-1]}")
    print(f"guesses               {args.guesses} in parallel against {args.username!r} from 127.0.0.1 ({took:.1f} s)")
    print(f"answers               {dict(answers)}")
    print(f"passwords checked     {guesses_checked} (limit {auth.MAX_FAILED_LOGINS})")
    print(f"real user, same addr  HTTP {same_address} (backing off)")
    print(f"real user, 127.0.0.2  HTTP {other_address} ({'signed in' if other_address == 303 else 'REFUSED'})")
    ok = guesses_checked <= auth.MAX_FAILED_LOGINS and other_address == 303
    print("result                " + ("ok" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
