"""A second city is a config folder: its made-up districts and departments route, cluster and render
with no code change (issue 13, item 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from alertkit import SmtpServer, free_port
from sqlalchemy import select

from alerts.channels import build_channels
from alerts.dispatcher import dispatch_due
from alerts.pipeline import process_pending
from alerts.yamlconf import ConfigError
from crawler.districts import resolve_district
from store.models import Article, Event, utcnow
from trustwatch.configs import alerting_config, city_table
from trustwatch.settings import load_settings

# A city that does not exist: 云岭省临溪市, two districts, their towns.
DISTRICTS = """\
districts:
  东湖区:
    aliases: [临溪市东湖区, 东湖新区]
    places: [桃源街道, 白鹭镇]
  西岭县:
    aliases: [西岭]
    places: [石门镇, 青岗镇]
city: 临溪市
city_aliases: [临溪市, 临溪]
province_aliases: [云岭省, 云岭]
"""
DEPARTMENTS = """\
departments:
  - code: lx-propaganda
    name: 中共临溪市委宣传部
    level: city
    contacts: {email: [wangxin@linxi.example.org]}
  - code: lx-amr
    name: 临溪市市场监督管理局
    level: city
    domains: [food]
    contacts: {email: [amr@linxi.example.org]}
  - code: donghu-amr
    name: 临溪市东湖区市场监督管理局
    level: county
    district: 东湖区
    domains: [food]
    contacts: {email: [amr@donghu.linxi.example.org]}
  - code: xiling-amr
    name: 西岭县市场监督管理局
    level: county
    district: 西岭县
    domains: [food]
    contacts: {email: [amr@xiling.linxi.example.org]}
"""
ROUTING = """\
route:
  receivers: [lx-propaganda]
  group_wait: 0s
  routes:
    - name: propaganda
      receivers: [lx-propaganda]
      continue: true
    - name: food-city
      matchers: ['domain = food']
      receivers: [lx-amr]
      continue: true
    - name: food
      matchers: ['domain = food']
      routes:
        - matchers: ['district = 东湖区']
          receivers: [donghu-amr]
        - matchers: ['district = 西岭县']
          receivers: [xiling-amr]
"""
T = dt.datetime(2026, 5, 4, 1, 0, tzinfo=dt.timezone.utc)
# Reports written for this test: an incident at a restaurant in 西岭县 (the first names the place the
# long way, the follow-up days later only the brand), and one about the city with no district.
REPORTS = [
    ("西岭县石门镇一酒家多名食客就餐后腹泻", "云岭省临溪市西岭县石门镇福满楼酒家多名食客就餐后出现腹泻呕吐，"
     "市场监管部门已对后厨留样抽检。", ["临溪市西岭县石门镇福满楼酒家"], 0),
    ("福满楼酒家整改情况通报", "针对此前食客不适一事，福满楼酒家已停业整改，抽检结果显示部分食材过期。",
     ["福满楼酒家"], 50),
    ("临溪一网店被指销售过期奶粉", "有消费者反映，临溪一网店销售的奶粉已过保质期，平台已下架相关商品。",
     ["鲜乐母婴用品店"], 2),
]


@pytest.fixture
def city(tmp_path, db):
    """Settings on a config folder of the made-up city (contacts are example.org mailboxes)."""
    cfg = tmp_path / "linxi"
    (cfg / "dictionaries").mkdir(parents=True)
    (cfg / "dictionaries" / "districts.yaml").write_text(DISTRICTS, encoding="utf-8")
    (cfg / "departments.yaml").write_text(DEPARTMENTS, encoding="utf-8")
    (cfg / "routing.yaml").write_text(ROUTING, encoding="utf-8")
    return load_settings(home=tmp_path / "home", db_url=db.url, env="test", config_dir=cfg,
                         secret_key="test-secret-key-for-ack-links", alert_channels=["email"],
                         smtp_host="127.0.0.1", smtp_port=free_port(), alert_auto_dispatch_severity="high")


def _store_reports(db, table) -> None:
    with db.session() as s:
        for i, (title, body, enterprises, hours) in enumerate(REPORTS):
            s.add(Article(url=f"https://news.linxi.example.org/{i}", title=title, body=body,
                          district=resolve_district(title, body, None, table),  # what the crawler stores
                          content_hash=f"linxi-{i}", label="food", severity="high", enterprises=enterprises,
                          scores={"food": 0.95}, terms=["腹泻"], published_at=T + dt.timedelta(hours=hours),
                          fetched_at=T + dt.timedelta(hours=hours), classified_at=T + dt.timedelta(hours=hours)))


def test_the_city_folder_routes_clusters_and_renders_with_no_code_change(city, db):
    config = alerting_config(city)
    assert config.city.city == "临溪市" and config.city.districts == ("东湖区", "西岭县")
    receivers = {r.department for r in config.routing.receivers(
        {"domain": "food", "district": "西岭县", "severity": "high", "enterprise": [], "title": "",
         "sources": 1, "articles": 1})}
    assert receivers == {"lx-propaganda", "lx-amr", "xiling-amr"}

    _store_reports(db, city_table(city))
    now = T + dt.timedelta(days=3)
    counts = process_pending(db, None, config, now=now)
    with db.session() as s:
        events = {e.title: (e.district, e.article_count) for e in s.scalars(select(Event))}
        districts = [a.district for a in s.scalars(select(Article).order_by(Article.id))]
    assert districts == ["西岭县", None, None]  # 石门镇 is a town of 西岭县; 临溪 alone names no district
    # The follow-up names only the brand: it joins the first report because 临溪市西岭县石门镇 is taken
    # for places of this city, not for part of the enterprise's name.
    assert counts["events_created"] == 2
    assert events == {REPORTS[0][0]: ("西岭县", 2), REPORTS[2][0]: (None, 1)}

    server = SmtpServer(city.smtp_port).start()
    try:
        channels, problems = build_channels(config)
        assert not problems
        assert dispatch_due(db, config, channels, now=now).sent == 5  # 3 departments + 2 for the city-wide one
        mails = {(m["to"][0], m["subject"]): m["body"] for m in server.handler.messages}
    finally:
        server.stop()
    county = [body for (to, _), body in mails.items() if to == "amr@xiling.linxi.example.org"]
    assert len(county) == 1 and "发生地：西岭县" in county[0] and "接收单位：西岭县市场监督管理局" in county[0]
    nowhere = [subject for (_, subject), body in mails.items() if "发生地：临溪市（具体县区待核实）" in body]
    assert len(nowhere) == 2 and all("（临溪市（具体县区待核实））" in subject for subject in nowhere)
    assert not [body for body in mails.values() if "汕尾" in body]


def test_a_department_of_another_city_is_refused_naming_this_citys_districts(city):
    path = city.config_dir / "departments.yaml"
    path.write_text(DEPARTMENTS.replace("district: 西岭县", "district: 海丰县"), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        alerting_config(city)
    assert "unknown district '海丰县'; expected one of 东湖区, 西岭县 or null" in str(err.value)
