"""Event clustering: CPU per article at 10,000 and at 100,000 articles, the ratio, candidates and signatures
compared per article, and pairwise precision/recall, for the current code beside the previous one, in one run.

    .venv/bin/python bench/event_clustering.py [--sizes 10000 100000] [--repeats 3] [--modes stream year]

Articles are generated with a fixed seed: incidents with several reports each (reprints, rewrites by
other portals, follow-ups days later), spread over days, plus background single reports in the same
formulaic style. They are clustered in time order in passes of --pass articles (features built per pass,
as alerts.events.cluster_pending does) by the real alerts.clustering.EventIndex, in-process, each
algorithm driven as it is meant to be: the current one prunes closed events before every article (its
prune costs what it forgets), the previous one (alerts/clustering.py and alerts/signatures.py at
PREVIOUS, loaded from git) every 5,000 articles as its own bench did (its prune scans every event).

Two ways to grow from 10k to 100k articles:
- stream: a fixed rate (--per-day event articles a day), so 100k is ten times as many days; the open
  events of a window are as many at both sizes. This is a city's crawl running longer: the test of
  whether the cost per article stays flat as the articles (and events ever made) grow.
- year: both sizes over one year (the previous bench), so at 100k each window holds ten times as many
  open events and more of them share names, towns and boilerplate. This is ten times the sources
  over the same year (a province instead of a city): it measures how the cost grows with the events
  open at once (the density), not with how many articles came before.

Both sizes start after one window (WINDOW_DAYS) of articles at the same rate, assigned before the
clock starts, as a pass of the service starts with the window's open events loaded; without it the
small run would spend most of its articles filling an empty index (10k in the stream mode is 36 days,
21 of them filling) and look cheaper than the steady state. Precision / recall cover the timed articles.

CPU time (one core, process_time) per article covers features, candidate look-up, scoring, adding and
pruning; generation is outside. min / median / max over --repeats; the ratio is per repeat.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import gc
import importlib.util
import os
import random
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from alerts import clustering as current  # noqa: E402
from side_by_side import machine, spread  # noqa: E402

# The code before the per-article cost was made flat (3 text-only candidates already, prune scanning all events).
PREVIOUS = "492562878f1ba4a2fa67d445af5866690a2c6417"

DISTRICTS = ("城区", "海丰县", "陆丰市", "陆河县", "红海湾开发区", "华侨管理区")
TOWNS = ("附城镇", "可塘镇", "梅陇镇", "甲子镇", "博美镇", "河田镇", "水唇镇", "田墘街道", "香洲街道", "马宫街道", "东涌镇",
         "公平镇", "赤坑镇", "大安镇", "碣石镇", "南塘镇", "上英镇", "螺溪镇", "东坑镇", "捷胜镇", "遮浪街道", "汕尾港街道")
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
NOTICE_BODIES = ("近日，{d}市场监督管理局对辖区{thing}开展监督抽检，{e}等{n1}家单位的{n2}批次产品不合格，"
                 "已责令相关单位立即整改，依法立案调查。",
                 "{d}应急管理局通报：{t}{e}因{problem}隐患未按期整改，被处以罚款{n1}万元，责令停产停业整顿{n2}日。",
                 "{d}卫生健康局发布提示：{t}近期接到{n1}宗关于{thing}的投诉，{e}已被约谈，请群众注意辨别。")
WINDOW_DAYS = 21  # alerting default: an event takes articles until 21 days after its newest one
BACKGROUND = 0.3  # share of articles that are single reports (notices, one-off complaints)


def details(rng: random.Random) -> str:
    """Sentences that belong to one incident only (its witnesses, places, numbers)."""
    return "".join(f"{rng.choice(SURNAMES)}{rng.choice(PEOPLE)}说，{rng.choice(TIMES)}在{rng.choice(ROADS)}"
                   f"{rng.randint(1, 300)}号附近{rng.choice(ACTS)}，前后大约{rng.randint(5, 90)}分钟。" for _ in range(3))


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


def notice(rng: random.Random, inc: dict) -> tuple[str, str]:
    """A background single report: a formulaic notice naming one enterprise."""
    title = rng.choice([f"{inc['district']}通报一批{inc['thing']}抽检结果", f"{inc['town']}{inc['brand']}被责令整改",
                        f"{inc['district']}发布{inc['thing']}消费提示"])
    body = rng.choice(NOTICE_BODIES).format(d=inc["district"], t=inc["town"], e=inc["enterprise"], thing=inc["thing"],
                                            problem=inc["problem"], n1=inc["n1"], n2=inc["n2"])
    return title, body + rng.choice(FILLER) + rng.choice(TAILS)


def generate(n: int, days: float, seed: int = 20250401) -> list[dict]:
    """`n` labelled articles whose incidents start over `days` days, in time order; each knows its incident."""
    rng = random.Random(seed)
    t0 = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    minutes = max(1, int(days * 24 * 60))
    out: list[dict] = []
    i = 0
    while len(out) < n:
        inc = make_incident(rng, i, t0 + dt.timedelta(minutes=rng.randint(0, minutes)))
        i += 1
        if rng.random() < BACKGROUND:
            title, body = notice(rng, inc)
            out.append({"incident": inc["id"], "label": inc["label"], "district": inc["district"], "title": title,
                        "body": body, "when": inc["start"], "enterprises": [inc["enterprise"]] if rng.random() < 0.7
                        else []})
            continue
        k = min(n - len(out), max(2, int(rng.expovariate(1 / 7))))
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


def load_previous() -> types.ModuleType | None:
    """alerts/clustering.py with its alerts/signatures.py at PREVIOUS, as modules of their own (None without git)."""
    try:
        def show(path: str) -> str:
            return subprocess.run(["git", "-C", str(ROOT), "show", f"{PREVIOUS}:{path}"], check=True,
                                  capture_output=True, text=True).stdout
        sig_src, clu_src = show("alerts/signatures.py"), show("alerts/clustering.py")
    except (OSError, subprocess.CalledProcessError):
        return None
    mods = []
    for name, src in (("_previous_signatures", sig_src),
                      ("_previous_clustering", clu_src.replace("from alerts.signatures import",
                                                               "from _previous_signatures import"))):
        spec = importlib.util.spec_from_loader(name, loader=None)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        exec(compile(src, f"{PREVIOUS[:8]}:{name}", "exec"), mod.__dict__)
        mods.append(mod)
    return mods[1]


def cluster(mod, articles: list[dict], every_article: bool, per_pass: int, window_days: int = WINDOW_DAYS,
            count: bool = False, warm: int = 0) -> tuple[list[int], float, dict]:
    """Assign every article in time order with `mod`'s EventIndex; (event keys, CPU seconds, look-up counts).

    The first `warm` articles (one window's worth) are assigned before the clock starts and are not in
    the keys or counts: a pass of the service starts with the window's open events loaded
    (alerts.events.load_index), not with an empty index.
    `count`: also count candidate events and member signatures compared per article (slower; not timed)."""
    index = mod.EventIndex(dt.timedelta(days=window_days))
    counts = collections.Counter()
    if count:  # every candidate an article is scored against goes through one best_overlap call
        store, overlap = index._sigs, index._sigs.best_overlap

        def counted(rows, sig, *args):
            counts["candidates"] += len(rows)
            for members in store._sigs[rows]:  # slots not filled yet repeat the first member: count it once
                counts["signatures"] += len({m.tobytes() for m in members})
            return overlap(rows, sig, *args)
        store.best_overlap = counted
    keys: list[int] = []

    def run(part: list[dict], offset: int, out: list[int] | None) -> None:
        for start in range(0, len(part), per_pass):  # features per pass, as cluster_pending builds them
            batch = part[start:start + per_pass]
            feats = mod.ArticleFeatures.build_many(
                (offset + start + i, a["when"], a["label"], a["title"], a["body"], a["district"], a["enterprises"])
                for i, a in enumerate(batch))
            for i, (a, f) in enumerate(zip(batch, feats), start=offset + start):
                if every_article:
                    index.prune(a["when"])
                elif i % 5000 == 4999:
                    index.prune(a["when"])
                key = index.assign(f)[0]
                if out is not None:
                    out.append(key)

    if warm:
        if count:
            store.best_overlap = overlap
        run(articles[:warm], 0, None)
        if count:
            store.best_overlap = counted
    gc.collect()
    cpu = time.process_time()
    run(articles[warm:], warm, keys)
    cpu = time.process_time() - cpu
    counts["open events"] = len(index.events)
    return keys, cpu, counts


def demo_articles() -> list[dict]:
    """The demo site's event articles with the enterprises of its truth, in time order."""
    from demo.corpus import truth

    items = [a for a in truth() if a["label"] != "none"]
    out = [{"incident": a["incident"] or f"single-{i}", "label": a["label"], "district": a["district"],
            "title": a["title"], "body": a["body"], "enterprises": a["enterprises"],
            "when": dt.datetime.fromisoformat(a["published_at"])} for i, a in enumerate(items)]
    out.sort(key=lambda a: a["when"])
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs=2, default=[10_000, 100_000], metavar=("SMALL", "LARGE"))
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--modes", nargs="+", choices=["stream", "year"], default=["stream", "year"])
    p.add_argument("--per-day", type=float, default=274.0,
                   help="event articles a day in the stream mode (274: the year mode's density at 100k)")
    p.add_argument("--pass", dest="per_pass", type=int, default=1000, help="articles per pass (features per pass)")
    p.add_argument("--no-previous", action="store_true", help="only the current code")
    args = p.parse_args()

    print(machine())
    previous = None if args.no_previous else load_previous()
    if previous is None and not args.no_previous:
        print(f"previous code ({PREVIOUS[:10]}) unavailable: no git history; current code only")
    algos = [("current", current, True)] + ([("previous", previous, False)] if previous else [])
    small, large = args.sizes
    for mode in args.modes:
        days = {n: (n / args.per_day if mode == "stream" else 365.0) for n in (small, large)}
        # one window of articles before the timed ones, at the same rate: assigned untimed (see cluster())
        warm = {n: round(n / days[n] * WINDOW_DAYS) for n in (small, large)}
        sets = {n: generate(n + warm[n], days[n] + WINDOW_DAYS) for n in (small, large)}
        print(f"\n[{mode}] " + "; ".join(
            f"{n:,} articles over {days[n]:.0f} days ({n / days[n]:.0f} a day, "
            f"{len({a['incident'] for a in sets[n][warm[n]:]}):,} incidents), after {warm[n]:,} untimed "
            f"({WINDOW_DAYS} days)" for n in (small, large)))
        cost = {(name, n): [] for name, _, _ in algos for n in (small, large)}
        for _ in range(args.repeats):  # interleaved, so that both codes and sizes meet the same load
            for name, mod, every in algos:
                for n in (small, large):
                    _, cpu, _ = cluster(mod, sets[n], every, args.per_pass, warm=warm[n])
                    cost[(name, n)].append(cpu / n * 1e6)
        for name, mod, every in algos:
            ratios = [b / a for a, b in zip(cost[(name, small)], cost[(name, large)])]
            print(f"  {name}: CPU per article {spread(cost[(name, small)])} us at {small:,} | "
                  f"{spread(cost[(name, large)])} us at {large:,} | ratio {spread(ratios)} "
                  f"(min / median / max of {args.repeats} repeats; goal <= 1.15)")
            for n in (small, large):
                keys, _, counts = cluster(mod, sets[n], every, args.per_pass, count=True, warm=warm[n])
                prec, rec = pairwise([a["incident"] for a in sets[n][warm[n]:]], keys)
                print(f"    {n:,}: {counts['candidates'] / n:.2f} candidate events and {counts['signatures'] / n:.2f} "
                      f"member signatures compared per article; {len(set(keys)):,} events; pairwise precision "
                      f"{prec:.4f} recall {rec:.4f}; {counts['open events']:,} events held at the end")
        del sets
    demo = demo_articles()
    for name, mod, every in algos:
        keys, _, _ = cluster(mod, demo, every, args.per_pass)
        prec, rec = pairwise([a["incident"] for a in demo], keys)
        print(f"demo site ({len(demo)} event articles, {len({a['incident'] for a in demo})} incidents, enterprises "
              f"from its truth), {name}: {len(set(keys))} events, pairwise precision {prec:.4f} recall {rec:.4f}")
    print(f"load average at the end: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
