"""Command line for the delivery outbox: dispatch, and listing / retrying deliveries."""

from __future__ import annotations


def register_delivery(sub) -> None:
    """Add `dispatch` and `deliveries` sub-commands."""
    return None
