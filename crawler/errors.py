"""Error kinds for crawl accounting: every failed request is counted under one of these names."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError


def classify_failure(failure) -> str:
    """The error kind of a request failure: http_5xx, http_4xx, timeout, maxsize, robots, offsite,
    private_address, dns, connection, data_loss or other."""
    exc = failure.value
    name = type(exc).__name__
    if isinstance(exc, HttpError):
        status = exc.response.status
        return "http_5xx" if status >= 500 else "http_4xx" if status >= 400 else f"http_{status}"
    if name == "PrivateAddressBlocked":
        return "private_address"
    if isinstance(exc, IgnoreRequest):
        message = str(exc).lower()
        if "robots" in message:
            return "robots"
        if "offsite" in message:
            return "offsite"
        return "ignored"
    if "Timeout" in name or "TimedOut" in name:
        return "timeout"
    if name in ("DownloadCancelledError", "CancelledError"):
        return "maxsize"
    if name in ("DNSLookupError", "CannotResolveHostError"):
        return "dns"
    if name in ("ResponseDataLossError", "_DataLoss"):
        return "data_loss"
    if "Connection" in name or name in ("ResponseNeverReceived", "ResponseFailed", "DownloadFailedError"):
        return "connection"
    return "other"
