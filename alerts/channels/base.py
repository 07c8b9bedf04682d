"""The channel contract: a registry by name, declared options checked at load, dry-run, retryable errors."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any, ClassVar

from alerts.channels.redact import redact

log = logging.getLogger("alerts.channels")
CHANNELS: dict[str, type["Channel"]] = {}
# Where channels are found: each entry point of this group names a Channel subclass ("module:Class")
# under the channel's name, in this project's pyproject.toml or in any installed distribution's.
ENTRY_POINT_GROUP = "trustwatch.channels"


class ChannelConfigError(ValueError):
    """A channel is missing an option or has a bad one (raised when the channel is built)."""


class DeliveryError(Exception):
    """A send failed; `retryable` says whether trying again later can help. Messages are redacted."""

    retryable: ClassVar[bool] = True


class TransientDeliveryError(DeliveryError):
    """The server was down, slow or rate-limiting: retry with backoff."""

    retryable = True


class PermanentDeliveryError(DeliveryError):
    """The request itself is wrong (bad address, rejected signature): retrying cannot help."""

    retryable = False


@dataclass(frozen=True)
class Message:
    """One notification to one recipient."""

    recipient: str
    subject: str
    body: str
    idempotency_key: str


def register_channel(cls: type["Channel"]) -> type["Channel"]:
    """Make a channel available by its `name` (what load_channels does for each entry point)."""
    if not (isinstance(cls, type) and issubclass(cls, Channel)):
        raise ValueError(f"{cls!r} is not a Channel subclass")
    if not cls.name or (cls.name in CHANNELS and CHANNELS[cls.name] is not cls):
        raise ValueError(f"channel name {cls.name!r} is empty or taken")
    CHANNELS[cls.name] = cls
    return cls


def load_channels(group: str = ENTRY_POINT_GROUP) -> dict[str, type["Channel"]]:
    """Register every channel the installed distributions declare under `group`; a broken entry point
    (it does not import, is no Channel, or its name differs from the channel's) raises ValueError naming it."""
    for ep in sorted(entry_points(group=group), key=lambda e: e.name):  # setuptools writes them sorted too
        if ep.name in CHANNELS and f"{CHANNELS[ep.name].__module__}:{CHANNELS[ep.name].__qualname__}" == ep.value:
            continue
        try:
            cls = ep.load()
        except Exception as exc:
            raise ValueError(f"channel entry point {ep.name} = {ep.value!r} does not load: {exc!r}") from exc
        if getattr(cls, "name", None) != ep.name:
            raise ValueError(f"channel entry point {ep.name} = {ep.value!r} names a channel called "
                             f"{getattr(cls, 'name', None)!r}")
        register_channel(cls)
    return CHANNELS


def build_channel(name: str, options: dict[str, Any], dry_run: bool = False) -> "Channel":
    """A configured channel by name; ChannelConfigError names missing or unknown options."""
    cls = CHANNELS.get(name)
    if cls is None:
        known = ", ".join(sorted(CHANNELS)) or \
            f"none: no {ENTRY_POINT_GROUP} entry points are installed (run pip install -e . in the project)"
        raise ChannelConfigError(f"unknown channel '{name}'; expected one of {known}")
    return cls(options, dry_run=dry_run)


class Channel:
    """Base class: subclasses set `name`, `required_options`, `optional_options` and implement `deliver`."""

    name: ClassVar[str] = ""
    required_options: ClassVar[dict[str, str]] = {}  # option -> what it is (for the error message)
    optional_options: ClassVar[dict[str, Any]] = {}  # option -> default
    secret_options: ClassVar[tuple[str, ...]] = ()  # never logged, redacted from every error
    # option -> the TRUSTWATCH_* setting it is read from by the application (trustwatch.configs); a
    # channel without settings of its own takes its options from TRUSTWATCH_CHANNEL_OPTIONS.
    settings_fields: ClassVar[dict[str, str]] = {}

    def __init__(self, options: dict[str, Any], dry_run: bool = False):
        missing = [k for k in self.required_options if options.get(k) in (None, "")]
        if missing:
            what = "; ".join(f"{k} ({self.required_options[k]})" for k in missing)
            raise ChannelConfigError(f"channel '{self.name}' is missing required option(s): {what}")
        unknown = sorted(set(options) - set(self.required_options) - set(self.optional_options))
        if unknown:
            allowed = ", ".join(list(self.required_options) + list(self.optional_options))
            raise ChannelConfigError(f"channel '{self.name}' has unknown option(s) {', '.join(unknown)}; "
                                     f"expected some of {allowed}")
        self.options = {**self.optional_options, **options}
        self.dry_run = dry_run
        self.dry_run_sent: list[Message] = []

    @property
    def secrets(self) -> list[str]:
        """Secret values this channel must never show."""
        vals = [self.options.get(k) for k in self.secret_options]
        return [str(v.get_secret_value() if hasattr(v, "get_secret_value") else v) for v in vals if v]

    def secret(self, key: str) -> str | None:
        """An option's plain value (SecretStr unwrapped)."""
        v = self.options.get(key)
        return v.get_secret_value() if hasattr(v, "get_secret_value") else v

    def redact(self, text: str) -> str:
        """`text` without this channel's secrets and without URL keys or tokens."""
        return redact(text, self.secrets)

    def send(self, message: Message) -> None:
        """Deliver, or in dry-run mode only record and log; raises Transient/PermanentDeliveryError."""
        if self.dry_run:
            self.dry_run_sent.append(message)
            log.info("dry-run %s -> %s: %s", self.name, self.redact(message.recipient), message.subject[:80])
            return
        try:
            self.deliver(message)
        except DeliveryError as exc:
            raise type(exc)(self.redact(str(exc))) from None

    def deliver(self, message: Message) -> None:  # pragma: no cover - abstract
        raise NotImplementedError
