"""One typed settings object, read from TRUSTWATCH_* environment variables and an optional .env."""

from __future__ import annotations

import math
import os
import re
import secrets
from collections import Counter
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Published in the source: never a valid key anywhere. Development keys are generated per install.
DEFAULT_SECRET = "dev-only-insecure-secret-change-me"
SECRET_FILE_NAME = "secret_key"
MIN_SECRET_CHARS = 32
MIN_SECRET_BITS = 128
# Keys seen in tutorials and .env examples; compared after lower-casing and dropping punctuation.
KNOWN_WEAK_SECRETS = frozenset({
    "devonlyinsecuresecretchangeme", "changeme", "changemeplease", "secret", "secretkey", "mysecretkey",
    "supersecret", "supersecretkey", "password", "trustwatch", "trustwatchsecret", "development", "default",
    "insecure", "notsecret", "test", "testsecret", "yoursecretkey", "replaceme", "xxxxxxxx", "djangoinsecure",
})


def secret_key_problem(key: str) -> str | None:
    """Why `key` is too weak to sign sessions and acknowledgement links, or None when it is strong."""
    if key != key.strip():
        return "must not begin or end with whitespace"
    normalized = re.sub(r"[^a-z0-9]", "", key.lower())
    if DEFAULT_SECRET in key or normalized in KNOWN_WEAK_SECRETS:
        return "is a published or well-known value"
    if len(key) < MIN_SECRET_CHARS:
        return f"must be at least {MIN_SECRET_CHARS} characters (run `trustwatch secret generate`)"
    if re.fullmatch(r"(.{1,16}?)\1+", key, flags=re.DOTALL):
        return "is a repeated pattern"
    counts = Counter(key)
    bits = -sum(n * math.log2(n / len(key)) for n in counts.values())
    steps = sum(1 for a, b in zip(key, key[1:]) if abs(ord(b) - ord(a)) <= 1)
    if len(counts) < 12 or bits < MIN_SECRET_BITS or steps > len(key) // 3:
        return "looks typed rather than random (run `trustwatch secret generate`)"
    return None


def generate_secret_key() -> str:
    """A fresh random key: 48 bytes, URL-safe."""
    return secrets.token_urlsafe(48)


def _install_secret(home: Path) -> str:
    # One key per install, kept under TRUSTWATCH_HOME so the web app and the service agree.
    path = home / SECRET_FILE_NAME
    try:
        key = path.read_text(encoding="utf-8").strip()
        if key and secret_key_problem(key) is None:
            return key
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise ValueError(f"cannot read the development key {path}: {exc.strerror}") from None
    key = generate_secret_key()
    try:
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(key + "\n")
    except OSError:
        pass  # a read-only home: this process signs with a key of its own
    return key


class SettingsError(ValueError):
    """A setting has a bad value; the message names the variable."""


class Settings(BaseSettings):
    """All configuration of a Trustwatch process; the only place secrets come from."""

    model_config = SettingsConfigDict(
        env_prefix="TRUSTWATCH_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    env: Literal["development", "test", "production"] = "development"
    home: Path = Field(default=PROJECT_ROOT / "var", description="runtime data: database, models, logs")
    config_dir: Path = PROJECT_ROOT / "config"
    db_url: str | None = None

    # Elasticsearch: an existing cluster via es_url, otherwise the project's local server.
    es_url: str | None = None
    es_api_key: SecretStr | None = None
    es_username: str | None = None
    es_password: SecretStr | None = None
    es_ca_certs: Path | None = None
    es_verify_certs: bool = True
    es_request_timeout: float = Field(default=30.0, gt=0)
    es_index_prefix: str = Field(default="trustwatch", pattern=r"^[a-z][a-z0-9_-]*$")
    es_version: str = Field(default="9.2.0", pattern=r"^\d+\.\d+\.\d+$")
    es_port: int = Field(default=9200, ge=1024, le=65535)
    es_heap: str = Field(default="512m", pattern=r"^\d+[mg]$")
    es_cache_dir: Path = PROJECT_ROOT / ".cache"

    # Unset: production refuses to start; development and test use a per-install key under home.
    secret_key: SecretStr | None = None
    timezone: str = "Asia/Shanghai"
    # jieba backend for the classifier; rjieba is tested to give jieba's tokens (tests/unit/classifier).
    classifier_tokenizer: Literal["jieba", "rjieba"] = "rjieba"
    classifier_second_stage: bool = Field(default=True, description="use the model's second stage when it has one")
    contact_email: str = "trustwatch@example.org"
    base_url: str = "http://127.0.0.1:8000"

    # Alerts (alerts/): clustering, policy, delivery and channels. Secrets only as SecretStr.
    alert_event_window_days: int = Field(default=21, ge=1, description="how long an event takes follow-ups")
    alert_auto_dispatch_severity: Literal["low", "medium", "high", "critical", "never"] = "high"
    alert_dry_run: bool = False
    alert_max_attempts: int = Field(default=8, ge=1)
    alert_backoff_seconds: float = Field(default=30.0, gt=0)
    alert_backoff_max_seconds: float = Field(default=3600.0, gt=0)
    alert_lease_seconds: float = Field(default=300.0, gt=0)
    alert_ack_token_days: int = Field(default=7, ge=1)
    alert_channels: list[str] = ["email", "wecom", "dingtalk", "feishu", "webhook", "sms"]
    smtp_host: str | None = None
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    smtp_sender: str = "trustwatch@example.org"
    smtp_timeout: float = Field(default=20.0, gt=0)
    smtp_ca_file: Path | None = Field(default=None, description="CA bundle for the SMTP server's certificate")
    dingtalk_secret: SecretStr | None = None
    feishu_secret: SecretStr | None = None
    webhook_secret: SecretStr | None = None
    sms_gateway_url: str | None = None
    sms_api_key: SecretStr | None = None
    # Options of channels without settings of their own, e.g. '{"sms": {"timeout": 5}}' (alerts.channels).
    channel_options: dict[str, dict[str, Any]] = {}

    # Service (trustwatch/service/): schedules of the daily jobs (local time) and crawl subprocess limits.
    demo_base_url: str | None = Field(default=None, description="the demo news site, for {demo_base_url} in sources")
    digest_time: str = Field(default="08:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    retrain_time: str = Field(default="02:30", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    retrain_eval_path: Path | None = Field(default=None, description="labelled JSONL the nightly retrain scores on")
    # Hand-labelled real news (JSONL with source_repo) the nightly retrain trains on and cross-validates by
    # source, as the shipped model was; empty: seed corpus and review decisions only. Never copied.
    classifier_real_data: list[Path] = Field(default_factory=list)
    # General news (auto-labelled none rows) for the alert volume; never trained on.
    classifier_volume_stream: Path | None = None
    classifier_target_recall: float = Field(default=0.90, gt=0, le=1)
    classifier_volume_limit: float = Field(default=0.03, gt=0, le=1, description="share of general news flagged")
    crawl_timeout_seconds: float = Field(default=1800.0, gt=0)
    crawl_stop_grace_seconds: float = Field(default=30.0, gt=0)
    # The scheduler classifies in a child process that exits after this long without work (its
    # ~250 MiB of model and compiler given back); the next pass starts it again (a few seconds).
    classifier_idle_seconds: float = Field(default=300.0, gt=0)
    # /metrics names sources and volumes: without a token only loopback clients may scrape it.
    metrics_token: SecretStr | None = None
    # Reverse proxies (addresses or networks) whose X-Forwarded-For names the real client: sign-in
    # throttling and the sessions list need it, or every visitor would share the proxy's address.
    trusted_proxies: list[str] = []

    # Crawler (crawler/): per-page bounds, and the "now" relative dates (3小时前) count back from.
    crawl_page_timeout: float = Field(default=30.0, gt=0, description="seconds per page download")
    crawl_max_page_bytes: int = Field(default=2 * 1024 * 1024, ge=1024, description="bigger pages are errors")
    crawl_now: datetime | None = Field(default=None, description="reference time for relative dates (tests)")
    # The shared crawl frontier (crawler/frontier.py): unset, a crawl runs in its own process alone;
    # set, `trustwatch crawler-worker` processes share one queue and seen-set in this Redis, and
    # `trustwatch crawl` (or the scheduler) seeds a cycle per source and waits for the workers.
    redis_url: str | None = Field(default=None, description="redis://host:port/db of the shared crawl frontier")
    # Requests per second one site receives from all workers together (a token bucket in Redis).
    crawl_domain_rate: float = Field(default=2.0, gt=0, description="requests/s per site over all crawler workers")
    crawl_domain_burst: int = Field(default=4, ge=1, description="requests a site may receive at once after a pause")

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> "Settings":
        given = self.secret_key.get_secret_value() if self.secret_key is not None else None
        if self.env == "production":
            if not given:
                raise ValueError("TRUSTWATCH_SECRET_KEY must be set in production "
                                 "(run `trustwatch secret generate`)")
            problem = secret_key_problem(given)
            if problem:
                raise ValueError(f"TRUSTWATCH_SECRET_KEY {problem}")
        elif not given or given == DEFAULT_SECRET:
            self.secret_key = SecretStr(_install_secret(self.home))
        return self

    @property
    def database_url(self) -> str:
        """The SQLAlchemy URL of the system of record (SQLite file under home by default)."""
        if self.db_url:
            return self.db_url
        return f"sqlite:///{self.home / 'trustwatch.db'}"

    @property
    def local_es(self) -> bool:
        """True when Trustwatch runs its own Elasticsearch rather than an existing cluster."""
        return not self.es_url

    @property
    def elasticsearch_url(self) -> str:
        """Where the search index lives."""
        return self.es_url or f"http://127.0.0.1:{self.es_port}"

    @cached_property
    def models_dir(self) -> Path:
        """Where versioned classifier artifacts are written."""
        return self.home / "models"


def load_settings(**overrides) -> Settings:
    """Build the settings, turning a validation failure into one clear message naming the variable."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"]) or "settings"
            name = f"TRUSTWATCH_{loc.upper()}" if loc != "settings" else "settings"
            problems.append(f"{name}: {err['msg']}")
        raise SettingsError("invalid configuration: " + "; ".join(problems)) from None
