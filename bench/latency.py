"""Latency of the whole service: publication on the demo site -> event in the review queue -> e-mail received.

Runs `trustwatch serve` (a subprocess) with a 10 s crawl interval against the demo news site (in this process),
a local SMTP server and the local Elasticsearch, publishes incident articles at random moments, and prints
p50/p95/max of the delays: publication -> queue (mostly waiting for the next crawl), fetch -> queue (from
the crawler's fetched_at of the article: what the service itself adds), stored -> queue (from the moment
the article's row is first seen in the database, polled every 0.25 s), publication -> e-mail. Everything
stays on 127.0.0.1; a temporary folder holds the database.

    .venv/bin/python bench/latency.py [--articles 12] [--crawl-interval 10]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from email import message_from_bytes
from pathlib import Path

from side_by_side import machine  # bench/ is on sys.path when a bench runs
from sqlalchemy import select

from store.db import Database
from store.models import Article, CrawlRun, Event
from trustwatch.service.crawl_process import settings_env
from trustwatch.service.mailsink import free_port
from trustwatch.settings import PROJECT_ROOT, load_settings

SOURCE = "demo-news"
DISTRICTS = ("城区", "海丰县", "陆丰市", "陆河县", "红海湾开发区", "华侨管理区")
NAMES = ("鸿晟", "泰和", "金穗", "海澜", "嘉禾", "瑞丰", "永盛", "顺景", "宏达", "信诚", "福临", "恒通", "聚源",
         "万隆", "正兴", "同舟", "东方", "明辉", "润泽", "安平")
# Each domain: slots of alternative sentences; an article takes one per slot, so two reports share little text
# and stay separate events (the clustering joins reports whose 3-gram sets overlap by half or more).
SCENES = {
    "food": ("{e}餐饮管理有限公司", "{d}一{place}发生集体食物中毒 {n}人送医", [
        ["{d}{place}的{who}在用餐后陆续出现腹痛、呕吐、腹泻等症状，{n}人被送往医院治疗。",
         "{n}名{who}食用{dish}后出现恶心呕吐、发热等不适，当晚被紧急送医，其中数人留院观察。",
         "据家属反映，{who}吃过{dish}不到两小时就开始呕吐腹泻，目前已有{n}人住院。"],
        ["该{place}由{ent}承包经营，市场监管部门已依法查封后厨，留样食品已送检。",
         "经初步排查，{ent}使用了过期变质的{food}原料，且未按规定留存进货查验记录。",
         "执法人员在{ent}仓库发现多批次来源不明的{food}，外包装上没有任何生产日期。"],
        ["{d}市场监督管理局表示将依法从严查处，并开展为期一个月的专项检查。",
         "疾控部门已对患者呕吐物和剩余食品采样，检测结果将在近日公布。",
         "当地教育和卫健部门连夜成立工作组，逐一回访就餐人员的身体状况。"],
    ]),
    "medical": ("{e}医疗器械有限公司", "{d}{place}被曝使用不合格{device} {n}名患者感染", [
        ["多名患者投诉在{d}{place}接受治疗后伤口反复化脓，经确认已有{n}名患者感染住院。",
         "{d}卫生健康局接到举报，{place}近期收治的{n}名患者在术后出现严重感染。",
         "{n}名在{place}做过小手术的群众先后出现高烧不退，被转诊到市人民医院治疗。"],
        ["调查发现，涉事{place}长期从{ent}采购无注册证的{device}，消毒记录也存在造假。",
         "执法人员查实{ent}向多家诊所销售未经检验的一次性{device}，货值超过二百万元。",
         "{ent}生产的{device}抽检不合格，微生物指标超标十余倍，却仍在继续供货。"],
        ["卫健部门已责令涉事机构停业整改，并将案件线索移送公安机关。",
         "医保部门同步暂停该机构的医保结算资格，追回违规结算的医保基金。",
         "目前感染患者均在接受抗感染治疗，病情总体平稳。"],
    ]),
    "safety": ("{e}化工有限公司", "{d}{place}发生爆炸事故 {k}人死亡", [
        ["{d}{place}一车间突然发生爆炸并引发大火，事故造成{k}人死亡、{m}人受伤。",
         "凌晨时分，{d}{place}仓库起火后连续发生爆炸，目前已确认{k}人遇难，另有{m}人受伤送医。",
         "{d}消防救援大队接报后出动十余辆消防车赶赴{place}，现场已发现{k}名遇难者，{m}人受伤。"],
        ["经查，{ent}未取得危险化学品经营许可，在厂房内违规储存大量易燃溶剂。",
         "应急管理部门此前曾两次责令{ent}整改消防通道堵塞问题，但企业一直未落实。",
         "事故企业{ent}的安全生产许可证已于去年过期，仍在夜间组织工人加班生产。"],
        ["{d}应急管理局已成立事故调查组，企业相关负责人已被警方控制。",
         "全市随即部署开展危险化学品企业安全隐患大排查，严防类似事故再次发生。",
         "受伤人员正在医院全力救治，善后工作正在有序进行。"],
    ]),
}
PLACES = {"food": ("中学食堂", "酒楼", "幼儿园", "工地食堂", "农家乐"),
          "medical": ("口腔诊所", "美容门诊", "社区卫生服务站", "私人诊所"),
          "safety": ("化工厂", "烟花仓库", "五金加工厂", "物流园")}
WHO = ("学生", "食客", "员工", "工人", "游客")
DISHES = ("卤味拼盘", "凉拌菜", "海鲜粥", "盒饭", "炒米粉")
FOODS = ("猪肉", "冻品海鲜", "食用油", "豆制品")
DEVICES = ("牙科种植体", "注射器", "透析耗材", "玻尿酸针剂")


def incident(i: int, rng: random.Random) -> dict:
    """A distinct high-severity incident report for the demo news portal, with a unique enterprise."""
    domain = ("food", "medical", "safety")[i % 3]
    ent_tpl, title_tpl, slots = SCENES[domain]
    district = DISTRICTS[(i + i // 3) % len(DISTRICTS)]  # a domain never meets the same district twice in a row
    values = {"d": district, "place": rng.choice(PLACES[domain]), "who": rng.choice(WHO), "dish": rng.choice(DISHES),
              "food": rng.choice(FOODS), "device": rng.choice(DEVICES), "n": rng.randint(12, 60),
              "k": rng.randint(1, 2), "m": rng.randint(3, 9)}
    values["ent"] = ent_tpl.format(e=f"汕尾市{NAMES[i % len(NAMES)]}{NAMES[(i * 7 + 3) % len(NAMES)]}")
    paragraphs = [rng.choice(slot).format(**values) for slot in slots]
    return {"portal": "news", "title": title_tpl.format(**values), "district": district, "label": domain,
            "enterprises": [values["ent"]], "paragraphs": paragraphs}


class MailTimes:
    """aiosmtpd handler noting when each message arrived."""

    def __init__(self):
        self.arrivals: list[tuple[float, str]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        msg = message_from_bytes(envelope.original_content or envelope.content)
        body = (msg.get_payload(decode=True) or b"").decode("utf-8", "replace")
        with self.lock:
            self.arrivals.append((time.time(), body))
        return "250 OK"

    def first(self, text: str) -> float | None:
        """When the first message containing `text` arrived."""
        with self.lock:
            times = [t for t, body in self.arrivals if text in body]
        return min(times) if times else None


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * len(ordered) + 0.5) - 1))]


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=12)
    parser.add_argument("--crawl-interval", type=float, default=10.0)
    parser.add_argument("--timeout", type=float, default=180.0, help="per article")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--group-wait", metavar="DURATION",
                        help="replace the routing root's group_wait (default: as shipped in config/routing.yaml) in the benchmark's config copy")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    from aiosmtpd.controller import Controller

    from demo.server import DemoSite
    from trustwatch.configs import local_es_server

    work = Path(tempfile.mkdtemp(prefix="tw-latency-"))
    base = load_settings(env="test")
    if base.local_es:
        local_es_server(base).start()  # reuses a running local server
    site = DemoSite(host="127.0.0.1", port=0, slow_seconds=1.0).start()
    mail = MailTimes()
    smtp = Controller(mail, hostname="127.0.0.1", port=free_port())
    smtp.start()
    shutil.copytree(PROJECT_ROOT / "config", work / "config")
    routing = work / "config" / "routing.yaml"
    if args.group_wait:
        text = routing.read_text(encoding="utf-8")
        routing.write_text(re.sub(r"(?m)^(  group_wait:\s*)\S+", r"\g<1>" + args.group_wait, text, count=1),
                           encoding="utf-8")
    group_wait = re.search(r"(?m)^  group_wait:\s*(\S+)", routing.read_text(encoding="utf-8"))
    settings = base.model_copy(update={
        "home": work / "home", "db_url": f"sqlite:///{work / 'tw.db'}", "config_dir": work / "config",
        "demo_base_url": site.base_url, "smtp_host": "127.0.0.1", "smtp_port": smtp.port, "alert_dry_run": False,
        "es_index_prefix": f"twbench-{os.getpid()}"})
    db = Database(settings.database_url)
    db.migrate()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTWATCH_")} | settings_env(settings)
    log = open(work / "serve.log", "wb")
    serve = subprocess.Popen([sys.executable, "-m", "trustwatch.cli", "serve", "--port", str(port), "--source", SOURCE,
                              "--crawl-interval", str(args.crawl_interval)], env=env, stdout=log, stderr=log)
    try:
        print(f"serve on http://127.0.0.1:{port}, demo site {site.base_url}, crawl interval {args.crawl_interval:g} s, "
              f"routing group_wait {group_wait.group(1) if group_wait else '?'}")
        deadline = time.time() + 300
        while time.time() < deadline:  # the first crawl takes the whole portal; measure after it
            with db.session() as s:
                if s.scalar(select(CrawlRun).where(CrawlRun.status == "finished")) is not None:
                    break
            time.sleep(1)
        time.sleep(5)
        print("initial crawl done; publishing", args.articles, "incident articles at random moments")
        pending: list[dict] = []

        def publish_all() -> None:
            for i in range(args.articles):
                spec = incident(i, rng)
                record = site.publish(spec)
                pending.append({"path": record["path"], "ent": spec["enterprises"][0], "at": time.time(),
                                "fetched": None, "stored": None, "queue": None, "mail": None})
                time.sleep(rng.uniform(2.0, 2.0 + args.crawl_interval))

        publisher = threading.Thread(target=publish_all, daemon=True)
        publisher.start()
        deadline = time.time() + args.timeout + args.articles * (2.0 + args.crawl_interval)
        while time.time() < deadline and (publisher.is_alive() or any(
                p["queue"] is None or p["mail"] is None for p in pending)):
            with db.session() as s:
                for p in list(pending):
                    if p["queue"] is None:
                        now = time.time()
                        row = s.execute(select(Article.fetched_at, Event.state)
                                        .outerjoin(Event, Event.id == Article.event_id)
                                        .where(Article.url.endswith(p["path"]))).first()
                        if row is not None and p["stored"] is None:
                            p["stored"], p["fetched"] = now, row.fetched_at.timestamp()
                        if row is not None and row.state in ("new", "in_review", "confirmed"):
                            p["queue"] = now
            for p in list(pending):
                if p["mail"] is None:
                    p["mail"] = mail.first(p["path"])  # every notification links its articles
            time.sleep(0.25)
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(90)
        site.stop()
        smtp.stop()
    queue = [p["queue"] - p["at"] for p in pending if p["queue"]]
    fetch = [p["queue"] - p["fetched"] for p in pending if p["queue"] and p["fetched"]]
    stored = [p["queue"] - p["stored"] for p in pending if p["queue"] and p["stored"]]
    mails = [p["mail"] - p["at"] for p in pending if p["mail"]]
    print(f"articles published: {len(pending)}; in queue: {len(queue)}; e-mailed: {len(mails)}")
    print(machine())
    for name, values in (("publication -> event in review queue", queue),
                         ("fetch -> event in review queue", fetch),
                         ("stored -> event in review queue", stored),
                         ("publication -> e-mail received", mails)):
        if values:
            print(f"{name:<40} p50 {statistics.median(values):5.1f} s   p95 {percentile(values, 0.95):5.1f} s"
                  f"   max {max(values):5.1f} s")
    print(f"(logs and database in {work})")
    return 0 if len(queue) == len(mails) == len(pending) else 1


if __name__ == "__main__":
    sys.exit(main())
