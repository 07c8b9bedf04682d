"""What `trustwatch demo-site` tells a user names every portal the site serves, each at an address
that answers."""

from __future__ import annotations

import re

from demo.cli import portal_lines


def test_every_printed_portal_address_answers(site, http):
    lines = portal_lines(site.base_url)
    assert len(lines) == 5  # daily, gov, news, gkmlpt, board
    urls = [u for line in lines for u in re.findall(r"https?://[^\s（]+", line)]
    assert {"/daily/", "/gov/", "/news/", "/zwgk/gkmlpt/index", "/liuyan/", "/news/api/list.json"} <= \
        {u.removeprefix(site.base_url) for u in urls}
    for url in urls:
        assert http.get(url.removeprefix(site.base_url)).status_code == 200, url


def test_help_describes_every_portal_not_three(capsys):
    import argparse

    from demo.cli import register

    parser = argparse.ArgumentParser(prog="trustwatch")
    register(parser.add_subparsers())
    try:
        parser.parse_args(["demo-site", "--help"])
    except SystemExit:
        pass
    text = capsys.readouterr().out
    assert "三个" not in text
    for name in ("日报", "潮声网", "gkmlpt", "留言板", "JSON", "RSS"):
        assert name in text
