"""A generic JSON webhook signed with HMAC, and SMS through an HTTP gateway."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

from alerts.channels.base import Channel, Message
from alerts.channels.http import post_json

SIGNATURE_HEADER = "X-Trustwatch-Signature"
SMS_MAX = 300


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=` + hex HMAC-SHA256 over "timestamp.body" (the receiver recomputes and compares)."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={mac}"


class JsonWebhook(Channel):
    """POST {subject, body, idempotency_key} with an HMAC signature header and an Idempotency-Key."""

    name = "webhook"
    required_options = {"secret": "the shared HMAC secret, TRUSTWATCH_WEBHOOK_SECRET"}
    optional_options = {"timeout": 10.0}
    secret_options = ("secret",)
    settings_fields = {"secret": "webhook_secret"}

    def request(self, message: Message, now_s: int | None = None) -> tuple[bytes, dict[str, str]]:
        """The body bytes and headers of the signed request."""
        body = json.dumps({"subject": message.subject, "body": message.body,
                           "idempotency_key": message.idempotency_key}, ensure_ascii=False).encode()
        ts = str(now_s if now_s is not None else int(time.time()))
        return body, {"Content-Type": "application/json; charset=utf-8", "X-Trustwatch-Timestamp": ts,
                      SIGNATURE_HEADER: webhook_signature(self.secret("secret"), ts, body),
                      "Idempotency-Key": message.idempotency_key}

    def deliver(self, message: Message) -> None:
        body, headers = self.request(message)
        post_json(message.recipient, content=body, headers=headers, timeout=self.options["timeout"])


class SmsGateway(Channel):
    """SMS via an HTTP gateway: POST {to, text, idempotency_key} with a bearer API key."""

    name = "sms"
    required_options = {"url": "the gateway's URL, TRUSTWATCH_SMS_GATEWAY_URL",
                        "api_key": "the gateway's API key, TRUSTWATCH_SMS_API_KEY"}
    optional_options = {"timeout": 10.0}
    secret_options = ("api_key",)
    settings_fields = {"url": "sms_gateway_url", "api_key": "sms_api_key"}

    def deliver(self, message: Message) -> None:
        # A text message carries the headline and the ack link, not the whole report.
        lines = message.body.splitlines()
        link = next((ln for ln in lines if ln.startswith("确认收到")), "")
        text = f"{message.subject[:120]} {link}"[:SMS_MAX]
        post_json(self.options["url"], {"to": message.recipient, "text": text,
                                        "idempotency_key": message.idempotency_key},
                  headers={"Authorization": f"Bearer {self.secret('api_key')}",
                           "Idempotency-Key": message.idempotency_key}, timeout=self.options["timeout"])
