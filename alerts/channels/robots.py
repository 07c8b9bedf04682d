"""Group robots: WeCom (企业微信), DingTalk (钉钉, signed webhook) and Feishu (飞书, signed webhook).

Written with httpx rather than apprise so each failure can be sorted into retryable or not by the
robot's own error codes, and so the signing schemes are visible and tested.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import urllib.parse

from alerts.channels.base import Channel, Message, PermanentDeliveryError, TransientDeliveryError
from alerts.channels.http import json_body, post_json

MAX_TEXT = 1800  # robots cut long texts; keep the ack link inside


def _text(message: Message) -> str:
    body = message.body
    return body if len(body) <= MAX_TEXT else body[: MAX_TEXT - 1] + "…"


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk: base64(HMAC-SHA256(key=secret, msg="timestamp\\nsecret")), URL-encoded."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode())


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu: base64(HMAC-SHA256(key="timestamp\\nsecret", msg=empty))."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _raise_for_code(what: str, code, retry_codes: set[int]) -> None:
    """A robot answered 200 with an error code: retryable when the code means busy or rate-limited."""
    if code:
        err = TransientDeliveryError if code in retry_codes else PermanentDeliveryError
        raise err(f"{what} {code}")


class WeComRobot(Channel):
    """企业微信群机器人: POST text to the robot's webhook URL (its `key` is the secret)."""

    name = "wecom"
    optional_options = {"timeout": 10.0}
    RETRY_CODES = {-1, 45009, 45033}  # system busy, rate limited, too many concurrent calls

    def deliver(self, message: Message) -> None:
        resp = post_json(message.recipient, {"msgtype": "text", "text": {"content": _text(message)}},
                         timeout=self.options["timeout"])
        _raise_for_code("wecom errcode", json_body(resp).get("errcode", 0), self.RETRY_CODES)


class DingTalkRobot(Channel):
    """钉钉群机器人 with 加签: timestamp and sign appended to the webhook URL."""

    name = "dingtalk"
    required_options = {"secret": "the robot's signing secret (SEC...), TRUSTWATCH_DINGTALK_SECRET"}
    optional_options = {"timeout": 10.0}
    secret_options = ("secret",)
    settings_fields = {"secret": "dingtalk_secret"}
    RETRY_CODES = {-1, 130101, 130102}  # busy, sending too fast

    def signed_url(self, url: str, now_ms: int | None = None) -> str:
        """The webhook URL with DingTalk's timestamp and sign parameters."""
        ts = now_ms if now_ms is not None else int(time.time() * 1000)
        sep = "&" if "?" in url else "?"
        return f"{url}{sep}timestamp={ts}&sign={dingtalk_sign(self.secret('secret'), ts)}"

    def deliver(self, message: Message) -> None:
        resp = post_json(self.signed_url(message.recipient),
                         {"msgtype": "text", "text": {"content": _text(message)}}, timeout=self.options["timeout"])
        _raise_for_code("dingtalk errcode", json_body(resp).get("errcode", 0), self.RETRY_CODES)


class FeishuRobot(Channel):
    """飞书群机器人 with 签名校验: timestamp and sign in the JSON body."""

    name = "feishu"
    required_options = {"secret": "the robot's signing secret, TRUSTWATCH_FEISHU_SECRET"}
    optional_options = {"timeout": 10.0}
    secret_options = ("secret",)
    settings_fields = {"secret": "feishu_secret"}
    RETRY_CODES = {9499, 11232, 11233}  # rate limits

    def payload(self, message: Message, now_s: int | None = None) -> dict:
        """The signed request body."""
        ts = now_s if now_s is not None else int(time.time())
        return {"timestamp": str(ts), "sign": feishu_sign(self.secret("secret"), ts), "msg_type": "text",
                "content": {"text": _text(message)}}

    def deliver(self, message: Message) -> None:
        resp = post_json(message.recipient, self.payload(message), timeout=self.options["timeout"])
        data = json_body(resp)
        _raise_for_code("feishu code", data.get("code", data.get("StatusCode", 0)), self.RETRY_CODES)
