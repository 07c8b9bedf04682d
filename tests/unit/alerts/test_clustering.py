"""Clustering: reprints and follow-ups join one event; other incidents, places and times stay apart."""

from __future__ import annotations

import datetime as dt
import random

from alerts.clustering import VERBATIM, VERBATIM_BANDS, ArticleFeatures, EventIndex, enterprise_core, minhash
from alerts.signatures import NUM_PERM, band_keys

T = dt.datetime(2025, 4, 1, 8, 0, tzinfo=dt.timezone.utc)
STORY = ("4月1日晚，海丰县附城镇海丰县鑫味源食品有限公司生产的卤味熟食在农贸市场销售后，先后有27名市民出现呕吐、"
         "腹泻等疑似食物中毒症状，其中12人被送医救治。陈女士说，她家是在人民路菜市场买的卤鸭。海丰县市场监督管理局"
         "已查封该公司生产车间，样品已送检。")
OTHER = ("4月2日，海丰县可塘镇海丰县金丰源食品有限公司的卤味熟食被指引发多人腹泻，先后有9名市民出现呕吐症状，"
         "其中3人被送医救治。李先生说，他是在城东路的摊档买的卤猪耳。海丰县市场监督管理局已查封该公司，样品已送检。")


def art(key, title, body, when=T, district="海丰县", ents=("海丰县鑫味源食品有限公司",), label="food"):
    return ArticleFeatures.build(key, when, label, title, body, district, list(ents))


def test_minhash_estimates_jaccard_and_is_stable():
    a, b = minhash("据报道，" + STORY), minhash(STORY + "（完）")
    assert (a == b).mean() > 0.8
    assert (minhash(STORY) == minhash("陆河县水唇镇一石场发生边坡坍塌事故，一名挖掘机司机被困三小时后获救。")).mean() < 0.1
    assert minhash(STORY).tolist() == minhash(STORY).tolist()


def test_reprints_and_a_follow_up_join_one_event():
    idx = EventIndex()
    k1, created = idx.assign(art(1, "海丰县多名市民食用卤味熟食后疑似食物中毒", STORY))
    assert created
    assert idx.assign(art(2, "【转载】海丰县多名市民疑似食物中毒", "据报道，" + STORY, ents=()))[0] == k1
    follow = art(3, "海丰县通报鑫味源食品有限公司食物中毒事件处理结果",
                 "经检测，鑫味源食品有限公司卤味熟食检出沙门氏菌，该公司被责令停产整顿并处罚款。",
                 when=T + dt.timedelta(days=6), ents=())
    assert idx.assign(follow) == (k1, False)  # names the enterprise only in its text


def test_a_formulaic_report_about_another_enterprise_is_another_event():
    idx = EventIndex()
    k1, _ = idx.assign(art(1, "海丰县一食品公司卤味熟食致多人疑似食物中毒", STORY))
    k2, created = idx.assign(art(2, "海丰县一食品公司卤味熟食致多人腹泻", OTHER, ents=("海丰县金丰源食品有限公司",)))
    assert created and k2 != k1


def test_a_verbatim_copy_joins_even_when_the_extractor_names_another_open_event():
    idx = EventIndex()
    body = STORY.replace("海丰县鑫味源食品有限公司", "一家食品公司").replace("附城镇", "")  # names nobody, no town
    k1, _ = idx.assign(art(1, "海丰县一食品公司卤味熟食致多人疑似食物中毒", body, ents=()))
    k2, _ = idx.assign(art(2, "海丰县一食品公司卤味熟食致多人腹泻", OTHER, ents=("海丰县金丰源食品有限公司",)))
    # the copy's extractor picked up the other event's enterprise: only a verbatim copy may still join
    copy = art(3, "海丰县一食品公司卤味熟食致多人疑似食物中毒", body + "（完）", ents=("海丰县金丰源食品有限公司",))
    assert idx.best_event(copy) == k1
    rewrite = art(4, "海丰县一食品公司卤味熟食致多人疑似食物中毒", "据报道，记者从多方了解到，" + body[:80],
                  ents=("海丰县金丰源食品有限公司",))
    assert idx.best_event(rewrite) != k1


def test_a_member_close_enough_to_be_a_copy_shares_the_bands_its_pruning_asks_for():
    rng = random.Random(11)
    base = minhash(STORY)
    seen = set()
    for _ in range(2000):
        sig = base.copy()
        for i in rng.sample(range(NUM_PERM), rng.randint(0, 4)):
            sig[i] ^= 1 + rng.randrange(1 << 20)
        shared = len(set(band_keys(sig)) & set(band_keys(base)))
        if (sig == base).mean() >= VERBATIM:
            assert shared >= VERBATIM_BANDS
            seen.add(shared)
    assert min(seen) == VERBATIM_BANDS  # the bound is tight: a copy may share no more than that


def test_other_district_and_outside_the_window_start_new_events():
    idx = EventIndex(dt.timedelta(days=21))
    k1, _ = idx.assign(art(1, "海丰县疑似食物中毒", STORY))
    assert idx.assign(art(2, "陆丰市疑似食物中毒", OTHER.replace("海丰县", "陆丰市"), district="陆丰市", ents=()))[1]
    late = art(3, "海丰县多名市民疑似食物中毒", "据报道，" + STORY, when=T + dt.timedelta(days=40))
    assert idx.assign(late)[1]


def test_enterprise_core_keeps_brands_and_drops_extractor_noise():
    assert enterprise_core("汕尾市城区海韵轩餐饮有限公司") == "海韵轩"
    assert enterprise_core("陆丰市甲子镇海旺水产加工厂") == "海旺水"
    assert enterprise_core("梅陇镇海丰县仁康诊所") == "仁康诊"
    for noise in ("南塘一五金厂", "紧急送往海丰县人民医院", "海丰县市场监督管理局", "五金制品厂", "公司仓库"):
        assert enterprise_core(noise) == ""


def _empty(idx: EventIndex) -> bool:
    """Nothing of any event is left in the index's look-up tables."""
    return (not idx.events and not idx._bands and not idx._by_enterprise and not idx._core_hashes
            and not idx._by_town and not idx._crowded and not idx._core_bits.any())


def test_prune_keeps_an_event_that_took_a_later_article_and_forgets_it_when_its_window_closes():
    idx = EventIndex(dt.timedelta(days=21))
    k1, _ = idx.assign(art(1, "海丰县多名市民食用卤味熟食后疑似食物中毒", STORY))
    assert idx.assign(art(2, "海丰县通报鑫味源食品有限公司食物中毒事件处理结果",
                          "经检测，鑫味源食品有限公司卤味熟食检出沙门氏菌，该公司被责令停产整顿并处罚款。",
                          when=T + dt.timedelta(days=15), ents=())) == (k1, False)
    idx.prune(T + dt.timedelta(days=25))  # 21 days after the first report, 10 after the newest
    assert list(idx.events) == [k1]
    assert idx.best_event(art(3, "【转载】海丰县多名市民疑似食物中毒", "据报道，" + STORY,
                              when=T + dt.timedelta(days=25), ents=())) == k1
    idx.prune(T + dt.timedelta(days=37))
    assert _empty(idx)


def test_a_long_stream_pruned_as_it_goes_holds_one_window_and_leaves_nothing_behind():
    pool = "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感"
    idx = EventIndex(dt.timedelta(days=21))
    held, bands = [], []
    for day in range(120):  # one incident a day, each in 14 reports that differ (more than the ring keeps)
        rng = random.Random(day)
        base = "".join(rng.choice(pool) for _ in range(150))
        brand = "".join(rng.sample(pool, 3))
        when = T + dt.timedelta(days=day)
        for i in range(14):
            idx.prune(when)
            idx.assign(art(day * 100 + i, f"海丰县{brand}食品有限公司出事", base + "".join(rng.choice(pool) for _ in range(30)),
                           when=when, ents=(f"海丰县{brand}食品有限公司",)))
        held.append(len(idx.events))
        bands.append(len(idx._bands))
    assert held[30:] == [22] * 90  # the events of one window (21 days and today), not of the whole stream
    assert max(bands[30:]) <= 1.1 * bands[30]  # and their bands only
    idx.prune(T + dt.timedelta(days=200))
    assert _empty(idx)


def test_a_restored_event_is_pruned_completely():
    original = EventIndex()
    k1, _ = original.assign(art(1, "海丰县多名市民疑似食物中毒", STORY))
    idx = EventIndex()
    assert idx.restore(k1, original.snapshot(k1), articles=1)
    idx.prune(T + dt.timedelta(days=22))
    assert _empty(idx)
