"""E-mail over STARTTLS with authentication against a real aiosmtpd server using a self-signed certificate."""

from __future__ import annotations

import logging
import ssl

import pytest
from alertkit import RecordingSmtpHandler, free_port

from alerts.channels import Message, PermanentDeliveryError, TransientDeliveryError, build_channel

PASSWORD = "mail-relay-password-9f8e7d"


def self_signed(folder):
    """A throw-away certificate for 127.0.0.1 (cryptography ships with the project's dependencies)."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture
def tls_smtp(tmp_path):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    cert, key = self_signed(tmp_path)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"trustwatch" and auth_data.password == PASSWORD.encode()
        logins.append((auth_data.login, ok))
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself

    handler = RecordingSmtpHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, tls_context=ctx, require_starttls=True,
                            auth_required=True, authenticator=authenticator)
    controller.start()
    yield {"port": port, "cert": cert, "handler": handler, "logins": logins}
    controller.stop()


def channel(tls_smtp, **over):
    opts = {"host": "127.0.0.1", "port": tls_smtp["port"], "sender": "trustwatch@example.org", "starttls": True,
            "username": "trustwatch", "password": PASSWORD, "ca_file": tls_smtp["cert"]}
    return build_channel("email", {**opts, **over})


MSG = Message("amr@haifeng.example.org", "【诚信哨兵·食品安全】测试（海丰县）", "事件：测试\n确认收到：http://x/ack/t", "tw-9-notify-1-email-ab")


def test_starttls_and_login_deliver_a_chinese_mail(tls_smtp):
    channel(tls_smtp).send(MSG)
    (m,) = tls_smtp["handler"].messages
    assert m["to"] == ["amr@haifeng.example.org"] and m["subject"] == MSG.subject
    assert "确认收到" in m["body"] and m["message_id"] == "<tw-9-notify-1-email-ab@trustwatch.local>"
    assert tls_smtp["logins"] == [(b"trustwatch", True)]


def test_wrong_password_is_permanent_and_never_shown(tls_smtp, caplog):
    caplog.set_level(logging.DEBUG)
    with pytest.raises(PermanentDeliveryError) as err:
        channel(tls_smtp, password="wrong-password-123").send(MSG)
    assert "authentication failed" in str(err.value)
    assert "wrong-password-123" not in str(err.value) + caplog.text


def test_without_starttls_the_server_refuses_and_an_untrusted_certificate_fails(tls_smtp):
    with pytest.raises(PermanentDeliveryError):
        channel(tls_smtp, starttls=False).send(MSG)  # 530 must issue STARTTLS first
    with pytest.raises(TransientDeliveryError):
        channel(tls_smtp, ca_file=None).send(MSG)  # self-signed: verification fails, nothing sent
    assert tls_smtp["handler"].messages == []
