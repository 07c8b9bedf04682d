"""`serve` (web + scheduler) and `worker` (scheduler alone): run until SIGTERM/SIGINT, then stop cleanly."""

from __future__ import annotations

import logging
import sys
import threading

from trustwatch.service.runtime import Service, ServiceOptions, StopSignals
from trustwatch.service.schedules import ServiceConfigError

log = logging.getLogger("trustwatch.service")


def _fail(exc: Exception) -> int:
    print(f"trustwatch: 无法启动：{exc}", file=sys.stderr)
    return 2


def check_port(host: str, port: int) -> None:
    """Fail before anything starts when the web port is taken, with a message that says what to do."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise ServiceConfigError(f"无法监听 {host}:{port}（{exc.strerror}）：端口可能已被占用，请用 --port 指定其他端口") from None


def run_worker(settings, options: ServiceOptions, signals: StopSignals | None = None) -> int:
    """Run the scheduler until a stop signal; 0 on a clean stop, 2 when the configuration is invalid,
    3 when another scheduler took the lease over, 4 when APScheduler's thread died (restart it)."""
    signals = signals or StopSignals().install()
    service = Service(settings, options)
    try:
        if not service.start(stop=signals.event):
            return 0  # a standby stopped before it led
    except ServiceConfigError as exc:
        return _fail(exc)
    service.on_lease_lost.append(signals.event.set)
    try:
        signals.event.wait()
    finally:
        service.stop()
    code = 0
    if service.lease_lost.is_set():
        print("trustwatch: 调度器租约已被另一个进程接管（本进程曾暂停超过租约时长），已停止调度并退出"
              "（退出码 3；以 --standby 重启即成为备用调度器）", file=sys.stderr)
        code = 3
    elif service.scheduler_died.is_set():
        print("trustwatch: 调度线程意外退出，已停止调度并退出（退出码 4）；请由进程管理器（如 systemd 的 "
              "Restart=always）重启本进程", file=sys.stderr)
        code = 4
    if service.abandoned:
        # A former leader left jobs running (their work belongs to the scheduler that leads now); their
        # threads would keep the interpreter from exiting, which joins them.
        print(f"trustwatch: 仍在运行的任务（{'、'.join(service.abandoned)}）已交给当前的调度器，本进程直接退出",
              file=sys.stderr)
        _exit_now(code)
    return code


def _exit_now(code: int) -> None:
    """Exit without waiting for threads: the logs and output are flushed first."""
    import os

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def run_serve(settings, options: ServiceOptions, host: str, port: int, with_scheduler: bool = True,
              signals: StopSignals | None = None, on_started=None) -> int:
    """Serve the web app (with /metrics and /healthz) and, unless told otherwise, the scheduler."""
    import uvicorn

    from trustwatch.service.webapp import build_app

    signals = signals or StopSignals().install()
    service = Service(settings, options)
    try:
        check_port(host, port)
    except ServiceConfigError as exc:
        return _fail(exc)
    if with_scheduler:
        try:
            service.start()
        except ServiceConfigError as exc:
            return _fail(exc)
    try:
        app = build_app(settings, service.db, lambda: service.scheduler if with_scheduler else None)
        config = uvicorn.Config(app, host=host, port=port, log_config=None, access_log=False,
                                timeout_graceful_shutdown=10)
        server = uvicorn.Server(config)
        signals.callbacks.append(lambda: setattr(server, "should_exit", True))
        if on_started is not None:
            threading.Thread(target=_announce, args=(server, on_started, signals.event), daemon=True).start()
        if not signals.event.is_set():
            server.run()
    finally:
        if with_scheduler:
            service.stop()
    return 0


def _announce(server, on_started, stop: threading.Event) -> None:
    """Call on_started(url) once uvicorn listens."""
    while not server.started and not stop.wait(0.1):
        pass
    if server.started:
        sockets = [s for srv in getattr(server, "servers", []) for s in srv.sockets]
        if sockets:
            host, port = sockets[0].getsockname()[:2]
            on_started(f"http://{host}:{port}")
