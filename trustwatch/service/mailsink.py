"""A local SMTP server for the demo: every message is saved as an .eml file to read offline."""

from __future__ import annotations

import socket
import time
from pathlib import Path


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port the OS reports free right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class MailFolderHandler:
    """aiosmtpd handler: writes each message to `folder` as <time>-<n>.eml."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.count += 1
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{self.count:05d}.eml"
        (self.folder / name).write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted"


def start_mail_folder(folder: Path, host: str = "127.0.0.1"):
    """Start an SMTP server on a free port saving mail into `folder`; returns the aiosmtpd Controller."""
    from aiosmtpd.controller import Controller

    controller = Controller(MailFolderHandler(folder), hostname=host, port=free_port(host))
    controller.start()
    return controller
