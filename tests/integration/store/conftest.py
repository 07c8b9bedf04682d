"""Store integration fixtures: Chinese sample articles written with their outbox rows."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from store import outbox
from store.models import Article, Event, Source

UTC = dt.timezone.utc

# Written for these tests (not from the labelled data set).
SAMPLES = [
    dict(title="城区一超市出售过期食品被立案查处", label="food", district="城区", source="汕尾日报",
         body="近日，汕尾市城区市场监管局在检查中发现某超市货架上摆放多批次过期食品，已依法立案调查。",
         enterprises=["汕尾市某某超市有限公司"], severity="medium", published=dt.datetime(2025, 4, 7, 10, 30, tzinfo=UTC)),
    dict(title="陆丰市一诊所无证行医致患者受伤", label="medical", district="陆丰市", source="陆丰新闻网",
         body="陆丰市卫生健康局接到群众举报，一家诊所长期无证行医，一名患者输液后出现严重不良反应。",
         enterprises=["陆丰某诊所"], severity="high", published=dt.datetime(2025, 4, 8, 9, 0, tzinfo=UTC)),
    dict(title="海丰县化工厂发生爆炸 两人受伤", label="safety", district="海丰县", source="汕尾日报",
         body="海丰县一化工企业车间发生爆炸，造成两人受伤，应急管理局已责令停产整顿并调查事故原因。",
         enterprises=["海丰某化工有限公司"], severity="high", published=dt.datetime(2025, 4, 9, 15, 0, tzinfo=UTC)),
    dict(title="陆河县举办青梅文化节", label="none", district="陆河县", source="陆河发布",
         body="陆河县青梅文化节开幕，各地游客品尝青梅美食，现场气氛热烈。", enterprises=[], severity=None,
         published=dt.datetime(2025, 4, 10, 8, 0, tzinfo=UTC)),
]


def add_articles(db, samples=SAMPLES, *, url_prefix="https://news.example.cn/a/") -> list[int]:
    """Store the samples as articles (with their sources) and enqueue each for indexing."""
    ids = []
    with db.session() as s:
        sources = {}
        for i, sample in enumerate(samples):
            name = sample["source"]
            if name not in sources:
                src = s.query(Source).filter_by(name=name).one_or_none() or Source(name=name, kind="list")
                s.add(src)
                s.flush()
                sources[name] = src
            article = Article(
                source_id=sources[name].id, url=f"{url_prefix}{len(ids)}-{i}", title=sample["title"],
                body=sample["body"], label=sample["label"], district=sample["district"],
                enterprises=sample["enterprises"], severity=sample["severity"],
                scores={sample["label"]: 0.91}, content_hash=f"h{url_prefix}{i}",
                published_at=sample["published"],
            )
            s.add(article)
            s.flush()
            outbox.enqueue(s, "article", article.id)
            ids.append(article.id)
    return ids


def add_event(db, title="海丰县化工厂爆炸事故", label="safety", district="海丰县") -> int:
    """One event with its outbox row."""
    with db.session() as s:
        event = Event(title=title, label=label, district=district, severity="high",
                      enterprises=["海丰某化工有限公司"], article_count=1, source_count=1)
        s.add(event)
        s.flush()
        outbox.enqueue(s, "event", event.id)
        return event.id


@pytest.fixture
def samples():
    """Helpers to store the Chinese samples: .add_articles(db), .add_event(db), .SAMPLES."""
    return SimpleNamespace(add_articles=add_articles, add_event=add_event, SAMPLES=SAMPLES)
