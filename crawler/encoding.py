"""Decoding Chinese pages: GBK/GB2312 read as GB18030, pages whose declaration is wrong, mojibake repair."""

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
    """The codec to read `body` with: an explicit override first; bytes that are valid multi-byte
    UTF-8 are UTF-8 whatever they declare (GBK, EUC-JP or Big5 text almost never is valid UTF-8, and
    pages re-saved as UTF-8 keep their old declaration); otherwise the declaration (a GB one read as
    GB18030), else GB18030 (the usual undeclared Chinese encoding)."""
    if override:
        return normalize_encoding(override) or override
    if _is_utf8(body):
        return "utf-8"
    declared = http_content_type_encoding(content_type) if content_type else None
    declared = declared or html_body_declared_encoding(body[:4096])
    declared = normalize_encoding(declared)
    if declared:
        return declared
    if not _NON_ASCII.search(body[:200_000]):
        return "utf-8"
    return "gb18030"


_MOJIBAKE_HINT = re.compile(r"[\u00c0-\u00ff][\u0080-\u00bf]|[\u00c0-\u00ff]{2}")


def repair_mojibake(text: str | None) -> str | None:
    """`text` with UTF-8 or GBK bytes that were read as Latin-1/cp1252 decoded again, when it looks so.

    Titles in <meta> tags and feeds are sometimes double-encoded (e.g. "æ±\x95å°¾" for 汕尾); a repair
    is kept only when it decodes cleanly and yields Chinese characters."""
    if not text or not _MOJIBAKE_HINT.search(text):
        return text
    for legacy in ("latin-1", "cp1252"):
        try:
            raw = text.encode(legacy)
        except UnicodeEncodeError:
            continue
        for codec in ("utf-8", "gb18030"):
            try:
                fixed = raw.decode(codec)
            except UnicodeDecodeError:
                continue
            if re.search(r"[\u4e00-\u9fff]", fixed) and not _MOJIBAKE_HINT.search(fixed):
                return fixed
    return text


def decode_html(body: bytes, content_type: str | None = None, override: str | None = None) -> str:
    """`body` as text, decoded by choose_encoding (undecodable bytes replaced, never raised)."""
    return body.decode(choose_encoding(body, content_type, override), errors="replace")
