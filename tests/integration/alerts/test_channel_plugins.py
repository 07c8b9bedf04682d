"""A channel defined outside the project is found through its entry point (group trustwatch.channels)
and delivers alerts with no edit to alerts/channels (issue 13, item 2)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alertkit import DEPARTMENTS

from alerts.channels import CHANNELS, build_channels, load_channels
from alerts.dispatcher import dispatch_due
from alerts.pipeline import process_pending
from store.models import Article
from trustwatch.configs import alerting_config

ROOT = Path(__file__).resolve().parents[3]
PLUGIN = '''\
from alerts.channels import Channel, PermanentDeliveryError

SENT = []


class Pager(Channel):
    """A made-up paging service of another distribution."""

    name = "pager"
    required_options = {"desk": "the duty desk that pages"}

    def deliver(self, message):
        if not message.recipient.startswith("desk-"):
            raise PermanentDeliveryError(f"not a pager number: {message.recipient}")
        SENT.append((self.options["desk"], message.recipient, message.subject))
'''


def _install_plugin(folder: Path, group: str = "trustwatch.channels", target: str = "tw_pager_plugin:Pager",
                    name: str = "pager") -> Path:
    """What `pip install` leaves for a distribution with one channel: its module and its dist-info."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tw_pager_plugin.py").write_text(PLUGIN, encoding="utf-8")
    info = folder / "tw_pager_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tw-pager-plugin\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[{group}]\n{name} = {target}\n", encoding="utf-8")
    return folder


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    folder = _install_plugin(tmp_path / "site")
    monkeypatch.syspath_prepend(str(folder))
    yield folder
    CHANNELS.pop("pager", None)
    sys.modules.pop("tw_pager_plugin", None)


def test_an_installed_channel_is_registered_when_the_package_is_imported(plugin):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(plugin), str(ROOT)])}
    out = subprocess.run([sys.executable, "-c", "import alerts.channels as c; print(' '.join(sorted(c.CHANNELS)))"],
                         capture_output=True, text=True, env=env, cwd=plugin, timeout=120, check=True).stdout
    assert out.split() == ["dingtalk", "email", "feishu", "pager", "sms", "webhook", "wecom"]


def test_the_outside_channel_delivers_an_alert(plugin, db, alert_settings, tmp_path):
    load_channels()
    import tw_pager_plugin

    assert CHANNELS["pager"] is tw_pager_plugin.Pager
    departments = DEPARTMENTS.replace("contacts: {email: [wx@propaganda.example.org]}",
                                      "contacts: {email: [wx@propaganda.example.org], pager: [desk-0660]}")
    (alert_settings.config_dir / "departments.yaml").write_text(departments, encoding="utf-8")
    settings = alert_settings.model_copy(update={"alert_channels": ["pager"],
                                                 "channel_options": {"pager": {"desk": "市委网信办值班台"}}})
    config = alerting_config(settings)
    channels, problems = build_channels(config)
    assert not problems and list(channels) == ["pager"]

    now = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.timezone.utc)
    with db.session() as s:
        s.add(Article(url="https://news.example.cn/pager/1", title="海丰县一酒楼多人食物中毒", body="海丰县一酒楼多名食客就餐后腹泻。",
                      district="海丰县", content_hash="pager-1", label="food", severity="high", enterprises=[],
                      scores={"food": 0.95}, terms=["食物中毒"], published_at=now, fetched_at=now, classified_at=now))
    process_pending(db, None, config, now=now)
    assert dispatch_due(db, config, channels, now=now + dt.timedelta(minutes=1)).sent == 1
    [(desk, recipient, subject)] = tw_pager_plugin.SENT
    assert (desk, recipient) == ("市委网信办值班台", "desk-0660") and "食物中毒" in subject


def test_a_broken_entry_point_is_named(tmp_path, monkeypatch):
    folder = _install_plugin(tmp_path / "site", group="trustwatch.channels-test", name="beeper")
    monkeypatch.syspath_prepend(str(folder))
    with pytest.raises(ValueError, match="beeper = 'tw_pager_plugin:Pager' names a channel called 'pager'"):
        load_channels("trustwatch.channels-test")
    sys.modules.pop("tw_pager_plugin", None)
    assert "beeper" not in CHANNELS and "pager" not in CHANNELS
