"""The typed configuration of alerts: the city, departments and routing from the config folder, and the
options of policy, delivery, channels and links. Built once per process by the application
(trustwatch.configs) and passed down; nothing in alerts/ reads the settings or the environment."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alerts.ack_tokens import AckLinks
from alerts.departments import DepartmentSpec, load_departments
from alerts.routing import RoutingConfig, load_routing
from classifier.districts import DistrictTable
from store import queue


@dataclass(frozen=True)
class DeliveryOptions:
    """How the delivery outbox leases and retries (exact steps, no jitter: sends are one row at a time,
    and the next try's time is shown to people)."""

    lease_seconds: float = 300.0
    backoff_seconds: float = 30.0
    backoff_max_seconds: float = 3600.0
    max_attempts: int = 8

    def queue(self) -> queue.LeaseQueue:
        """The delivery outbox as a lease queue with these options."""
        return queue.LeaseQueue(queue.DELIVERY, dt.timedelta(seconds=self.lease_seconds),
                                queue.RetryPolicy(self.backoff_seconds, self.backoff_max_seconds,
                                                  max_attempts=self.max_attempts, jitter=False))


@dataclass(frozen=True)
class AlertingConfig:
    """Everything alerts/ needs: whom to tell about what (city, departments, routing), and how."""

    departments: Mapping[str, DepartmentSpec]
    routing: RoutingConfig
    city: DistrictTable  # its name is what messages say where the district is not known yet
    event_window: dt.timedelta = dt.timedelta(days=21)  # how long an event takes follow-ups
    auto_dispatch_severity: str = "high"  # a Severity code, or "never"
    channels: tuple[str, ...] = ()  # the channels deliveries are written for, in order
    # One options block per channel (alerts.channels: each channel checks its own when it is built).
    channel_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, repr=False)
    dry_run: bool = False
    delivery: DeliveryOptions = DeliveryOptions()
    links: AckLinks | None = None  # acknowledgement links and the event links in messages
    timezone: str = "Asia/Shanghai"  # times in messages

    def replace(self, **changes) -> "AlertingConfig":
        """A copy with some options changed (e.g. dry_run for `dispatch --dry-run`)."""
        return dataclasses.replace(self, **changes)


def load_alerting_config(config_dir: Path, city: DistrictTable, **options) -> AlertingConfig:
    """Read `config_dir`/departments.yaml and routing.yaml, checked against the city's districts;
    raises ConfigError on a bad file. `options` are the other AlertingConfig fields."""
    departments = load_departments(Path(config_dir) / "departments.yaml", districts=city.districts)
    routing = load_routing(Path(config_dir) / "routing.yaml", set(departments))
    return AlertingConfig(departments, routing, city, **options)
