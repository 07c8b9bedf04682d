"""`trustwatch users add|list|disable` as an administrator would use them."""

import io

from trustwatch.cli import main


def _run(monkeypatch, settings, argv, stdin=""):
    monkeypatch.setattr("trustwatch.cli.load_settings", lambda: settings)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(argv)


def test_add_list_disable(monkeypatch, settings, capsys):
    from store.db import Database

    Database(settings.database_url).migrate()
    assert _run(monkeypatch, settings, ["users", "add", "li", "--role", "reviewer", "--password-stdin"],
                "a-long-password\n") == 0
    assert "已创建用户 li" in capsys.readouterr().out
    assert _run(monkeypatch, settings, ["users", "add", "wang", "--role", "regulator", "--password-stdin"],
                "a-long-password\n") == 2
    assert "部门" in capsys.readouterr().err
    assert _run(monkeypatch, settings, ["users", "disable", "li"]) == 0
    _run(monkeypatch, settings, ["users", "list"])
    out = capsys.readouterr().out
    assert "li" in out and "reviewer" in out and "已停用" in out


def test_web_command_is_registered():
    from trustwatch.cli import build_parser

    args = build_parser().parse_args(["web", "--host", "127.0.0.1", "--port", "8123"])
    assert args.port == 8123 and callable(args.handler)
