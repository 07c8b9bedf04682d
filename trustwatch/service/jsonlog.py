"""Structured logs: one JSON object per line, with the fields a job log needs (job, duration, error)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys

# Attributes every LogRecord has; anything else passed through `extra=` is emitted as a field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName",
                                                                          "color_message"}  # uvicorn's ANSI copy
MAX_FIELD = 2000  # bound each value: errors may quote crawled text


def _bounded(value):
    if isinstance(value, str | int | float | bool) or value is None:
        return value[:MAX_FIELD] if isinstance(value, str) else value
    return str(value)[:MAX_FIELD]


class JsonFormatter(logging.Formatter):
    """Formats a record as a JSON line: time, level, logger, message and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage()[:MAX_FIELD],
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = _bounded(value)
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)[-4000:]
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """Human-readable lines that still show the structured fields (job=..., duration_s=...)."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = [f"{k}={_bounded(v)}" for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")]
        return f"{line} {' '.join(fields)}" if fields else line


class _SkipBusyRuns(logging.Filter):
    """Drop APScheduler's warning for a run skipped because the previous one is still going (a slow crawl):
    that is the intended max_instances=1 behaviour, not a fault."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances reached" not in record.getMessage()


def configure_logging(fmt: str = "json", verbose: bool = False) -> None:
    """Route all logging to stderr, as JSON lines (`json`) or human text (`text`)."""
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(TextFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    quiet_libraries(verbose)
    logging.getLogger("apscheduler.scheduler").addFilter(_SkipBusyRuns())


# Libraries that log routine work at INFO; the project logs each meaningful step once itself.
_CHATTY = (
    "apscheduler",        # every run; the job wrapper logs each one with its duration
    "alembic",            # ~9 lines of plugin setup and context on every command that opens the database
    "mail.log",           # aiosmtpd (the demo's mail folder): one line per SMTP command
    "elastic_transport",  # one line per HTTP request
    "uvicorn.access",     # one line per web request
)


def quiet_libraries(verbose: bool = False) -> None:
    """Chatty libraries log warnings only (everything at DEBUG with -v/--verbose)."""
    for name in _CHATTY:
        logging.getLogger(name).setLevel(logging.DEBUG if verbose else logging.WARNING)
