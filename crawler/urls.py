"""URL canonicalisation: one spelling per page, so the store can tell what it has already seen."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that only track the visitor or the click, never select content.
TRACKING_PARAMS = frozenset(
    {"spm", "from", "fromsource", "share_token", "sharesource", "wfr", "gclid", "fbclid",
     "yclid", "_hsenc", "_hsmi", "mc_cid", "mc_eid", "scene", "srcid", "timestamp", "tt_from"}
)
TRACKING_PREFIXES = ("utm_",)
DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonicalize_url(url: str, base: str | None = None) -> str:
    """The canonical form of `url` (resolved against `base`): no fragment, no tracking parameters,
    sorted query, lower-case scheme and host, default port dropped, path percent-encoding normalised."""
    if base:
        url = urljoin(base, url.strip())
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host
    if parts.username:  # keep credentials only if someone put them there on purpose
        netloc = f"{parts.username}@{host}"
    if port and DEFAULT_PORTS.get(scheme) != port:
        netloc = f"{netloc}:{port}"
    path = quote(unquote(parts.path), safe="/%:@!$&'()*+,;=-._~") or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    query.sort()
    return urlunsplit((scheme, netloc, path, urlencode(query, quote_via=quote), ""))


def url_host(url: str) -> str:
    """The lower-case host of `url` (no port)."""
    return (urlsplit(url).hostname or "").lower()
