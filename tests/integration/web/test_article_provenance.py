"""The event page says how each article's title, date and body were extracted, and shows a board
thread's official reply (department and time), escaped like all crawled text."""

from __future__ import annotations

from sqlalchemy import select

from store.models import Article


def test_event_page_shows_extraction_methods_and_the_official_reply(web, db):
    event_id = web.ids["events"]["expired-food"]
    with db.session() as s:
        article = s.scalars(select(Article).where(Article.event_id == event_id).order_by(Article.id)).first()
        article.extraction = {"title": "selector", "date": "generic:byline", "body": "trafilatura", "author": "generic"}
        article.reply = {"department": "海丰县市场监督管理局<script>x</script>", "replied_at": "2025-04-18T08:30:00+00:00",
                         "text": "已责令整改。"}
    web.login("shenhe")
    page = web.http.get(f"/events/{event_id}").text
    assert "提取方式：标题·站点选择器；日期·署名行；正文·trafilatura" in page
    assert "官方答复：海丰县市场监督管理局&lt;script&gt;x&lt;/script&gt;（2025-04-18 16:30）" in page  # China time
