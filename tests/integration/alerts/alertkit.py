"""Helpers for alert tests: real local SMTP/HTTP servers, a stub classifier, incident articles."""

from __future__ import annotations

import datetime as dt
import json
import socket
import textwrap
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from store.models import Article, Source

T0 = dt.datetime(2025, 4, 1, 2, 0, tzinfo=dt.timezone.utc)


def free_port() -> int:
    """A port the OS says is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RecordingSmtpHandler:
    """aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.messages: list[dict] = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        msg = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.messages.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos), "msg": msg,
                              "subject": str(msg["Subject"]), "message_id": str(msg["Message-ID"]).strip(),
                              "body": msg.get_body(("plain",)).get_content()})
        return "250 Message accepted for delivery"


class SmtpServer:
    """A real SMTP server on 127.0.0.1 that can be stopped and started again on the same port."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.handler = RecordingSmtpHandler()
        self.controller = None

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        return self.handler.messages





@dataclass
class HttpRecorder:
    """What the HTTP receiver saw, and what it answers."""

    requests: list[dict] = field(default_factory=list)
    status: int = 200
    reply: dict = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})
    gate: threading.Event | None = None  # when set, requests wait here (for the kill test)
    gate_reached: threading.Event = field(default_factory=threading.Event)
    hold_from: int = 10**9  # requests with this 0-based index or later wait on the gate
    delay: float = 0.0  # seconds each request takes to answer (a slow robot or gateway)
    lock: threading.Lock = field(default_factory=threading.Lock)
    seen: int = 0


class HttpReceiver:
    """A robot/webhook/SMS-gateway stand-in on 127.0.0.1 with an OS-picked port."""

    def __init__(self):
        self.rec = HttpRecorder()
        rec = self.rec

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with rec.lock:
                    index = rec.seen
                    rec.seen += 1
                if rec.gate is not None and index >= rec.hold_from:
                    rec.gate_reached.set()
                    rec.gate.wait(30)
                    return  # the client is gone (killed): nothing was delivered
                if rec.delay:
                    time.sleep(rec.delay)
                parts = urlsplit(self.path)
                rec.requests.append({"path": parts.path, "query": parse_qs(parts.query), "headers": dict(self.headers),
                                     "raw": raw, "json": json.loads(raw or b"null")})
                body = json.dumps(rec.reply).encode()
                self.send_response(rec.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self):
        if self.rec.gate is not None:
            self.rec.gate.set()
        self.server.shutdown()
        self.server.server_close()





DEPARTMENTS = """\
departments:
  - {code: sw-propaganda, name: 中共汕尾市委宣传部（市委网信办）, level: city, contacts: {email: [wx@propaganda.example.org]}}
  - {code: sw-amr, name: 汕尾市市场监督管理局, level: city, domains: [food], contacts: {email: [amr@sw.example.org]}}
  - {code: haifeng-amr, name: 海丰县市场监督管理局, level: county, district: 海丰县, domains: [food],
     contacts: {email: [amr@haifeng.example.org]}}
  - {code: lufeng-amr, name: 陆丰市市场监督管理局, level: county, district: 陆丰市, domains: [food],
     contacts: {email: [amr@lufeng.example.org]}}
  - {code: sw-leader, name: 汕尾市人民政府分管副市长办公室（分管领导）, level: leader, contacts: {email: [leader@sw.example.org]}}
"""

ROUTING = """\
route:
  receivers: [sw-propaganda]
  group_wait: 0s
  repeat_interval: 6h
  ack_timeout: 2h
  routes:
    - {name: propaganda, receivers: [sw-propaganda], continue: true, ack_timeout: 1d}
    - {name: food-city, matchers: ['domain = food', 'severity >= high'], receivers: [sw-amr], continue: true}
    - name: food
      matchers: ['domain = food']
      receivers: [sw-amr]
      routes:
        - {matchers: ['district = 海丰县'], receivers: [haifeng-amr]}
        - {matchers: ['district = 陆丰市'], receivers: [lufeng-amr]}
escalation:
  haifeng-amr: sw-amr
  lufeng-amr: sw-amr
  sw-amr: sw-leader
"""





@dataclass
class StubVerdict:
    """Verdict-shaped answer (the classifier's own is tested in its package)."""

    label: str
    scores: dict
    terms: list
    enterprises: list
    credit_codes: list
    district: str | None
    severity: str
    model_version: str = "stub-1"


class KeywordClassifier:
    """Deterministic stand-in for classifier.Classifier: food when the text talks about food safety."""

    ENTERPRISES = ("海丰县鑫味源食品有限公司", "陆丰市好再来餐饮店", "汕尾市明珠大酒店")

    def classify_many(self, items):
        return [self.classify(t, b) for t, b in items]

    def classify(self, title, text):
        blob = f"{title}\n{text}"
        food = any(k in blob for k in ("食物中毒", "过期", "食品", "餐饮"))
        district = next((d for d in ("海丰县", "陆丰市", "城区") if d in blob), None)
        ents = [e for e in self.ENTERPRISES if e in blob or e[3:7] in blob]
        sev = "high" if "中毒" in blob or "送医" in blob else "medium"
        return StubVerdict("food" if food else "none", {"food": 0.9 if food else 0.1}, [], ents, [], district, sev)


PORTALS = ("汕尾新闻网", "海丰在线", "汕尾日报")
STORY = ("3月31日晚，海丰县附城镇海丰县鑫味源食品有限公司生产的卤味熟食在多个农贸市场销售，"
         "4月1日凌晨起，先后有27名市民出现呕吐、腹泻等疑似食物中毒症状，其中12人被送医救治，目前病情稳定。"
         "海丰县市场监督管理局已对该公司生产车间进行查封，抽检的卤鸭、卤猪耳等样品已送检，"
         "相关批次产品已下架召回。卫生部门提醒市民不要食用来源不明的熟食。")
LEADS = ("", "据报道，", "记者从海丰县获悉，", "【关注】", "今日，", "网友爆料：", "最新消息：")
TAILS = ("", "事件正在进一步调查中。", "本网将持续关注。", "（完）", "请市民注意饮食安全。", "来源：综合报道",
         "编辑：李明")


def add_sources(session) -> list[Source]:
    rows = [Source(name=f"portal-{i}", kind="html") for i in range(len(PORTALS))]
    session.add_all(rows)
    session.flush()
    return rows


def incident_articles(sources: list[Source], n: int = 20, start: dt.datetime = T0) -> list[Article]:
    """`n` reports of one food-poisoning incident spread over the portals within a day."""
    out = []
    for i in range(n):
        src = sources[i % len(sources)]
        title = ["海丰县多名市民食用卤味熟食后疑似食物中毒 12人送医", "海丰县一食品公司卤味熟食致27人疑似食物中毒",
                 "海丰疑似食物中毒事件：涉事食品公司车间被查封"][i % 3]
        body = LEADS[i % len(LEADS)] + STORY + TAILS[(i // 3) % len(TAILS)]
        out.append(Article(source_id=src.id, url=f"http://{PORTALS.index(PORTALS[i % 3])}.portal.test/news/{i}.html",
                           title=title, body=body, published_at=start + dt.timedelta(minutes=40 * i),
                           content_hash=f"h{i}", fetched_at=start + dt.timedelta(minutes=40 * i + 5)))
    return out


FOLLOW_UP = Article(
    url="http://0.portal.test/news/follow-up.html",
    title="海丰县通报鑫味源食品有限公司疑似食物中毒事件调查处理结果",
    body=("4月6日，海丰县市场监督管理局通报：经检测，海丰县鑫味源食品有限公司卤味熟食中检出沙门氏菌，"
          "该公司被责令停产整顿，没收违法所得并处罚款，相关责任人移送公安机关。"),
    content_hash="follow-up")


def follow_up(sources, when) -> Article:
    a = Article(**{c: getattr(FOLLOW_UP, c) for c in ("url", "title", "body", "content_hash")})
    a.source_id, a.published_at, a.fetched_at = sources[0].id, when, when
    return a


OTHER_INCIDENT = ("陆丰市一学校食堂被查出使用过期食材", "陆丰市市场监督管理局在检查中发现陆丰市好再来餐饮店为学校食堂供应的面粉"
                  "和食用油已过期两个月，已责令整改并立案调查。")


def textblock(s: str) -> str:
    return textwrap.dedent(s)


class TruthClassifier:
    """Answers what the demo site's truth says about each article (follow-ups marked 【续】 included)."""

    def __init__(self, items):
        self.by_title = {(a["title"], a["body"][:50]): a for a in items}

    def classify_many(self, pairs):
        out = []
        for title, body in pairs:
            a = self.by_title[(title.removeprefix("【续】"), body[:50])]
            sev = "high" if a["label"] != "none" else "low"
            out.append(StubVerdict(a["label"], {}, [], list(a["enterprises"]), [], a["district"], sev))
        return out


def store_demo_articles(database, items) -> None:
    """The demo site's reachable articles as stored articles, one source per portal."""
    with database.session() as s:
        sources = {p: Source(name=f"demo-{p}", kind="html") for p in {a["portal"] for a in items}}
        s.add_all(sources.values())
        s.flush()
        for a in items:
            s.add(Article(url=f"http://127.0.0.1:8800{a['path']}", title=a["title"], body=a["body"],
                          content_hash=a["path"], source_id=sources[a["portal"]].id,
                          published_at=dt.datetime.fromisoformat(a["published_at"])))
