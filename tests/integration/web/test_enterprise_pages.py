"""An enterprise's record: reached from an event, with its events, dispositions and a dossier export."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import quote


def test_enterprise_page_reached_from_an_event_with_dossier(web):
    event_id = web.ids["events"]["expired-food"]
    web.login("shenhe")
    event_page = web.http.get(f"/events/{event_id}").text
    link = re.search(r'<a href="(/enterprises/[^"]+)" data-test="enterprise-link">', event_page).group(1)
    page = web.http.get(link)
    assert page.status_code == 200
    assert "海丰县鑫旺超市有限公司" in page.text and f'href="/events/{event_id}"' in page.text
    assert "北京时间" in page.text
    dossier = web.http.get(link + "/dossier.csv")
    assert dossier.status_code == 200 and dossier.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(dossier.text.lstrip("\ufeff"))))
    assert rows[0][:2] == ["企业", "海丰县鑫旺超市有限公司"]
    assert any(r and r[0] == str(event_id) and r[2] == "食品" for r in rows)


def test_enterprise_ranking_and_unknown_enterprise(web):
    web.login("fenxi")
    ranking = web.http.get("/enterprises").text
    assert "海丰县鑫旺超市有限公司" in ranking
    assert web.http.get("/enterprises/" + quote("不存在的企业有限公司")).status_code == 404


def test_regulators_do_not_browse_enterprise_records(web):
    web.login("haifeng")
    assert web.http.get("/enterprises").status_code == 403


def test_regulator_records_an_interview_shown_on_the_page_and_in_the_dossier(web, db):
    event_id = web.ids["events"]["expired-food"]
    web.login("shenhe")
    web.page_token(f"/events/{event_id}")
    web.post_form(f"/events/{event_id}/review", {"action": "confirm"})  # alerts 海丰县市场监督管理局
    path = "/enterprises/" + quote("海丰县鑫旺超市有限公司")
    web.login("chengqu")  # another department: the enterprise is not theirs to see
    assert web.http.get(path).status_code == 404
    web.login("haifeng")
    web.page_token(path)
    resp = web.post_form(path + "/actions", {"kind": "interview", "happened_on": "2025-04-12",
                                             "note": "约谈企业负责人，告知信用修复路径",
                                             "attachment_url": "https://example.cn/yuetan.pdf"})
    assert resp.status_code == 200 and "已登记约谈" in resp.text
    assert "约谈企业负责人，告知信用修复路径" in resp.text and "2025-04-12" in resp.text
    rows = list(csv.reader(io.StringIO(web.http.get(path + "/dossier.csv").text.lstrip("\ufeff"))))
    assert any(r[:2] == ["约谈", "2025-04-12"] for r in rows if r)
    bad = web.post_form(path + "/actions", {"kind": "interview", "happened_on": "2025-04-12",
                                            "attachment_url": "javascript:alert(1)"})
    assert "登记失败" in bad.text
    web.login("admin")
    assert "登记约谈" in web.http.get("/audit").text


def test_credit_code_given_in_a_report_is_shown(web, db):
    from store.models import Article

    event_id = web.ids["events"]["expired-food"]
    with db.session() as s:
        article = s.query(Article).filter_by(event_id=event_id).first()
        article.body += "经核查，海丰县鑫旺超市有限公司（统一社会信用代码：91441502PGL2PA2HH5）已被立案。"
        s.commit()
    web.login("shenhe")
    page = web.http.get("/enterprises/" + quote("海丰县鑫旺超市有限公司")).text
    assert "91441502PGL2PA2HH5" in page
