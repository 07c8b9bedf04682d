"""Builds the enabled channels from their options blocks in the alerting configuration."""

from __future__ import annotations

import logging

from alerts.channels.base import Channel, ChannelConfigError, build_channel

log = logging.getLogger(__name__)


def build_channels(config, strict: bool = False) -> tuple[dict[str, Channel], dict[str, str]]:
    """(channels of `config.channels` that could be built, name -> why the others could not); strict raises.

    `config` is an alerts.config.AlertingConfig: each channel checks its own options block."""
    built: dict[str, Channel] = {}
    problems: dict[str, str] = {}
    for name in config.channels:
        try:
            built[name] = build_channel(name, dict(config.channel_options.get(name, {})), dry_run=config.dry_run)
        except ChannelConfigError as exc:
            if strict:
                raise
            problems[name] = str(exc)
            log.warning("%s", exc)
    return built, problems
