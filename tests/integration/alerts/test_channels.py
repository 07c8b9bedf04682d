"""Each channel against a real local HTTP receiver: signatures checked the way the real services check
them, failures sorted into retryable or not, dry-run, and no secret in any log line or error."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import urllib.parse

import pytest

from alerts.channels import (
    CHANNELS,
    ChannelConfigError,
    Message,
    PermanentDeliveryError,
    TransientDeliveryError,
    build_channel,
)
from alerts.channels.webhook import webhook_signature

MSG = Message("", "【诚信哨兵·食品安全】测试事件（海丰县）", "事件：测试\n确认收到：http://127.0.0.1:8000/ack/abc", "tw-1-notify-1-x-y")
DING_SECRET = "SECdingtalk0123456789abcdef"
FEISHU_SECRET = "feishu-signing-secret-42"
HOOK_SECRET = "webhook-shared-secret-77"
TOKEN = "access0token0value0deadbeef"


def to(url):
    return Message(url, MSG.subject, MSG.body, MSG.idempotency_key)


def test_registry_knows_every_channel_and_checks_required_options():
    assert sorted(CHANNELS) == ["dingtalk", "email", "feishu", "sms", "webhook", "wecom"]
    with pytest.raises(ChannelConfigError) as err:
        build_channel("dingtalk", {})
    assert str(err.value) == ("channel 'dingtalk' is missing required option(s): secret (the robot's signing secret "
                              "(SEC...), TRUSTWATCH_DINGTALK_SECRET)")
    with pytest.raises(ChannelConfigError, match="unknown option"):
        build_channel("email", {"host": "h", "sender": "a@example.org", "pasword": "x"})
    with pytest.raises(ChannelConfigError, match="unknown channel 'telegram'"):
        build_channel("telegram", {})


def test_dingtalk_signs_the_webhook_as_dingtalk_verifies_it(http_receiver):
    ch = build_channel("dingtalk", {"secret": DING_SECRET})
    ch.send(to(f"{http_receiver.url}/robot/send?access_token={TOKEN}"))
    (req,) = http_receiver.rec.requests
    ts = req["query"]["timestamp"][0]
    expected = base64.b64encode(hmac.new(DING_SECRET.encode(), f"{ts}\n{DING_SECRET}".encode(), hashlib.sha256).digest())
    assert req["query"]["sign"][0] == expected.decode()  # parse_qs undoes the URL-encoding
    assert req["query"]["access_token"] == [TOKEN]
    assert req["json"] == {"msgtype": "text", "text": {"content": MSG.body}}


def test_feishu_signs_the_body_as_feishu_verifies_it(http_receiver):
    http_receiver.rec.reply = {"code": 0, "msg": "success"}
    build_channel("feishu", {"secret": FEISHU_SECRET}).send(to(f"{http_receiver.url}/open-apis/bot/v2/hook/abc12345678"))
    body = http_receiver.rec.requests[0]["json"]
    string_to_sign = f"{body['timestamp']}\n{FEISHU_SECRET}"
    assert body["sign"] == base64.b64encode(hmac.new(string_to_sign.encode(), b"", hashlib.sha256).digest()).decode()
    assert body["msg_type"] == "text" and body["content"]["text"] == MSG.body


def test_wecom_posts_text_and_reads_errcode(http_receiver):
    build_channel("wecom", {}).send(to(f"{http_receiver.url}/cgi-bin/webhook/send?key={TOKEN}"))
    assert http_receiver.rec.requests[0]["json"]["text"]["content"] == MSG.body
    http_receiver.rec.reply = {"errcode": 45009, "errmsg": "api freq out of limit"}
    with pytest.raises(TransientDeliveryError, match="45009"):
        build_channel("wecom", {}).send(to(f"{http_receiver.url}/cgi-bin/webhook/send?key={TOKEN}"))
    http_receiver.rec.reply = {"errcode": 93000, "errmsg": "invalid webhook url"}
    with pytest.raises(PermanentDeliveryError, match="93000"):
        build_channel("wecom", {}).send(to(f"{http_receiver.url}/cgi-bin/webhook/send?key={TOKEN}"))


def test_generic_webhook_carries_an_hmac_signature_and_the_idempotency_key(http_receiver):
    build_channel("webhook", {"secret": HOOK_SECRET}).send(to(f"{http_receiver.url}/hooks/trustwatch"))
    req = http_receiver.rec.requests[0]
    h = {k.lower(): v for k, v in req["headers"].items()}
    assert h["x-trustwatch-signature"] == webhook_signature(HOOK_SECRET, h["x-trustwatch-timestamp"], req["raw"])
    assert h["idempotency-key"] == MSG.idempotency_key
    assert req["json"]["subject"] == MSG.subject


def test_sms_gateway_gets_headline_and_ack_link_with_bearer_key(http_receiver):
    ch = build_channel("sms", {"url": f"{http_receiver.url}/sms/send", "api_key": "sms-api-key-123456"})
    ch.send(to("+86-555-0100-0001"))
    req = http_receiver.rec.requests[0]
    assert req["headers"]["Authorization"] == "Bearer sms-api-key-123456"
    assert req["json"]["to"] == "+86-555-0100-0001"
    assert "测试事件" in req["json"]["text"] and "/ack/abc" in req["json"]["text"]


@pytest.mark.parametrize("status,error", [(500, TransientDeliveryError), (503, TransientDeliveryError),
                                          (429, TransientDeliveryError), (400, PermanentDeliveryError),
                                          (404, PermanentDeliveryError)])
def test_http_status_says_whether_a_retry_can_help(http_receiver, status, error):
    http_receiver.rec.status = status
    with pytest.raises(error) as err:
        build_channel("webhook", {"secret": HOOK_SECRET}).send(to(f"{http_receiver.url}/hooks/x"))
    assert err.value.retryable is (error is TransientDeliveryError)


def test_unreachable_server_is_transient():
    from alertkit import free_port

    with pytest.raises(TransientDeliveryError, match="ConnectError"):
        build_channel("wecom", {}).send(to(f"http://127.0.0.1:{free_port()}/cgi-bin/webhook/send?key={TOKEN}"))


def test_dry_run_sends_nothing(http_receiver):
    ch = build_channel("dingtalk", {"secret": DING_SECRET}, dry_run=True)
    ch.send(to(f"{http_receiver.url}/robot/send?access_token={TOKEN}"))
    assert http_receiver.rec.requests == [] and len(ch.dry_run_sent) == 1


def test_no_secret_in_any_log_line_or_error_message(http_receiver, caplog):
    caplog.set_level(logging.DEBUG)
    secrets = [DING_SECRET, TOKEN, urllib.parse.quote_plus(TOKEN), FEISHU_SECRET, HOOK_SECRET, "sms-api-key-123456",
               "smtp-password-s3cret"]
    errors = []
    for status, reply in ((500, {}), (200, {"errcode": 310000, "errmsg": f"sign not match {DING_SECRET}"}), (400, {})):
        http_receiver.rec.status, http_receiver.rec.reply = status, reply
        for name, opts, url in (
            ("dingtalk", {"secret": DING_SECRET}, f"{http_receiver.url}/robot/send?access_token={TOKEN}"),
            ("dingtalk", {"secret": DING_SECRET}, f"{http_receiver.url}/robot/send?access_token={TOKEN}"),
            ("feishu", {"secret": FEISHU_SECRET}, f"{http_receiver.url}/open-apis/bot/v2/hook/{TOKEN}"),
            ("wecom", {}, f"{http_receiver.url}/cgi-bin/webhook/send?key={TOKEN}"),
            ("webhook", {"secret": HOOK_SECRET}, f"{http_receiver.url}/hooks/x?token={TOKEN}"),
            ("sms", {"url": f"{http_receiver.url}/sms?key={TOKEN}", "api_key": "sms-api-key-123456"}, "+86-555"),
        ):
            try:
                build_channel(name, opts).send(to(url))
            except (TransientDeliveryError, PermanentDeliveryError) as exc:
                errors.append(f"{exc!r} {exc}")
    from alertkit import free_port

    try:
        build_channel("email", {"host": "127.0.0.1", "port": free_port(), "sender": "a@example.org",
                                "username": "u", "password": "smtp-password-s3cret"}).send(to("x@example.org"))
    except TransientDeliveryError as exc:
        errors.append(f"{exc!r} {exc}")
    assert len(errors) == 16
    text = caplog.text + "\n".join(errors)
    assert "HTTP Request: POST" in caplog.text  # httpx did log the requests, redacted
    for secret in secrets:
        assert secret not in text
    from alerts.channels.redact import redact

    assert redact(f"http://h/robot/send?access_token={TOKEN}&timestamp=1") == "http://h/robot/send?access_token=***&timestamp=***"
    assert redact("smtp://user:pw@host:25") == "smtp://***@host:25"


def test_dispatch_command_in_dry_run_sends_nothing_and_marks_sent(db, http_receiver, monkeypatch, capsys):

    from store.models import Alert, Delivery, Department, Event
    from trustwatch.cli import main

    with db.session() as s:
        dept = Department(code="sw-amr", name="汕尾市市场监督管理局", contacts={})
        ev = Event(title="演练", label="food")
        s.add_all([dept, ev])
        s.flush()
        al = Alert(event_id=ev.id, department_id=dept.id)
        s.add(al)
        s.flush()
        s.add(Delivery(alert_id=al.id, channel="webhook", recipient=f"{http_receiver.url}/hooks/x?token={TOKEN}",
                       idempotency_key="dry-1", subject="演练", body="演练"))
    monkeypatch.setenv("TRUSTWATCH_DB_URL", db.url)
    monkeypatch.setenv("TRUSTWATCH_WEBHOOK_SECRET", HOOK_SECRET)
    monkeypatch.setenv("TRUSTWATCH_ALERT_CHANNELS", '["webhook"]')
    assert main(["dispatch", "--dry-run"]) == 0
    assert "sent 1" in capsys.readouterr().out
    assert http_receiver.rec.requests == []
    assert main(["deliveries", "list"]) == 0
    out = capsys.readouterr().out
    assert "\tsent\twebhook\t" in out and TOKEN not in out and "token=***" in out
