"""The alerting commands as an operator uses them: departments sync, silences add/list/expire."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from store.models import AuditEntry, Department, Silence
from trustwatch.cli import main


@pytest.fixture
def env(db, monkeypatch, tmp_path):
    monkeypatch.setenv("TRUSTWATCH_DB_URL", db.url)
    monkeypatch.setenv("TRUSTWATCH_HOME", str(tmp_path / "home"))
    return db


def test_departments_check_and_sync_are_idempotent(env, capsys):
    assert main(["departments", "check"]) == 0
    assert capsys.readouterr().out.startswith("ok: 24 departments")
    assert main(["departments", "sync"]) == 0
    assert "added 24" in capsys.readouterr().out
    assert main(["departments", "sync"]) == 0
    assert "added 0, updated 0, unchanged 24" in capsys.readouterr().out
    with env.session() as s:
        assert s.scalar(select(Department.name).where(Department.code == "haifeng-amr")) == "海丰县市场监督管理局"


def test_silence_add_list_expire(env, capsys):
    assert main(["silence", "add", "district = 海丰县", "domain = food", "--duration", "2h",
                 "--author", "reviewer-zhang", "--reason", "县局已在现场处置"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("silence 1 until ")
    assert main(["silence", "list"]) == 0
    line = capsys.readouterr().out.strip()
    assert "reviewer-zhang" in line and "'district = 海丰县' 'domain = food'" in line and "县局已在现场处置" in line
    assert main(["silence", "expire", "1", "--author", "reviewer-zhang"]) == 0
    assert main(["silence", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "silence 1 expired"  # nothing listed any more
    assert main(["silence", "list", "--all"]) == 0
    assert "reviewer-zhang" in capsys.readouterr().out
    with env.session() as s:
        assert [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))] == ["silence.add", "silence.expire"]


def test_silence_add_refuses_bad_input_with_a_clear_message(env, capsys):
    assert main(["silence", "add", "distrct = 海丰县", "--author", "a", "--reason", "r"]) == 2
    assert "unknown label 'distrct'" in capsys.readouterr().err
    assert main(["silence", "add", "district = 海丰县", "--duration", "2 hours", "--author", "a", "--reason", "r"]) == 2
    assert "--duration: invalid duration '2 hours'" in capsys.readouterr().err
    with env.session() as s:
        assert s.scalar(select(func.count()).select_from(Silence)) == 0


def test_events_list_shows_spread(env, capsys):
    import datetime as dt

    from store.models import Event

    with env.session() as s:
        s.add(Event(title="海丰县多名市民疑似食物中毒\x07", label="food", district="海丰县", severity="high", article_count=20,
                    source_count=3, last_seen=dt.datetime(2025, 4, 2, tzinfo=dt.timezone.utc)))
    assert main(["events", "list"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.split("\t")[:6] == ["#1", "new", "食品安全", "海丰县", "严重", "20篇/3源"]
    assert line.endswith("海丰县多名市民疑似食物中毒")  # control characters from crawled text are dropped
