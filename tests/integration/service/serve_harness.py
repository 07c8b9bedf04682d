"""Runs `trustwatch serve` as a real subprocess against a demo site, a local SMTP server and the real ES."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

import httpx

from trustwatch.service.crawl_process import settings_env
from trustwatch.service.mailsink import free_port


class MailCatcher:
    """aiosmtpd handler recording every message with its arrival time (monotonic and wall clock)."""

    def __init__(self):
        self.messages: list[dict] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        msg = message_from_bytes(envelope.original_content or envelope.content)
        body = msg.get_payload(decode=True) or b""
        with self.lock:
            self.messages.append({
                "at": time.time(), "to": list(envelope.rcpt_tos), "message_id": msg.get("Message-ID"),
                "subject": str(make_header(decode_header(msg.get("Subject", "")))),
                "body": body.decode(msg.get_content_charset() or "utf-8", "replace"),
            })
        return "250 OK"

    def matching(self, text: str) -> list[dict]:
        with self.lock:
            return [m for m in self.messages if text in m["subject"] or text in m["body"]]


def start_smtp(catcher: MailCatcher):
    """A real SMTP server on 127.0.0.1 with an OS-picked free port."""
    from aiosmtpd.controller import Controller

    controller = Controller(catcher, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller


class ServeProcess:
    """`trustwatch serve` in a subprocess with exactly the given settings; logs go to files."""

    def __init__(self, settings, workdir: Path, *args: str):
        self.settings = settings
        self.workdir = Path(workdir)
        self.args = args
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.runs = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "ServeProcess":
        env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTWATCH_")}
        env.update(settings_env(self.settings))
        self.runs += 1
        self.log_path = self.workdir / f"serve-{self.runs}.log"
        out = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "trustwatch.cli", "serve", "--port", str(self.port), *self.args],
            env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        out.close()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"serve exited with {self.proc.returncode}:\n{self.log()[-3000:]}")
            try:
                httpx.get(self.url + "/healthz", timeout=5)
                return self
            except httpx.TransportError:
                time.sleep(0.3)
        raise AssertionError("serve did not answer within 90 s:\n" + self.log()[-3000:])

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def terminate(self, timeout: float = 90) -> int:
        """SIGTERM and wait; returns the exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError("serve did not stop within 90 s of SIGTERM:\n" + self.log()[-3000:]) from None


def wait_until(predicate, timeout: float, interval: float = 0.5, what: str = "condition"):
    """Poll `predicate` until it returns something truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
