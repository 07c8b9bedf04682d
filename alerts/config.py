"""Loads the shipped alerting configuration (departments and routing) named by the settings."""

from __future__ import annotations

from dataclasses import dataclass

from alerts.departments import DepartmentSpec, load_departments
from alerts.routing import RoutingConfig, load_routing


@dataclass
class AlertingConfig:
    """Departments by code and the routing tree checked against them."""

    departments: dict[str, DepartmentSpec]
    routing: RoutingConfig


def load_alerting_config(settings) -> AlertingConfig:
    """Read config/departments.yaml and config/routing.yaml; raises ConfigError on a bad file."""
    departments = load_departments(settings.config_dir / "departments.yaml")
    routing = load_routing(settings.config_dir / "routing.yaml", set(departments))
    return AlertingConfig(departments, routing)
