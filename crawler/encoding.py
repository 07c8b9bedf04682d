"""Decoding Chinese pages: GBK/GB2312 read as GB18030, and pages that declare GB2312 but are UTF-8."""

from __future__ import annotations

import re

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, resolve_encoding

GB_FAMILY = {"gb2312", "gbk", "gb18030", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}
_NON_ASCII = re.compile(rb"[\x80-\xff]")


def normalize_encoding(name: str | None) -> str | None:
    """Python's codec name for `name`, with every GB variant widened to GB18030."""
    if not name:
        return None
    lowered = name.strip().lower()
    if lowered in GB_FAMILY:
        return "gb18030"
    return resolve_encoding(lowered) or None


def _is_utf8(body: bytes) -> bool:
    if not _NON_ASCII.search(body[:200_000]):
        return False  # pure ASCII: any declaration is as good
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def choose_encoding(body: bytes, content_type: str | None = None, override: str | None = None) -> str:
    """The codec to read `body` with: an explicit override first; a GB declaration becomes GB18030
    unless the bytes are valid multi-byte UTF-8 (GBK text almost never is); otherwise the declaration,
    else UTF-8 when valid, else GB18030 (the usual undeclared Chinese encoding)."""
    if override:
        return normalize_encoding(override) or override
    declared = http_content_type_encoding(content_type) if content_type else None
    declared = declared or html_body_declared_encoding(body[:4096])
    declared = normalize_encoding(declared)
    if declared == "gb18030":
        return "utf-8" if _is_utf8(body) else "gb18030"
    if declared:
        return declared
    if _is_utf8(body) or not _NON_ASCII.search(body[:200_000]):
        return "utf-8"
    return "gb18030"


def decode_html(body: bytes, content_type: str | None = None, override: str | None = None) -> str:
    """`body` as text, decoded by choose_encoding (undecodable bytes replaced, never raised)."""
    return body.decode(choose_encoding(body, content_type, override), errors="replace")
