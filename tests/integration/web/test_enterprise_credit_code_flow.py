"""A credit code a report gives beside an enterprise's name ends up on the enterprise's record.

Reports go in as crawled text (no label, no names), through the real classifier and the stored pipeline;
the code is kept on the `enterprises` row (keyed by the code, merged with the row a regulator's 约谈 had
created under the name) and the enterprise page shows it, though no later report repeats it."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from sqlalchemy import select

from alerts.pipeline import process_pending
from classifier.creditcode import is_valid
from store.enterprise_models import Enterprise, EnterpriseAction, record_credit_code
from store.models import Article, Source
from trustwatch.configs import alerting_config

pytestmark = pytest.mark.slow

NAME = "陆丰市南塘镇恒达五金制品厂"
CODE = "9144158155M3T7Q2KD"  # GB 32100 check character right (asserted below)
T0 = dt.datetime(2025, 3, 25, 2, 0, tzinfo=dt.timezone.utc)


def _report(s, source, n: int, title: str, body: str) -> None:
    s.add(Article(source_id=source.id, url=f"https://news.example.cn/codes/{n}", title=title, body=body,
                  content_hash=f"codes-{n}", published_at=T0 + dt.timedelta(hours=n)))


def _run(db, settings, classifier, hours: int) -> None:
    process_pending(db, classifier, alerting_config(settings), now=T0 + dt.timedelta(hours=hours))


def test_code_in_a_report_lands_on_the_enterprise_row_and_page(web, db, settings):
    from trustwatch.model_registry import load_active_classifier

    assert is_valid(CODE)
    classifier = load_active_classifier(settings)
    with db.session() as s:
        source = s.query(Source).first()
        _report(s, source, 1, "陆丰一五金厂冲压机伤人 一名工人死亡",
                f"3月25日，{NAME}一名工人在操作冲压设备时被卷入机器，经抢救无效死亡。事发车间冲压机防护罩缺失，"
                "应急管理部门已介入调查。")
        s.commit()
    _run(db, settings, classifier, 2)
    path = "/enterprises/" + quote(NAME)
    web.login("admin")
    page = web.http.get(path)
    assert page.status_code == 200, "the first report names the factory: it has a record"
    assert "统一社会信用代码：未提供" in page.text
    web.page_token(path)  # a regulator's 约谈 creates the row under the name, without a code
    resp = web.post_form(path + "/actions", {"kind": "interview", "happened_on": "2025-03-26",
                                             "note": "约谈企业负责人，责令停产整改"})
    assert "已登记约谈" in resp.text
    with db.session() as s:
        assert s.scalar(select(Enterprise.credit_code).where(Enterprise.name == NAME)) is None

    with db.session() as s:  # a follow-up report gives the code after the short name
        source = s.query(Source).first()
        _report(s, source, 3, "恒达五金厂冲压机致死事故追踪：企业被责令停产",
                f"记者了解到，涉事的恒达五金厂（统一社会信用代码：{CODE}）已被责令停产整顿，冲压机防护罩缺失，"
                "一名工人在事故中死亡，应急管理部门对该厂立案调查。")
        _report(s, source, 4, "恒达五金厂冲压机事故：安全生产检查继续",  # a mistyped code is not kept
                "记者从陆丰市应急管理局了解到，恒达五金厂（统一社会信用代码：9144158155M3T7Q2KE）冲压机事故"
                "致一名工人死亡，责令停产整顿。")
        s.commit()
    _run(db, settings, classifier, 5)
    with db.session() as s:
        rows = s.scalars(select(Enterprise).where(
            (Enterprise.credit_code == CODE) | Enterprise.name.like("%恒达%"))).all()
        assert [(r.name, r.credit_code) for r in rows] == [(NAME, CODE)], "one row, keyed by the code"
        assert [a.note for a in s.scalars(select(EnterpriseAction).where(EnterpriseAction.enterprise_id == rows[0].id))] \
            == ["约谈企业负责人，责令停产整改"]
        assert s.scalar(select(Enterprise.id).where(Enterprise.credit_code == "9144158155M3T7Q2KE")) is None
        for a in s.scalars(select(Article).where(Article.url.like("https://news.example.cn/codes/%"))):
            a.body = a.body.replace(CODE, "（已隐去）")  # the page does not need the reports to repeat it
        s.commit()
    page = web.http.get(path).text
    assert f"统一社会信用代码：{CODE}" in page and "约谈企业负责人，责令停产整改" in page
    dossier = web.http.get(path + "/dossier.csv").text
    assert CODE in dossier.splitlines()[0]


def test_a_code_row_and_a_name_row_merge_into_one(db):
    """The row keyed by the code takes the name row's records when a report ties the two together."""
    with db.session() as s:
        coded = Enterprise(name="恒达五金厂", credit_code=CODE)
        named = Enterprise(name=NAME, repair_note="完成整改后可申请信用修复")
        s.add_all([coded, named])
        s.flush()
        s.add(EnterpriseAction(enterprise_id=named.id, kind="warning", happened_on=dt.date(2025, 3, 27),
                               department_name="陆丰市应急管理局", actor="lufeng"))
        s.commit()
    with db.session() as s:
        row = record_credit_code(s, NAME, CODE)
        s.commit()
        kept = s.scalars(select(Enterprise)).all()
        assert [(e.name, e.credit_code, e.repair_note) for e in kept] == [(NAME, CODE, "完成整改后可申请信用修复")]
        assert row.id == kept[0].id and [a.kind for a in kept[0].actions] == ["warning"]
    with db.session() as s:  # a name already holding another code keeps it
        assert record_credit_code(s, NAME, "9144158166N8W4R1PQ") is None
        s.commit()
        assert s.scalar(select(Enterprise.credit_code).where(Enterprise.name == NAME)) == CODE
