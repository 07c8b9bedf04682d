"""Signed, expiring acknowledgement tokens for the links in notifications (itsdangerous)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

SALT = "trustwatch.alert-ack.v1"


class AckTokenError(ValueError):
    """The acknowledgement link is forged, damaged or expired (the message says which)."""


@dataclass(frozen=True)
class AckLinks:
    """How acknowledgement links are signed, how long they last and where they point."""

    secret_key: Any = field(repr=False)  # a SecretStr
    base_url: str = "http://127.0.0.1:8000"
    valid_days: int = 7


def _serializer(links: AckLinks) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(links.secret_key.get_secret_value(), salt=SALT)


def make_ack_token(links: AckLinks, alert_id: int, department_id: int) -> str:
    """A token naming one alert of one department, signed with the links' secret key."""
    return _serializer(links).dumps({"a": int(alert_id), "d": int(department_id)})


def verify_ack_token(links: AckLinks, token: str, now: dt.datetime | None = None) -> tuple[int, int]:
    """(alert id, department id) of a valid token; raises AckTokenError when invalid or expired."""
    try:
        data, signed_at = _serializer(links).loads(token, return_timestamp=True)
    except BadSignature:
        raise AckTokenError("确认链接无效（签名不符）") from None
    now = now or dt.datetime.now(dt.timezone.utc)
    if now - signed_at > dt.timedelta(days=links.valid_days):
        raise AckTokenError("确认链接已过期，请登录系统确认")
    try:
        return int(data["a"]), int(data["d"])
    except (KeyError, TypeError, ValueError):
        raise AckTokenError("确认链接无效（内容不符）") from None


def ack_url(links: AckLinks, token: str) -> str:
    """The link the web app serves for one-click acknowledgement."""
    return f"{links.base_url.rstrip('/')}/ack/{token}"
