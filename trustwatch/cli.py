"""The `trustwatch` command line: each package registers its own sub-commands."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from trustwatch import __version__
from trustwatch.cli_help import localize
from trustwatch.service.jsonlog import quiet_libraries
from trustwatch.settings import SettingsError, load_settings

# Each module exposes register(subparsers); a sub-command sets `handler(args, settings) -> int`.
COMMAND_MODULES = (
    "trustwatch.store_cli",
    "trustwatch.crawl_cli",
    "trustwatch.classifier_cli",
    "trustwatch.alerts_cli",
    "demo.cli",
    "trustwatch.app_cli",
    "trustwatch.service_cli",
)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every registered sub-command."""
    parser = argparse.ArgumentParser(prog="trustwatch", description="诚信哨兵 Trustwatch: 失信事件监测")
    parser.add_argument("--version", action="version", version=f"trustwatch {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # the package has no commands yet
                continue
            raise
        module.register(sub)
    localize(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `trustwatch` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    quiet_libraries(args.verbose)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    if not getattr(args, "needs_settings", True):
        return int(handler(args, None) or 0)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"trustwatch: {exc}", file=sys.stderr)
        return 2
    try:
        return int(handler(args, settings) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        down = unavailable_service(exc, settings)
        if down is None:
            raise
        print(f"trustwatch {args.command}: {down}", file=sys.stderr)
        return 3


def _redacted(url: str) -> str:
    # Never print a password that is part of the URL.
    scheme, sep, rest = url.partition("://")
    return f"{scheme}{sep}{rest.rsplit('@', 1)[-1]}" if sep else url


def unavailable_service(exc: BaseException, settings) -> str | None:
    """One line naming the database or Elasticsearch that is down and how to start it, else None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        module = type(exc).__module__ or ""
        name = type(exc).__name__
        if module.startswith("sqlalchemy") and name in ("OperationalError", "InterfaceError"):
            url = settings.database_url
            hint = ("检查 TRUSTWATCH_HOME 目录是否存在且可写" if url.startswith("sqlite")
                    else "请启动 PostgreSQL（本地开发：bash scripts/postgres.sh up）或检查 TRUSTWATCH_DB_URL")
            return f"数据库不可用（{_redacted(url)}）：{hint}"
        if module.startswith(("elastic_transport", "elasticsearch")) and name in (
                "ConnectionError", "ConnectionTimeout", "TransportError", "SerializationError"):
            hint = ("请运行 trustwatch es start" if settings.local_es
                    else "检查 TRUSTWATCH_ES_URL 指向的集群是否在运行")
            return f"Elasticsearch 不可用（{_redacted(settings.elasticsearch_url)}）：{hint}"
        exc = exc.__cause__ or exc.__context__
    return None


if __name__ == "__main__":
    sys.exit(main())
