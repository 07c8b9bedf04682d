"""Redaction: secrets, URL query values and webhook tokens never reach a log line or an error message."""

from __future__ import annotations

import logging
import re

_QUERY_VALUE = re.compile(r"([?&][^=&#\s]+=)[^&#\s]*")
_USERINFO = re.compile(r"(://)[^/@\s:]+(:[^/@\s]*)?@")
_HOOK_PATH = re.compile(r"(/(?:hook|send|hooks|webhook)/)[A-Za-z0-9_\-]{8,}")
MASK = "***"


def redact(text: str, secrets: list[str] | tuple[str, ...] = ()) -> str:
    """Mask given secret values, URL query values, URL user:password and robot tokens in paths."""
    out = str(text)
    for s in sorted((s for s in secrets if s and len(s) >= 4), key=len, reverse=True):
        out = out.replace(s, MASK)
    out = _QUERY_VALUE.sub(lambda m: m.group(1) + MASK, out)
    out = _USERINFO.sub(lambda m: m.group(1) + MASK + "@", out)
    return _HOOK_PATH.sub(lambda m: m.group(1) + MASK, out)


class RedactingFilter(logging.Filter):
    """A logging filter that redacts the final message (httpx logs full URLs at INFO)."""

    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        red = redact(msg)
        if red != msg:
            record.msg, record.args = red, None
        return True


def install_log_redaction() -> None:
    """Attach the redacting filter to the HTTP client loggers (idempotent)."""
    for name in ("httpx", "httpcore"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())
