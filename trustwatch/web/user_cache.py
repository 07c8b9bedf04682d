"""Who a server-side session belongs to, remembered for a few seconds so that a request needs no SQL.

Keyed by the stored session id (the hash of the cookie's token). An entry is dropped at once when
this process ends the session (sign-out, end-all, password change); a change made elsewhere (a user
disabled or a password set with the CLI, or by another worker) is seen when the entry expires, so a
disabled user loses access within `ttl` seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from trustwatch.auth import SignedInUser

DEFAULT_TTL = 5.0  # seconds; also how late a CLI `users disable` may take effect in the web app
MAX_ENTRIES = 10_000  # bounded: a flood of cookies cannot grow it without limit


@dataclass(frozen=True)
class _Entry:
    user: SignedInUser
    password_fingerprint: str
    expires: float


class SignedInCache:
    """session id -> (user, password fingerprint) for `ttl` seconds; thread-safe."""

    def __init__(self, ttl: float = DEFAULT_TTL, clock: Callable[[], float] = time.monotonic):
        self.ttl = ttl
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def get(self, session_id: str, password_fingerprint: str | None) -> SignedInUser | None:
        """The cached user of `session_id` if still fresh and the cookie carries the same fingerprint."""
        entry = self._entries.get(session_id)
        if entry is None:
            return None
        if entry.expires <= self._clock() or entry.password_fingerprint != password_fingerprint:
            self.drop(session_id)
            return None
        return entry.user

    def put(self, session_id: str, user: SignedInUser, password_fingerprint: str) -> None:
        """Remember that `session_id` was found live for `user` just now."""
        if self.ttl <= 0:
            return
        now = self._clock()
        with self._lock:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries = {k: e for k, e in self._entries.items() if e.expires > now}
                if len(self._entries) >= MAX_ENTRIES:
                    self._entries.clear()
            self._entries[session_id] = _Entry(user, password_fingerprint, now + self.ttl)

    def drop(self, session_id: str | None) -> None:
        """Forget one session (it was ended here)."""
        if session_id:
            with self._lock:
                self._entries.pop(session_id, None)

    def drop_user(self, user_id: int) -> None:
        """Forget every session of `user_id` (all of them ended, or the account changed)."""
        with self._lock:
            self._entries = {k: e for k, e in self._entries.items() if e.user.id != user_id}
