"""E-mail over SMTP (smtplib): plain, implicit TLS or STARTTLS, optional auth; Message-ID = idempotency key."""

from __future__ import annotations

import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formatdate

from alerts.channels.base import Channel, Message, PermanentDeliveryError, TransientDeliveryError


class SmtpEmail(Channel):
    """Sends one mail per recipient; a duplicate after a crash carries the same Message-ID."""

    name = "email"
    required_options = {"host": "the SMTP server, TRUSTWATCH_SMTP_HOST",
                        "sender": "the From address, TRUSTWATCH_SMTP_SENDER"}
    optional_options = {"port": 25, "username": None, "password": None, "starttls": False, "ssl": False,
                        "timeout": 20.0, "domain": "trustwatch.local", "ca_file": None}
    secret_options = ("password",)
    settings_fields = {"host": "smtp_host", "port": "smtp_port", "sender": "smtp_sender", "username": "smtp_username",
                       "password": "smtp_password", "starttls": "smtp_starttls", "ssl": "smtp_ssl",
                       "timeout": "smtp_timeout", "ca_file": "smtp_ca_file"}

    def build(self, message: Message) -> EmailMessage:
        """The MIME message (UTF-8, so Chinese subjects and bodies survive)."""
        msg = EmailMessage()
        msg["From"] = self.options["sender"]
        msg["To"] = message.recipient
        msg["Subject"] = message.subject
        msg["Date"] = formatdate(localtime=False)
        msg["Message-ID"] = f"<{message.idempotency_key}@{self.options['domain']}>"
        msg["X-Trustwatch-Idempotency-Key"] = message.idempotency_key
        msg.set_content(message.body, charset="utf-8")
        return msg

    def deliver(self, message: Message) -> None:
        o = self.options
        # Certificates are always verified; a private CA is given with ca_file, never by turning checks off.
        tls = ssl.create_default_context(cafile=str(o["ca_file"]) if o["ca_file"] else None)
        try:
            if o["ssl"]:
                smtp = smtplib.SMTP_SSL(o["host"], int(o["port"]), timeout=o["timeout"], context=tls)
            else:
                smtp = smtplib.SMTP(o["host"], int(o["port"]), timeout=o["timeout"])
            with smtp:
                if o["starttls"] and not o["ssl"]:
                    smtp.starttls(context=tls)
                if o["username"]:
                    smtp.login(o["username"], self.secret("password") or "")
                refused = smtp.send_message(self.build(message))
        except smtplib.SMTPAuthenticationError as exc:
            raise PermanentDeliveryError(f"SMTP authentication failed ({exc.smtp_code})") from None
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [c for c, _ in exc.recipients.values()]
            err = TransientDeliveryError if all(400 <= c < 500 for c in codes) else PermanentDeliveryError
            raise err(f"SMTP refused the recipient (codes {codes})") from None
        except smtplib.SMTPResponseException as exc:
            err = TransientDeliveryError if 400 <= exc.smtp_code < 500 else PermanentDeliveryError
            raise err(f"SMTP error {exc.smtp_code}") from None
        except smtplib.SMTPNotSupportedError:
            raise PermanentDeliveryError("the SMTP server does not support STARTTLS or AUTH as configured") from None
        except (OSError, smtplib.SMTPException) as exc:  # refused, reset, timeout, DNS, TLS
            kind = "timeout" if isinstance(exc, (socket.timeout, TimeoutError)) else type(exc).__name__
            raise TransientDeliveryError(f"SMTP server {o['host']}:{o['port']} unreachable ({kind})") from None
        if refused:
            raise PermanentDeliveryError(f"SMTP refused {len(refused)} recipient(s)")
