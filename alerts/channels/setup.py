"""Builds the configured channels from the settings (the only place their secrets come from)."""

from __future__ import annotations

import logging

from alerts.channels.base import Channel, ChannelConfigError, build_channel

log = logging.getLogger(__name__)


def channel_options(settings) -> dict[str, dict]:
    """Options per channel name, taken from TRUSTWATCH_* settings."""
    return {
        "email": {"host": settings.smtp_host, "port": settings.smtp_port, "sender": settings.smtp_sender,
                  "username": settings.smtp_username, "password": settings.smtp_password,
                  "starttls": settings.smtp_starttls, "ssl": settings.smtp_ssl, "timeout": settings.smtp_timeout,
                  "ca_file": settings.smtp_ca_file},
        "wecom": {},
        "dingtalk": {"secret": settings.dingtalk_secret},
        "feishu": {"secret": settings.feishu_secret},
        "webhook": {"secret": settings.webhook_secret},
        "sms": {"url": settings.sms_gateway_url, "api_key": settings.sms_api_key},
    }


def channels_from_settings(settings, strict: bool = False) -> tuple[dict[str, Channel], dict[str, str]]:
    """(channels that could be built, name -> why the others could not); strict raises instead."""
    built: dict[str, Channel] = {}
    problems: dict[str, str] = {}
    options = channel_options(settings)
    for name in settings.alert_channels:
        try:
            built[name] = build_channel(name, options.get(name, {}), dry_run=settings.alert_dry_run)
        except ChannelConfigError as exc:
            if strict:
                raise
            problems[name] = str(exc)
            log.warning("%s", exc)
    return built, problems
