"""POSTing JSON to robots and gateways, with failures sorted into retryable and not."""

from __future__ import annotations

from typing import Any

import httpx

from alerts.channels.base import PermanentDeliveryError, TransientDeliveryError
from alerts.channels.redact import install_log_redaction, redact

install_log_redaction()
RETRYABLE_STATUS = {408, 425, 429, 500, 502, 503, 504}


def post_json(url: str, payload: Any = None, *, headers: dict[str, str] | None = None, timeout: float = 10.0,
              content: bytes | None = None) -> httpx.Response:
    """POST and return the response; raise Transient/PermanentDeliveryError with the URL redacted."""
    shown = redact(url)
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
            if content is not None:
                resp = client.post(url, content=content, headers=headers)
            else:
                resp = client.post(url, json=payload, headers=headers)
    except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
        raise TransientDeliveryError(f"{type(exc).__name__} posting to {shown}") from None
    except httpx.HTTPError as exc:  # bad URL and the like
        raise PermanentDeliveryError(f"{type(exc).__name__} posting to {shown}") from None
    if resp.status_code in RETRYABLE_STATUS:
        raise TransientDeliveryError(f"HTTP {resp.status_code} from {shown}")
    if resp.status_code >= 400:
        raise PermanentDeliveryError(f"HTTP {resp.status_code} from {shown}: {resp.text[:200]}")
    return resp


def json_body(resp: httpx.Response) -> dict:
    """The response's JSON object, or {} when it has none."""
    try:
        data = resp.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
