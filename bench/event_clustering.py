"""Event clustering: articles/s assigned to events over generated articles, and pairwise precision/recall
on generated incidents and on the demo site's known incidents (demo.corpus.truth()).

    .venv/bin/python bench/event_clustering.py [--n 100000] [--skip-demo] [--with-classifier]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alerts.clustering import ArticleFeatures, EventIndex  # noqa: E402

DISTRICTS = ("城区", "海丰县", "陆丰市", "陆河县", "红海湾开发区", "华侨管理区")
TOWNS = ("附城镇", "可塘镇", "梅陇镇", "甲子镇", "博美镇", "河田镇", "水唇镇", "田墘街道", "香洲街道", "马宫街道", "东涌镇")
BRAND_CHARS = "鑫盛源海旺恒达宏兴顺康宁济民仁福华美佳祥瑞金泰丰裕隆昌嘉德鸿运兴旺诚信永安明珠天和利"
KINDS = {
    "food": [("食品有限公司", "卤味熟食", "疑似食物中毒"), ("餐饮店", "宴席菜品", "集体腹泻"), ("食品厂", "过期原料糕点", "无证生产"),
             ("水产加工厂", "泡发海产品", "违法添加"), ("团餐配送有限公司", "学生午餐", "变质异味")],
    "medical": [("诊所", "输液", "非法行医"), ("药店", "医保卡", "套刷医保"), ("医疗美容门诊部", "玻尿酸注射", "面部感染"),
                ("医疗器械经营部", "医用口罩", "不合格器械")],
    "safety": [("五金制品厂", "冲压机", "机械伤害"), ("建材有限公司", "仓库", "火灾"), ("燃气供应站", "液化气钢瓶", "爆燃"),
               ("石场", "边坡", "坍塌"), ("电子厂", "污水池", "有限空间中毒")],
}
LEADS = ("", "据报道，", "记者获悉，", "【关注】", "今日，", "网友爆料：", "最新消息：", "本网讯 ")
TAILS = ("", "事件正在进一步调查中。", "本网将持续关注。", "（完）", "来源：综合报道", "编辑：李明", "责任编辑：陈华")
FILLER = ("相关部门提醒市民提高警惕，发现问题及时举报。", "当地已开展专项排查，举一反三消除隐患。",
          "据了解，涉事单位此前曾多次被群众投诉。", "目前，伤者情绪稳定，善后工作有序推进。",
          "执法人员现场封存了相关物品和账册。", "附近居民表示，希望有关部门加强日常监管。")


SURNAMES = "陈林黄李张吴刘郑蔡许彭叶罗杨周徐何曾邱苏庄钟卢洪谢马"
PEOPLE = ("女士", "先生", "阿姨", "大叔", "师傅", "同学家长", "村民", "摊主", "工友", "店员")
ROADS = ("人民路", "香城路", "海滨大道", "二马路", "新港路", "金町湾路", "通港路", "红草大道", "东涌大道", "城东路",
         "龙山路", "文化路", "商业街", "渔港东路", "工业大道")
ACTS = ("闻到一股刺鼻的气味", "看到有人被抬上救护车", "发现产品包装上没有生产日期", "听到车间里一声巨响",
        "看到消防车呼啸而过", "收到亲戚在群里发的视频", "发现孩子回家后一直喊肚子疼", "排了很长的队才买到",
        "注意到店里的卫生状况很差", "看到执法人员贴上了封条")
TIMES = ("凌晨三点多", "上午十点左右", "中午吃饭时", "下午两点多", "傍晚六点", "晚上九点多", "前天夜里", "周末")


def details(rng: random.Random) -> str:
    """Sentences that belong to one incident only (its witnesses, places, numbers)."""
    out = []
    for _ in range(3):
        out.append(f"{rng.choice(SURNAMES)}{rng.choice(PEOPLE)}说，{rng.choice(TIMES)}在{rng.choice(ROADS)}"
                   f"{rng.randint(1, 300)}号附近{rng.choice(ACTS)}，前后大约{rng.randint(5, 90)}分钟。")
    return "".join(out)


def make_incident(rng: random.Random, i: int, start: dt.datetime) -> dict:
    domain = rng.choice(list(KINDS))
    suffix, thing, problem = rng.choice(KINDS[domain])
    district, town = rng.choice(DISTRICTS), rng.choice(TOWNS)
    brand = "".join(rng.sample(BRAND_CHARS, 2)) + rng.choice("轩记坊堂阁苑行")
    return {"id": f"inc-{i}", "label": domain, "district": district, "town": town, "brand": brand,
            "enterprise": f"{district}{brand}{suffix}", "thing": thing, "problem": problem,
            "n1": rng.randint(2, 40), "n2": rng.randint(1, 12), "start": start, "details": details(rng)}


def story(rng: random.Random, inc: dict) -> tuple[str, str]:
    e, d, t = inc["enterprise"], inc["district"], inc["town"]
    title = rng.choice([f"{d}{t}一{inc['thing']}引发{inc['problem']} {inc['n1']}人受影响",
                        f"{d}{inc['brand']}{inc['problem']}事件：{inc['n2']}人送医",
                        f"{t}{inc['thing']}出问题 {inc['brand']}被查"])
    body = (f"{inc['start'].month}月{inc['start'].day}日，{d}{t}{e}的{inc['thing']}出现{inc['problem']}问题，"
            f"先后有{inc['n1']}名群众受到影响，其中{inc['n2']}人被送医救治。{d}相关部门已介入调查，"
            f"对{e}的场所进行查封，相关样品已送检。" + inc["details"] + "".join(rng.sample(FILLER, 2)))
    return title, body


def follow_up(rng: random.Random, inc: dict) -> tuple[str, str]:
    e = inc["enterprise"]
    title = rng.choice([f"{inc['district']}通报{inc['brand']}{inc['problem']}事件调查处理结果",
                        f"{e}{inc['problem']}案处理结果公布：罚款{inc['n1']}万元"])
    body = (f"此前，{e}发生{inc['problem']}事件，引发社会关注。经调查，涉事单位存在违法违规行为，"
            f"依法对{e}作出罚款{inc['n1']}万元、责令停业整顿的处理，相关责任人被追究责任。" + rng.choice(FILLER))
    return title, body


def generate(n: int, seed: int = 20250401) -> list[dict]:
    """`n` labelled articles from incidents spread over a year; each knows its incident."""
    rng = random.Random(seed)
    t0 = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    out: list[dict] = []
    i = 0
    while len(out) < n:
        inc = make_incident(rng, i, t0 + dt.timedelta(minutes=rng.randint(0, 365 * 24 * 60)))
        i += 1
        k = min(n - len(out), max(1, int(rng.expovariate(1 / 6))))
        base_title, base_body = story(rng, inc)
        for j in range(k):
            when = inc["start"] + dt.timedelta(minutes=rng.randint(0, 3 * 24 * 60))
            if j > 0 and rng.random() < 0.15:
                title, body = follow_up(rng, inc)
                when += dt.timedelta(days=rng.randint(2, 10))
            elif j > 0 and rng.random() < 0.35:
                title, body = story(rng, inc)  # rewritten by another portal
            else:
                title = base_title
                body = rng.choice(LEADS) + base_body + rng.choice(TAILS)  # reprint
            ents = [inc["enterprise"]] if rng.random() < 0.7 else []  # the extractor misses some
            out.append({"incident": inc["id"], "label": inc["label"], "district": inc["district"], "title": title,
                        "body": body, "when": when, "enterprises": ents})
    out.sort(key=lambda a: a["when"])
    return out


def pairwise(truth: list[str], predicted: list[int]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering against the true incidents."""
    def pairs(counter):
        return sum(c * (c - 1) // 2 for c in counter.values())

    both = pairs(collections.Counter(zip(truth, predicted)))
    pred, true = pairs(collections.Counter(predicted)), pairs(collections.Counter(truth))
    return (both / pred if pred else 1.0), (both / true if true else 1.0)


def cluster(articles: list[dict], window_days: int = 21) -> tuple[list[int], float]:
    """Assign every article (in time order); returns event keys and seconds spent."""
    index = EventIndex(dt.timedelta(days=window_days))
    keys = []
    cpu = time.process_time()
    start = time.perf_counter()
    # features are independent of the index: built in one batch, as alerts.events does for a pass
    feats = ArticleFeatures.build_many((i, a["when"], a["label"], a["title"], a["body"], a["district"], a["enterprises"])
                                       for i, a in enumerate(articles))
    for i, (a, f) in enumerate(zip(articles, feats)):
        keys.append(index.assign(f)[0])
        if i % 5000 == 4999:
            index.prune(a["when"])
    cluster.cpu_seconds = time.process_time() - cpu  # the machine may be shared: CPU time is fairer
    return keys, time.perf_counter() - start


def through_store(articles: list[dict]) -> tuple[float, int, tuple[float, float, int]]:
    """Seconds to cluster already-classified articles stored in a fresh SQLite file (alerts.events), events
    created, and how long the next pass takes to load the open events: (from the state stored in
    Event.signature, rebuilt from the articles, events)."""
    import tempfile

    from sqlalchemy import update

    from alerts.events import cluster_pending, load_index
    from store.db import Database
    from store.models import Article, Event

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/bench.db")
        db.migrate()
        with db.session() as s:
            s.add_all([Article(url=f"http://bench.test/{i}", title=a["title"], body=a["body"], content_hash=str(i),
                               published_at=a["when"], label=a["label"], district=a["district"], severity="medium",
                               enterprises=a["enterprises"], classified_at=a["when"]) for i, a in enumerate(articles)])
        start = time.perf_counter()
        with db.session() as s:
            counts = cluster_pending(s, dt.timedelta(days=21), limit=len(articles))
        secs = time.perf_counter() - start
        last = articles[-1]["when"]
        with db.session() as s:
            start = time.perf_counter()
            loaded = len(load_index(s, last, dt.timedelta(days=21)).events)
            restored = time.perf_counter() - start
            s.execute(update(Event).values(signature=None))  # as before the state was stored
            start = time.perf_counter()
            load_index(s, last, dt.timedelta(days=21))
            rebuilt = time.perf_counter() - start
            s.rollback()
        db.dispose()
    return secs, int(counts["events_created"]), (restored, rebuilt, loaded)


def demo_articles(enterprises: str) -> list[dict]:
    """The demo site's event articles; enterprises from the truth, from the classifier, or none."""
    from demo.corpus import truth

    items = [a for a in truth() if a["label"] != "none"]
    verdicts = None
    if enterprises == "classifier":
        from classifier import load_classifier

        clf = load_classifier()
        verdicts = clf.classify_many([(a["title"], a["body"]) for a in items])
    out = []
    for i, a in enumerate(items):
        ents = a["enterprises"] if enterprises == "truth" else (verdicts[i].enterprises if verdicts else [])
        out.append({"incident": a["incident"] or f"single-{i}", "label": a["label"], "district": a["district"],
                    "title": a["title"], "body": a["body"], "enterprises": ents,
                    "when": dt.datetime.fromisoformat(a["published_at"])})
    out.sort(key=lambda a: a["when"])
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--skip-demo", action="store_true")
    p.add_argument("--store-n", type=int, default=5000, help="articles clustered through SQLite (0: skip)")
    p.add_argument("--with-classifier", action="store_true", help="also cluster with the classifier's enterprises")
    args = p.parse_args()

    t = time.perf_counter()
    articles = generate(args.n)
    print(f"generated {len(articles)} articles in {time.perf_counter() - t:.1f}s "
          f"({len({a['incident'] for a in articles})} incidents)")
    keys, secs = cluster(articles)
    prec, rec = pairwise([a["incident"] for a in articles], keys)
    cpu = cluster.cpu_seconds
    print(f"generated: {len(articles) / secs:,.0f} articles/s assigned to events by wall clock ({secs:.1f}s), "
          f"{len(articles) / cpu:,.0f} articles/s per CPU second ({cpu:.1f}s, one core), "
          f"{len(set(keys))} events for {len({a['incident'] for a in articles})} incidents, "
          f"pairwise precision {prec:.3f} recall {rec:.3f}")
    if args.store_n:
        secs, events, (restored, rebuilt, loaded) = through_store(articles[: args.store_n])
        print(f"through the store (SQLite, one transaction, outbox rows included): {args.store_n / secs:,.0f} "
              f"articles/s ({args.store_n} articles, {events} events, {secs:.1f}s)")
        print(f"next pass loads the {loaded} open events in {restored * 1000:.0f} ms from their stored state "
              f"(Event.signature); rebuilding them from their articles takes {rebuilt * 1000:.0f} ms")
    if args.skip_demo:
        return 0
    modes = ["truth", "none"] + (["classifier"] if args.with_classifier else [])
    for mode in modes:
        try:
            demo = demo_articles(mode)
        except Exception as exc:  # the classifier is optional here; say why it is missing
            print(f"demo site with enterprises from {mode}: unavailable ({type(exc).__name__}: {exc})")
            continue
        keys, _ = cluster(demo)
        prec, rec = pairwise([a["incident"] for a in demo], keys)
        print(f"demo site ({len(demo)} event articles, {len({a['incident'] for a in demo})} incidents, "
              f"enterprises from {mode}): {len(set(keys))} events, pairwise precision {prec:.3f} recall {rec:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
