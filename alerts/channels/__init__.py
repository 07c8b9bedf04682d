"""Notification channels, registered by name: email, wecom, dingtalk, feishu, webhook, sms.

A channel is a Channel subclass declared as an entry point of the group `trustwatch.channels`
(pyproject.toml, this project's or another installed distribution's); importing this package loads
them all (alerts/README.md, "Adding a channel")."""

from alerts.channels.base import (
    CHANNELS,
    Channel,
    ChannelConfigError,
    DeliveryError,
    Message,
    PermanentDeliveryError,
    TransientDeliveryError,
    ENTRY_POINT_GROUP,
    build_channel,
    load_channels,
    register_channel,
)
from alerts.channels.setup import build_channels

load_channels()

__all__ = [
    "CHANNELS", "Channel", "ChannelConfigError", "DeliveryError", "Message", "PermanentDeliveryError",
    "TransientDeliveryError", "ENTRY_POINT_GROUP", "build_channel", "build_channels", "load_channels",
    "register_channel",
]
