"""A demo site publishing live writes dates a crawler on the same clock reads back as the truth.

The news portal writes recent dates relatively (3小时前, 昨天 16:40). Against the corpus's fixed instant
(demo.corpus.REFERENCE_NOW) those read on the real clock gave "today" for reports of 2025-04-20: the
safety-05 news report landed 20 months after its gov notice and became a second event in the
scale-out test. A site given the real clock (as the scale-out test and `trustwatch demo` run it)
must not mislead a crawler that reads on the real clock, nor the default site one on the fixed instant.
"""

from __future__ import annotations

import datetime as dt
import urllib.request

import pytest

from crawler.extract.article import extract_article
from demo.corpus import BEIJING, REFERENCE_NOW

NEWS = "/news/"


def _news_dates(site, now) -> dict[str, tuple]:
    """path -> (date the crawler's extractor reads at `now`, the truth's date) for every news article."""
    out = {}
    for t in site.truth():
        if not t["path"].startswith(NEWS) or not t["reachable"]:
            continue
        with urllib.request.urlopen(site.base_url + t["path"], timeout=10) as reply:
            page = reply.read().decode("utf-8")
        out[t["path"]] = (extract_article(page, now=now, url=site.base_url + t["path"]).published_at,
                          dt.datetime.fromisoformat(t["published_at"]))
    return out


def _misdated(dates: dict[str, tuple]) -> list:
    return sorted((p, read, true) for p, (read, true) in dates.items()
                  if read is None or abs(read - true) >= dt.timedelta(minutes=1))


@pytest.mark.parametrize("live", [False, True], ids=["fixed instant", "real clock"])
def test_news_dates_read_back_as_published(live):
    from demo.server import DemoSite

    site = DemoSite(port=0, clock=(lambda: dt.datetime.now(BEIJING)) if live else None).start()
    try:
        if live:
            site.publish({"portal": "news", "title": "测试：现场发布的一条新闻", "body": "正文。" * 40})
        dates = _news_dates(site, dt.datetime.now(dt.timezone.utc) if live else REFERENCE_NOW)
    finally:
        site.stop()
    assert len(dates) >= 20
    assert _misdated(dates) == []
    safety_05 = "/news/2025/0420/3048.html"  # written 3小时前 at the fixed instant
    assert dates[safety_05][0] == dt.datetime(2025, 4, 20, 15, 0, tzinfo=BEIJING)
