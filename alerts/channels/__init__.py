"""Notification channels, registered by name: email, wecom, dingtalk, feishu, webhook, sms."""

from alerts.channels.base import (
    CHANNELS,
    Channel,
    ChannelConfigError,
    DeliveryError,
    Message,
    PermanentDeliveryError,
    TransientDeliveryError,
    build_channel,
    register_channel,
)
from alerts.channels.setup import build_channels

# Importing the modules registers their channels.
from alerts.channels import email as _email  # noqa: F401,E402
from alerts.channels import robots as _robots  # noqa: F401,E402
from alerts.channels import webhook as _webhook  # noqa: F401,E402

__all__ = [
    "CHANNELS", "Channel", "ChannelConfigError", "DeliveryError", "Message", "PermanentDeliveryError",
    "TransientDeliveryError", "build_channel", "build_channels", "register_channel",
]
