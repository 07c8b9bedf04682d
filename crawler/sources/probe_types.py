"""What a probe fetches and how it fails, shared by the probe and its article reader (probe_read)."""

from __future__ import annotations

from dataclasses import dataclass


class ProbeError(ValueError):
    """A URL that cannot be probed (unreachable, refused, not a kind the crawler reads)."""


@dataclass
class Fetched:
    """One fetched document."""

    url: str
    status: int
    content_type: str
    body: bytes

    @property
    def text(self) -> str:
        from crawler.encoding import choose_encoding

        return self.body.decode(choose_encoding(self.body, self.content_type), errors="replace")
