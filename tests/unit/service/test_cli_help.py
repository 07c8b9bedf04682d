"""Every help line of the `trustwatch` command line is Chinese."""

from __future__ import annotations

import argparse
import re

from trustwatch.cli import build_parser


def _lines(parser, path):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _lines(sub, f"{path} {name}")
        elif action.help is not argparse.SUPPRESS:
            yield path, "/".join(action.option_strings) or action.dest, action.help


def test_every_option_has_a_chinese_help_line():
    missing = [line for line in _lines(build_parser(), "trustwatch")
               if not line[2] or not re.search(r"[\u4e00-\u9fff]", line[2])]
    assert not missing


def test_headings_and_usage_are_chinese(capsys):
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices["users"]
    text = sub.format_help()
    assert text.startswith("用法：") and "选项" in text and "显示本帮助并退出" in text
    assert "show this help" not in text and "positional arguments" not in text
