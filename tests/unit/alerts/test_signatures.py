"""Signatures and the stored clustering state: exact MinHash, the member ring, snapshot and restore."""

from __future__ import annotations

import datetime as dt

import numpy as np

from alerts.clustering import ArticleFeatures, EventIndex, normalize
from alerts.signatures import _A, _B, MAX_MEMBERS, MemberStore, decode_signatures, encode_signatures, minhash

T = dt.datetime(2025, 4, 1, 8, 0, tzinfo=dt.timezone.utc)
STORY = ("4月1日晚，海丰县附城镇海丰县鑫味源食品有限公司生产的卤味熟食在农贸市场销售后，先后有27名市民出现呕吐、"
         "腹泻等疑似食物中毒症状，其中12人被送医救治。海丰县市场监督管理局已查封该公司生产车间，样品已送检。")
OTHER = ("4月2日，陆河县水唇镇一石场发生边坡坍塌事故，一名挖掘机司机被困三小时后获救，陆河县应急管理局已责令"
         "该石场停产整顿。")


def slow_minhash(text: str) -> list[int]:
    """The definition, one shingle and one seed at a time (Python integers, no wrapping tricks)."""
    t = normalize(text)
    codes = [ord(c) for c in t] + [0] * max(0, 3 - len(t))
    values = []
    for a, b in zip(_A.tolist(), _B.tolist()):
        best = None
        for i in range(len(codes) - 2):
            h = (((codes[i] * 0x9E3779B1 + codes[i + 1]) % 2**64) * 0x85EBCA77 + codes[i + 2]) % 2**64
            h = (h ^ (h >> 29)) & 0xFFFFFFFF
            v = ((a * h + b) % 2**64) >> 32
            best = v if best is None else min(best, v)
        values.append(best)
    return values


def test_minhash_matches_its_definition():
    for text in (STORY, OTHER, "ab", "", "Ａ汕尾市 city 123"):
        assert minhash(text).tolist() == slow_minhash(text)


def test_member_ring_keeps_the_first_and_the_latest_signatures():
    store = MemberStore(capacity=1)
    sigs = [np.full(64, i, dtype=np.uint32) for i in range(20)]
    row = store.new_row(sigs[0])
    for i, sig in enumerate(sigs[1:], start=1):
        store.add(row, i, sig)
    kept = sorted(int(s[0]) for s in store.members(row, 20))
    assert kept == [0, 1, 2, 3, 4, 5, 14, 15, 16, 17, 18, 19] and len(kept) == MAX_MEMBERS
    other = store.new_row(sigs[7])  # the store grows past its capacity
    assert store.best_overlap([row, other], sigs[7]) == [0.0, 1.0]


def test_signatures_survive_encoding():
    sigs = np.stack([minhash(STORY), minhash(OTHER)])
    assert (decode_signatures(encode_signatures(sigs)) == sigs).all()


def art(key, title, body, when=T, ents=("海丰县鑫味源食品有限公司",), district="海丰县", label="food"):
    return ArticleFeatures.build(key, when, label, title, body, district, list(ents))


def test_a_restored_index_assigns_like_the_original():
    first = [art(1, "海丰县多名市民疑似食物中毒", STORY),
             art(2, "陆河县一石场边坡坍塌", OTHER, ents=(), district="陆河县", label="safety")]
    later = [art(3, "【转载】海丰县多名市民疑似食物中毒", "据报道，" + STORY, when=T + dt.timedelta(hours=5), ents=()),
             art(4, "海丰县通报鑫味源食品有限公司食物中毒事件处理结果", "经检测，鑫味源食品有限公司卤味熟食检出沙门氏菌。",
                 when=T + dt.timedelta(days=6), ents=()),
             art(5, "陆河县石场坍塌事故续：司机已脱险", "据报道，" + OTHER, when=T + dt.timedelta(days=1), ents=(),
                 district="陆河县", label="safety")]
    original = EventIndex()
    keys = [original.assign(f)[0] for f in first]
    restored = EventIndex()
    for k in keys:
        assert restored.restore(k, original.snapshot(k), articles=1)
    assert [restored.assign(f) for f in later] == [original.assign(f) for f in later] == [
        (1, False), (1, False), (2, False)]
    assert restored.snapshot(1) == original.snapshot(1)


def test_restore_refuses_unusable_state():
    index = EventIndex()
    index.assign(art(1, "海丰县多名市民疑似食物中毒", STORY))
    good = index.snapshot(1)
    fresh = EventIndex()
    assert not fresh.restore(1, good, articles=2)  # a merge or a lost pass changed the event since
    assert not fresh.restore(1, None)
    assert not fresh.restore(1, {**good, "v": 0})
    assert not fresh.restore(1, {**good, "sigs": "bm90IGEgc2lnbmF0dXJl"})
    assert not fresh.restore(1, {**good, "first": 5})
    assert not fresh.restore(1, ["a", "list"])
    assert fresh.events == {} and fresh.best_event(art(9, "海丰县疑似食物中毒", STORY)) is None
    assert fresh.restore(1, good, articles=1)
    assert fresh.best_event(art(9, "海丰县疑似食物中毒", STORY)) == 1


def test_features_in_a_batch_equal_one_by_one():
    rows = [(1, T, "food", "海丰县多名市民疑似食物中毒", STORY, "海丰县", ["海丰县鑫味源食品有限公司"]),
            (2, T, "safety", "", "", None, []), (3, T, "safety", "坍塌", "石场", "陆河县", None),
            (4, T, "safety", "陆河县一石场边坡坍塌", OTHER * 10, "陆河县", ["陆河县某石场", 7])]
    for one, batch in zip([ArticleFeatures.build(*r) for r in rows], ArticleFeatures.build_many(rows), strict=True):
        assert one.signature.tolist() == batch.signature.tolist() and one.scan.tolist() == batch.scan.tolist()
        assert (one.text, one.terms, one.enterprises, one.towns, one.bands) == (
            batch.text, batch.terms, batch.enterprises, batch.towns, batch.bands)


def test_overlap_read_from_the_filled_slots_only_is_the_same():
    store = MemberStore(capacity=4)
    sigs = [np.full(64, i, dtype=np.uint32) for i in range(4)]
    three = store.new_row(sigs[0])
    for i in (1, 2):
        store.add(three, i, sigs[i])
    one = store.new_row(sigs[3])
    probe = sigs[2].copy()
    probe[:16] = 99  # three quarters of member 2
    assert store.best_overlap([three, one], probe, 3) == store.best_overlap([three, one], probe) == [0.75, 0.0]
    assert store.best_overlap([one], sigs[3], 1) == [1.0]
