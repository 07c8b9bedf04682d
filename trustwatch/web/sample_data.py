"""A small, realistic sample (departments, users, sources, events, alerts) for trying the web app and its tests.

All text here is invented for Trustwatch; one article carries a hostile payload on purpose.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import select

from store.models import Alert, Article, CrawlRun, Department, Event, Source, utcnow
from trustwatch.auth import add_user

PASSWORD = "Trustwatch-2025"
HOSTILE_TITLE = "<script>alert('xss')</script>城区某饭店后厨卫生堪忧"
HOSTILE_BODY = ("网友爆料称，城区某饭店后厨卫生状况堪忧，食材过期仍在使用。"
                "<img src=x onerror=\"alert(1)\"><script>document.title='pwned';console.log('pwned')</script>"
                "=HYPERLINK(\"http://evil.example\")")

# Used only when the alerts package (which syncs config/departments.yaml) is not installed.
FORMULA_TITLE = '=HYPERLINK("http://evil.example","城区饭店通报")'

DEPARTMENTS = [
    ("sw-propaganda", "中共汕尾市委宣传部（市委网信办）", None), ("sw-amr", "汕尾市市场监督管理局", None),
    ("haifeng-amr", "海丰县市场监督管理局", "海丰县"), ("chengqu-health", "汕尾市城区卫生健康局", "城区"),
    ("lufeng-emergency", "陆丰市应急管理局", "陆丰市"), ("sw-emergency", "汕尾市应急管理局", None),
]
SOURCES = [("汕尾日报", "list"), ("汕尾发布", "rss"), ("海丰资讯", "list"), ("陆丰在线", "sitemap")]

EVENTS = [
    # key, label, district, severity, title, enterprise, terms, articles: (source, hours ago, title, body)
    ("expired-food", "food", "海丰县", "high", "海丰县一超市销售过期食品被立案查处", "海丰县鑫旺超市有限公司",
     ["过期", "食品", "立案", "查处"],
     [("汕尾日报", 30, "海丰县一超市销售过期食品被立案查处",
       "近日，海丰县市场监督管理局在检查中发现，海丰县鑫旺超市有限公司货架上摆放多批次过期食品，"
       "包括过期牛奶和过期面包。执法人员当场下架问题食品，并依法立案查处。"),
      ("海丰资讯", 26, "市民举报：超市出售过期牛奶",
       "有市民向记者反映，在海丰县城一家超市买到的牛奶已经过期三天。记者走访发现，该超市仍有过期食品在售。"),
      ("汕尾发布", 20, "海丰县开展食品安全专项检查",
       "针对群众反映的超市销售过期食品问题，海丰县组织开展食品安全专项检查，共检查商户56家。")]),
    ("clinic-drugs", "medical", "城区", "medium", "城区一诊所被指使用过期药品", "汕尾市城区康宁诊所",
     ["诊所", "过期", "药品"],
     [("汕尾日报", 50, "城区一诊所被指使用过期药品",
       "患者家属反映，汕尾市城区康宁诊所为患者注射的药品已过期两个月，卫生健康部门已介入调查。")]),
    ("factory-accident", "safety", "陆丰市", "critical", "陆丰市一工厂发生安全生产事故致2人受伤",
     "陆丰市宏达五金制品厂", ["安全生产", "事故", "受伤"],
     [("陆丰在线", 8, "陆丰市一工厂发生安全生产事故致2人受伤",
       "陆丰市宏达五金制品厂车间发生机械伤害事故，造成2名工人受伤。应急管理部门已责令停产整顿。"),
      ("汕尾发布", 6, "陆丰通报一起生产安全事故", "陆丰市通报宏达五金制品厂安全生产事故，要求企业全面排查隐患。")]),
    ("hostile", "food", "城区", "low", HOSTILE_TITLE, "<b>某饭店</b>", ["过期", "卫生"],
     [("海丰资讯", 3, HOSTILE_TITLE, HOSTILE_BODY),
      ("汕尾发布", 2, FORMULA_TITLE, "网传城区某饭店食材过期，相关部门已关注。")]),
    ("milk-powder", "food", "陆河县", "medium", "陆河县查获一批来源不明的奶粉", "陆河县乐童母婴店",
     ["奶粉", "来源不明", "查获"],
     [("汕尾日报", 72, "陆河县查获一批来源不明的奶粉", "陆河县市场监管部门在乐童母婴店查获来源不明奶粉120罐，已依法扣押。")]),
]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _departments(s, settings) -> dict:
    from alerts.departments import load_departments, sync_departments

    if settings is not None:
        sync_departments(s, load_departments(settings.config_dir / "departments.yaml"), actor="sample")
        s.flush()
        return {d.code: d for d in s.scalars(select(Department))}
    depts = {}
    for code, name, district in DEPARTMENTS:
        depts[code] = Department(code=code, name=name, district=district, contacts={})
        s.add(depts[code])
    return depts


def seed(db, settings=None, now: dt.datetime | None = None, with_users: bool = True) -> dict:
    """Fill an empty migrated database with the sample; returns ids by key for tests."""
    now = now or utcnow()
    ids: dict = {"events": {}, "alerts": {}, "departments": {}, "articles": {}}
    with db.session() as s:
        depts = _departments(s, settings)
        sources = {}
        for i, (name, kind) in enumerate(SOURCES):
            src = Source(name=name, kind=kind, enabled=True, last_success_at=now - dt.timedelta(hours=1 + i * 5))
            sources[name] = src
            s.add(src)
        s.flush()
        for i, src in enumerate(sources.values()):
            for run in range(8):
                failed = i == 3 and run >= 5
                s.add(CrawlRun(source_id=src.id, started_at=now - dt.timedelta(hours=(8 - run) * 3),
                               finished_at=now - dt.timedelta(hours=(8 - run) * 3 - 0.1),
                               status="failed" if failed else "finished", pages=5 + run,
                               articles=0 if failed else 3 + (run * (i + 2)) % 9, new_articles=run % 3,
                               errors={"timeout": 2} if failed else ({"http_404": 1} if run == 2 else {}),
                               flags=["selectors-empty"] if failed else []))
        for n, (key, label, district, severity, title, enterprise, terms, arts) in enumerate(EVENTS):
            first = now - dt.timedelta(hours=max(a[1] for a in arts))
            ev = Event(title=title, label=label, district=district, severity=severity, state="new",
                       enterprises=[enterprise], first_seen=first,
                       last_seen=now - dt.timedelta(hours=min(a[1] for a in arts)),
                       article_count=len(arts), source_count=len({a[0] for a in arts}))
            s.add(ev)
            s.flush()
            ids["events"][key] = ev.id
            for j, (src, hours, atitle, body) in enumerate(arts):
                art = Article(source_id=sources[src].id, url=f"http://127.0.0.1/news/{key}/{j}.html", title=atitle,
                              body=body, published_at=now - dt.timedelta(hours=hours), district=district,
                              content_hash=_digest(atitle + body), label=label,
                              scores={label: 0.91 - 0.1 * j, "none": 0.09}, terms=terms, enterprises=[enterprise],
                              severity=severity, model_version="sample", classified_at=now, event_id=ev.id)
                s.add(art)
                s.flush()
                ids["articles"].setdefault(key, []).append(art.id)
        # Older events spread over the month, for the dashboard.
        for d in range(1, 28):
            label = ("food", "medical", "safety")[d % 3]
            district = ("城区", "海丰县", "陆丰市", "陆河县", "红海湾开发区")[d % 5]
            s.add(Event(title=f"历史事件样例 {d}", label=label, district=district, severity="low",
                        state="confirmed" if d % 4 else "dismissed", enterprises=[f"样例企业{d % 6}"],
                        first_seen=now - dt.timedelta(days=d, hours=3), last_seen=now - dt.timedelta(days=d),
                        article_count=1 + d % 4, source_count=1 + d % 2))
        s.flush()
        # Alerts already sent (as the auto-dispatch policy would); "expired-food" waits for review.
        routes = [("clinic-drugs", "chengqu-health", "sent", 3), ("factory-accident", "lufeng-emergency", "sent", -3)]
        for key, code, state, deadline_hours in routes:
            alert = Alert(event_id=ids["events"][key], department_id=depts[code].id, state=state,
                          route=f"domain={EVENTS[[e[0] for e in EVENTS].index(key)][1]}",
                          ack_deadline=now + dt.timedelta(hours=deadline_hours),
                          created_at=now - dt.timedelta(hours=5), last_notified_at=now - dt.timedelta(hours=5),
                          notified_article_count=len(EVENTS[[e[0] for e in EVENTS].index(key)][7]))
            s.add(alert)
            s.flush()
            ids["alerts"][f"{key}:{code}"] = alert.id
        # An older, overdue alert already sent to Haifeng, confirmed before.
        old = Event(title="海丰县某餐馆使用地沟油被曝光", label="food", district="海丰县", severity="high",
                    state="confirmed", enterprises=["海丰县老街餐馆"], first_seen=now - dt.timedelta(days=2),
                    last_seen=now - dt.timedelta(days=2), article_count=1, source_count=1)
        s.add(old)
        s.flush()
        overdue = Alert(event_id=old.id, department_id=depts["haifeng-amr"].id, state="sent", route="domain=food",
                        ack_deadline=now - dt.timedelta(hours=20), created_at=now - dt.timedelta(days=2),
                        last_notified_at=now - dt.timedelta(days=2), notified_article_count=1)
        s.add(overdue)
        s.flush()
        ids["alerts"]["overdue:haifeng-amr"] = overdue.id
        ids["departments"] = {code: d.id for code, d in depts.items()}
        if with_users:
            add_user(s, "admin", PASSWORD, "admin", display_name="系统管理员", actor="sample")
            add_user(s, "shenhe", PASSWORD, "reviewer", display_name="宣传部 李审核", actor="sample")
            add_user(s, "haifeng", PASSWORD, "regulator", display_name="海丰县市监局 王科长",
                     department_code="haifeng-amr", actor="sample")
            add_user(s, "chengqu", PASSWORD, "regulator", display_name="城区卫健局 陈主任",
                     department_code="chengqu-health", actor="sample")
            add_user(s, "fenxi", PASSWORD, "analyst", display_name="数据分析员 赵", actor="sample")
    return ids


def search_documents(db) -> list[dict]:
    """The sample articles as search documents (the fields the web search reads)."""
    from sqlalchemy.orm import selectinload

    docs = []
    with db.session() as s:
        for a in s.scalars(select(Article).options(selectinload(Article.source))):
            docs.append({"id": a.id, "title": a.title, "body": a.body, "url": a.url,
                         "source": a.source.name if a.source else None, "district": a.district, "label": a.label,
                         "published_at": a.published_at.isoformat() if a.published_at else None,
                         "enterprises": a.enterprises or [], "event_id": a.event_id, "severity": a.severity})
    return docs
