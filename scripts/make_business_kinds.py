"""Write classifier/data/business_kinds.txt: kinds of business (冷库, 物流园, 建材行, 砖场) mined from jieba's dictionary.

    .venv/bin/python scripts/make_business_kinds.py [--check]

The name-shape rules (classifier/enterprise_names.py) list the suffixes of enterprise names by hand, and every
blind batch found a kind the list lacked. A name a report gives with its place (海丰县赤坑镇宏兴砖场) ends in
a kind of business: a common noun that ends in a head of a workplace (库, 园, 场, 站, 行, 档, 庄, 屋, 吧, 社, 所,
室, 中心, 门诊). This script takes every such noun from the dictionary jieba ships (dict.txt, ~350k words with
part-of-speech tags):

- a word of 2-4 characters tagged n, nz or vn (a common noun; nt names one organisation, not a kind),
- ending in one of those heads, with something before the head,
- whose part before the head, when longer than one character, is itself a word of goods, a trade or a
  service by jieba's tags (物流|园, 建材|行; not a place or a person, 北京|站, nor part of an idiom, 身体力|行),
- and that is no public body, public place, room, part of a thing or abstract word (DENY below: 派出所,
  气象站, 公园, 水库, 广场, 教室, 数据库, 罪行 ...): those end like a workplace but name none.

The recognizer accepts a name ending in one of these kinds only when it starts with the city or a county
(like the generic endings 店/院/馆) and has a brand of its own, so a kind wrongly kept costs little. The file
records jieba's version; `--check` exits 1 when the shipped file differs from what the installed jieba gives.
It also writes classifier/data/common_words.txt (the dictionary's common words, COMMON_WORD_FREQ below), so
that the recognizer need not read jieba's 350k-line dictionary in every process, and
classifier/data/kind_words.txt, the word classes with which the recognizer composes a kind the dictionary
lacks (口腔门诊, 液化气站, 冷冻库: a goods or service word and a workplace head) and refuses a clause (家属质疑会所):

- goods: words of 2-3 characters tagged as nouns or abbreviations, counted GOODS_FREQ times or more (口腔,
  液化气, 海鲜; jieba tags 海鲜 as a place, so ns is kept), and single characters that are nouns (砂, for
  采砂场 made like 采石场) and three-character nouns at any count (卡丁车, for 卡丁车场); service: verbs of 2-3 characters as often (冷冻, 回收, 保护),
- not_kind: words that end in a head but name no business, so that no composed kind may end in them: every
  denied word (DENY), and a two-character word that is common or no noun (有所, 进行, 立场); this also holds for
  the heads 部 and 点 (NOT_KIND_HEADS: 干部, 内部, 优点), from which no kind is mined,
- verb: common verbs of two characters (VERB_FREQ: 质疑, 投诉), for a name with no place made of a subject
  and a verb before the kind,
- brand_word: common words of two characters tagged as places, names or qualities (南海, 阳光, 幸福), which
  may be a brand after a town (海丰县鲘门镇南海冰室).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "classifier" / "data" / "business_kinds.txt"
# A brand made only of words the dictionary counts this often is no brand (classifier/enterprise_names.py
# common_words_only): 宏兴 5, 海通 38, 渔港 124; 海洋 4068, 建设 26381.
COMMON_WORD_FREQ = 1000
COMMON_OUT = REPO / "classifier" / "data" / "common_words.txt"
# 排档 (大排档, 海鲜排档: a food stall) is a head of its own: alone jieba tags it a verb (shifting gears). 城 is
# a shopping or play place (家具城, 电玩城) only after goods: a two-character 城 word is a town (县城, 省城).
# 基地 (蔬菜基地, 种植基地) and 窑 (砖窑, 石灰窑) are heads of farms and kilns, 营地 of a camp (露营地).
HEADS = ("中心", "门诊", "排档", "基地", "营地", "城", "库", "园", "场", "站", "行", "档", "庄", "屋", "吧", "社", "所", "室", "窑")
# Heads the recognizer composes kinds with (维修|部, 回收|点) but no kind is mined for: the dictionary's words ending
# in them are mostly no business (组织部, 优点). They only give not_kind words (干部, 内部, 地点, 重点).
NOT_KIND_HEADS = ("部", "点")
# Businesses the recognizer composes with those heads: no not_kind word may be their tail (营部, a battalion's
# office, is the end of 经营部).
NOT_KIND_HEAD_BUSINESSES = ("经营部", "营业部", "门市部", "小卖部", "服务部", "维修部", "销售部", "回收点", "代售点",
                            "销售点")
TAGS = {"n", "nz", "vn"}
# What the part before the head may be (goods, a trade, a service: 物流|园, 建材|行, 客运|站); a place or a
# person (北京|站, 汉口|站), an adverb, a pronoun or a number is not.
BEFORE_TAGS = {"n", "nz", "vn", "v", "ng", "vg", "an", "a"}
# A two-character kind (冷库, 砖场, 茶行) is kept when it is common in the dictionary (jieba's count) and its
# first character is a noun or an adjective of goods: 有所, 数场, 全所, 本站 are not.
MIN_FREQ_SHORT = 20
# zg is what jieba gives many single characters of goods and land (农 of 农庄/农场, 车 of 车行, 土 of 土屋).
SHORT_BEFORE_TAGS = {"n", "ng", "a", "ag", "vn", "zg"}
# What ends like a workplace but names none: public bodies and places, transport, rooms, parts of a
# thing, data, abstract words (matched against the whole word).
DENY = re.compile(
    r"^(?:.*(?:公园|花园|家园|校园|陵园|墓园|田园|庭园|"  # parks and gardens (游乐园 and 乐园 stay)
    r"水库|国库|金库|宝库|数据库|文库|题库|知识库|资料库|信息库|资源库|字库|词库|图库|书库|智库|思想库|人才库|"
    r"武器库|军火库|弹药库|火药库|核武库|军械库|血库|骨髓库|眼库|语料库|程序库|病毒库|素材库|"
    r"广场|现场|立场|战场|主场|客场|磁场|电场|力场|会场|考场|官场|情场|刑场|法场|靶场|操场|校场|教场|"
    r"疆场|沙场|坟场|墓场|火葬场|道场|赛场|球场|运动场|体育场|训练场|半场|全场|上场|下场|出场|入场|进场|"
    r"退场|离场|登场|开场|收场|散场|圆场|过场|排场|用场|视场|冷场|怯场|终场|临场|中场|前场|后场|外场|"
    r"市场|机场|停车场|发射场|试验场|实验场|演习场|演兵场|竞技场|角斗场|"
    r"网站|车站|电站|基站|兵站|总站|分站|小站|大站|首站|前站|本站|全站|进站|过站|报站|接站|驻站|"
    r"空间站|太空站|航天站|航空站|地面站|观测站|监测站|气象站|水文站|雨量站|检查站|边检站|边防站|检疫站|"
    r"收费站|记者站|文化站|广播站|工作站|接收站|控制站|测控站|跟踪站|发射站|中继站|联络站|连络站|情报站|"
    r"哨站|交通站|通信站|投票站|辅导站|推广站|农技站|兽医站|林业站|防疫站|急救站|医疗站|血站|遣送站|"
    r"泵站|变电站|配电站|换流站|开关站|枢纽站|编组站|始发站|火车站|地铁站|轻轨站|客站|岸站|陆站|轨道站|"
    r"垃圾站|电管站|排灌站|电灌站|扬水站|抽水站|"
    r"银行|央行|总行|分行|支行|世行|人行|开户行|代理行|"
    r"研究所|派出所|看守所|拘留所|戒毒所|收容所|公所|哨所|指挥所|观察所|场所|厕所|住所|居所|寓所|"
    r"监所|管教所|少管所|教养所|税务所|地税所|邮政所|邮电所|储蓄所|营业所|管理所|检验所|检疫所|监察所|"
    r"运管所|环卫所|粮所|庇护所|难民所|隐蔽所|隐藏所|交易所|科研所|设计所|实验所|语言所|考古所|"
    r"通讯社|新华社|报社|杂志社|出版社|画报社|日报社|晚报社|时报社|新闻社|电讯社|图片社|公社|神社|"
    r"信用社|供销社|农信社|联社|县联社|信用联社|学社|诗社|文学社|剧社|书社|"
    r"办公室|实验室|研究室|教研室|会议室|教室|卧室|寝室|浴室|盥洗室|地下室|居室|起居室|内室|密室|暗室|"
    r"王室|皇室|宗室|帝室|宫室|墓室|心室|脑室|鼓室|房室|燃烧室|驾驶室|船长室|值班室|传达室|门卫室|"
    r"休息室|候车室|候机室|候诊室|阅览室|资料室|档案室|储藏室|贮藏室|更衣室|化妆室|会客室|接待室|"
    r"贵宾室|秘书室|经理室|财务室|会计室|调研室|参事室|督察室|监察室|计划室|调度室|编辑室|演播室|"
    r"放映室|广播室|手术室|急诊室|急救室|监护室|治疗室|诊室|病室|观察室|检查室|化验室|医务室|医疗室|"
    r"标本室|展室|展览室|纪念室|荣誉室|活动室|图书室|自习室|学习室|课室|音乐室|美术室|语音室|微机室|"
    r"控制室|指挥室|作战室|禁闭室|囚室|刑讯室|行刑室|毒气室|真空室|冷冻室|气室|隔室|舱室|科室|处室|"
    r"文档|建档|读档|图档|字档|编档|风档|裤档|胯档|垫档|衣档|靶档|轴档|签名档|倒车档|"
    r"村社|圩场|赌场|车库|宅基地|军事基地|导弹基地|海军基地|空军基地|复兴基地|游戏基地|产业基地|官窑|"  # a village, a market day's ground, a gambling den, a garage
    r"村庄|坐庄|做庄|作庄|跟庄|义庄|皇庄|"
    r"房屋|茅屋|瓦屋|草屋|土屋|堂屋|里屋|外屋|内屋|正屋|前屋|后屋|老屋|祖屋|新屋|空屋|破屋|陋屋|矮屋|"
    r"棚屋|鬼屋|金屋|黄金屋|白屋|租屋|购屋|换屋|公屋|居屋|住屋|出租屋|漏屋|家屋|场屋|架屋|柴屋|"
    r"市中心|城中心|分中心|撞击中心|扩散中心|位似中心|约化中心|疾控中心|指挥中心|市政中心|"
    r"专家门诊|命令行|提示行|空白行|少年行|侠客行|琵琶行|短歌行|校园行|公益行|网上行|发卡行|互换行|"
    r"名古屋|总会屋|聊天室|聊天站|笑话站|贴图站|源码站|软件站|音乐站|电影站|阅读站|门户站|图片站|成人站|"
    r"靠边站|招呼站|排排站|站长站|动力站|液压站|发烧站|多次站|处子站|未名站|字幕站|直播站|无盘站)"
    r")$"
    r"|^车场$"  # a car park (洗车场, a car wash, stays)
    r"|^.城$|^(?:.*(?:长城|京城|共青城|基督城|大学城|模范城|航天城|核工业城|石油城|螺旋城|魔鬼城|浮游城|足球城|"
    r"太空城|旅游城|文化城|水晶城|性爱城|卫星城|不夜城|紫禁城|山城|古城|新城|老城|县城|省城))$"  # towns, nicknames
    r"|^.?行$"  # 旅行, 罪行, 先行, 风行 ...: a two-character 行 word is a trading house only by its goods (below)
)
# Two-character 行 words that are trading houses (a goods word + 行): the dictionary's own, checked by hand.
TRADING_HOUSES = frozenset({"商行", "车行", "琴行", "洋行", "金行", "药行", "茶行", "鞋行", "米行", "马行"})
# Businesses inside a denied ending (充电站 ends like 电站, a power station).
TRADING_HOUSES |= {"充电站", "换电站"}


def _jieba_dict() -> tuple[Path, str]:
    import jieba

    return Path(jieba.__file__).resolve().parent / "dict.txt", getattr(jieba, "__version__", "?")


def _read_dict() -> tuple[dict[str, str], dict[str, int], str]:
    """(tags, counts, jieba version) of the installed jieba's dictionary."""
    path, version = _jieba_dict()
    tags: dict[str, str] = {}
    freq: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            tags[parts[0]] = parts[2]
            freq[parts[0]] = int(parts[1])
    return tags, freq, version


# A goods or service word (口腔, 液化气, 冷冻) is counted at least this often; a common verb (质疑, 投诉) this often.
GOODS_FREQ = 5
GOODS_TAGS = {"n", "nz", "ns", "j"}
# A noun of three characters is goods at any count (卡丁车 3, 摩托艇 4): a kind of goods a report names is an
# open class, and a rare three-character noun is a thing far more often than a phrase.
RARE_GOODS_TAGS = {"n", "nz"}
SERVICE_TAGS = {"v", "vn"}
VERB_FREQ = 300
# Common words a shop takes for its brand: places, names and qualities (南海, 阳光, 幸福, 东方), not a common noun
# of a thing or an activity (垃圾, 政务, 海洋 is a place too but needs a town before it: see the recognizer).
BRAND_WORD_TAGS = {"ns", "nr", "nrt", "nz", "s", "a"}
NOUN_TAGS = {"n", "nz", "vn", "ng", "j"}
KIND_WORDS_OUT = REPO / "classifier" / "data" / "kind_words.txt"


def kind_words(tags: dict[str, str], freq: dict[str, int], kinds: set[str]) -> list[tuple[str, str]]:
    """(word, class) pairs: goods words, words ending in a head that name no business, common verbs."""
    out = [(w, "service" if t in SERVICE_TAGS else "goods") for w, t in tags.items() if freq[w] >= GOODS_FREQ and (
        2 <= len(w) <= 3 and t in GOODS_TAGS | SERVICE_TAGS or len(w) == 1 and t in ("n", "ng"))  # 砂 of 采砂场
        or len(w) == 3 and t in RARE_GOODS_TAGS and freq[w] < GOODS_FREQ]  # 卡丁车: a thing, however rare
    for word, tag in tags.items():
        head = next((h for h in HEADS + NOT_KIND_HEADS if word.endswith(h) and len(word) > len(h)), None)
        if head is None or word in kinds or word in HEADS or not 2 <= len(word) <= 5:
            continue
        if head in NOT_KIND_HEADS and any(b.endswith(word) for b in NOT_KIND_HEAD_BUSINESSES):
            continue
        short = len(word) == len(head) + 1
        if DENY.search(word) and word not in TRADING_HOUSES or short and (freq[word] >= MIN_FREQ_SHORT
                                                                           or tag not in NOUN_TAGS):
            out.append((word, "not_kind"))
    out += [(w, "verb") for w, t in tags.items() if len(w) == 2 and t == "v" and freq[w] >= VERB_FREQ]
    out += [(w, "brand_word") for w in common_words(freq) if len(w) == 2 and tags[w] in BRAND_WORD_TAGS]
    return sorted(out, key=lambda p: (p[1], p[0]))


def render_kind_words(pairs: list[tuple[str, str]], version: str) -> str:
    """The word classes as sections ("[goods]" and one word a line), read by one split per section."""
    classes: dict[str, list[str]] = {}
    for word, cls in pairs:
        classes.setdefault(cls, []).append(word)
    return (f"# Word classes for composing kinds of business, from jieba {version}'s dict.txt by "
            f"scripts/make_business_kinds.py ({len(pairs)} words): a [class] line (goods, service, not_kind, verb), "
            f"then its words, one a line\n" + "".join(f"[{cls}]\n" + "".join(w + "\n" for w in words)
                                                    for cls, words in sorted(classes.items())))


def common_words(freq: dict[str, int]) -> list[str]:
    """Words of 2-4 characters the dictionary counts at least COMMON_WORD_FREQ times (海洋, 建设; not 宏兴)."""
    return sorted(w for w, n in freq.items() if 2 <= len(w) <= 4 and n >= COMMON_WORD_FREQ)


def mine() -> tuple[list[str], str]:
    """(kinds, jieba version) from the installed jieba's dictionary."""
    tags, freq, version = _read_dict()
    return kinds_of(tags, freq), version


def kinds_of(tags: dict[str, str], freq: dict[str, int]) -> list[str]:
    """The kinds of business among the dictionary's words (see the module's docstring)."""
    kinds = set()
    for word, tag in tags.items():
        if tag not in TAGS or not 2 <= len(word) <= 4:
            continue
        head = next((h for h in HEADS if word.endswith(h) and len(word) > len(h)), None)
        if head is None:
            continue
        before = word[: -len(head)]
        if len(before) == 1 and (freq[word] < MIN_FREQ_SHORT or tags.get(before) not in SHORT_BEFORE_TAGS):
            continue  # 有所, 数场, 全所: one character and a head are a word of goods (冷库, 砖场) only when common
        if len(before) > 1 and tags.get(before) not in BEFORE_TAGS:
            continue  # 身体力|行, 顺利进|行: an idiom or phrase, not goods or a trade before the head
        if word in TRADING_HOUSES or not DENY.search(word):
            kinds.add(word)
    return sorted(kinds, key=lambda w: (w[-1], len(w), w))


def render(kinds: list[str], version: str) -> str:
    return (f"# Kinds of business ending in a workplace head, mined from jieba {version}'s dict.txt by "
            f"scripts/make_business_kinds.py ({len(kinds)} words); one a line\n" + "\n".join(kinds) + "\n")


def render_common(words: list[str], version: str) -> str:
    return (f"# Words of 2-4 characters jieba {version}'s dict.txt counts at least {COMMON_WORD_FREQ} times, "
            f"written by scripts/make_business_kinds.py ({len(words)} words); one a line\n" + "\n".join(words) + "\n")


def outputs() -> dict[Path, str]:
    """Each file this script writes, with its text from the installed jieba (the dictionary read once)."""
    tags, freq, version = _read_dict()
    kinds = kinds_of(tags, freq)
    return {OUT: render(kinds, version), COMMON_OUT: render_common(common_words(freq), version),
            KIND_WORDS_OUT: render_kind_words(kind_words(tags, freq, set(kinds)), version)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="由 jieba 词典生成企业名称识别用的行业类别词表和常用词表")
    parser.add_argument("--check", action="store_true", help="只比较已提交的文件与已安装的 jieba 是否一致，不一致时退出码为 1")
    args = parser.parse_args(argv)
    stale = 0
    for path, text in outputs().items():
        if args.check:
            same = path.is_file() and path.read_text(encoding="utf-8") == text
            print(f"{path.name} 与已安装的 jieba 一致" if same else f"{path.name} 与已安装的 jieba 不一致：请重新生成")
            stale += not same
        else:
            path.write_text(text, encoding="utf-8")
            print(f"已写入 {path}（{text.count(chr(10)) - 1} 个词）")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
