"""Rules from domain knowledge: strong signals (with negation) and hard negatives, as per-label evidence."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from classifier import notices
from classifier.model import EVENT_LABELS

# Words that on their own name an incident of the domain.
STRONG = {
    "food": ("食物中毒", "食源性疾病", "地沟油", "瘦肉精", "苏丹红", "三聚氰胺", "孔雀石绿", "病死猪", "注水肉",
             "毒豆芽", "工业盐", "吊白块", "工业明胶", "非法添加", "违法添加", "非食用物质", "过期食品", "三无食品",
             "食品安全事故", "不合格食品", "假冒食品", "假酒", "毒奶粉", "问题奶粉", "农药残留超标", "兽药残留超标",
             "腐败变质", "私屠滥宰", "病害肉", "注胶", "集体中毒", "食品黑作坊", "问题食品", "有毒食品"),
    "medical": ("假药", "劣药", "无证行医", "非法行医", "黑诊所", "欺诈骗保", "骗保", "套取医保", "医保基金",
                "挂床住院", "虚假住院", "医疗事故", "虚假医疗广告", "违法医疗广告", "医疗广告", "假疫苗", "问题疫苗",
                "过期疫苗", "医托", "非法医疗美容", "黑医美", "过期药品", "无证诊所", "非法采血", "无医师资格",
                "冒用医师", "超范围执业", "医疗器械不合格", "假冒医疗器械"),
    "safety": ("安全生产事故", "生产安全事故", "瞒报", "谎报", "矿难", "瓦斯爆炸", "煤尘爆炸", "透水事故", "冒顶",
               "粉尘爆炸", "中毒窒息", "有限空间", "高处坠落", "脚手架坍塌", "危化品", "危险化学品爆炸",
               "烟花爆竹厂", "尾矿库", "坍塌事故", "垮塌事故", "爆炸事故", "安全事故"),
}
# Incident words that count for safety only at a workplace or public venue in the same sentence.
SAFETY_INCIDENTS = ("爆炸", "爆燃", "火灾", "起火", "大火", "失火", "着火", "坍塌", "垮塌", "倒塌", "塌方", "泄漏")
VENUES = ("厂", "公司", "车间", "仓库", "库房", "工地", "矿", "市场", "商场", "超市", "酒店", "宾馆", "酒楼", "饭店",
          "餐馆", "KTV", "网吧", "作坊", "加工点", "厂房", "工厂", "化工", "企业", "商铺", "门店", "店铺", "施工",
          "厂区", "养老院", "医院", "学校", "幼儿园", "体育馆", "娱乐场所", "歌舞厅", "油库", "加油站", "码头",
          "港口", "渔船", "船厂", "烟花", "鞭炮", "大楼", "写字楼", "在建", "隧道", "桥梁", "游乐")

# Hard negatives from the labelling rules: incidents that look like the domain but are not in it.
HARD_NEGATIVE = {
    "food": ("投毒", "下毒", "召回", "误食野生", "误食毒蘑菇", "野生蘑菇", "河豚", "辟谣", "谣言"),
    "medical": ("伤医", "医闹", "袭医", "杀医", "砍伤医生", "殴打医生", "打伤医生", "刺伤医生", "辱骂医生",
                "车险", "寿险", "人身险", "保险诈骗", "骗取保险金", "骗赔", "召回", "辟谣", "谣言"),
    "safety": ("交通事故", "车祸", "相撞", "追尾", "侧翻", "翻车", "撞车", "地震", "山火", "森林火灾", "林火",
               "住宅", "民房", "居民楼", "居民家", "民宅", "出租屋", "自燃", "恐怖袭击", "袭击", "枪击", "台风",
               "暴雨", "洪水", "泥石流", "山体滑坡", "溺水", "纵火", "放火", "辟谣", "谣言", "演练", "消防演习"),
}
# News about rules and numbers rather than an incident.
GENERAL_NEGATIVE = ("印发", "出台", "条例", "实施办法", "管理办法", "征求意见", "座谈会", "工作会议", "电视电话会议",
                    "部署", "专家提醒", "专家建议", "健康提示", "小贴士", "科普", "如何辨别", "怎么办", "养生",
                    "同比", "统计数据", "发布会", "宣传周", "宣传月", "培训班", "评选", "表彰", "知识竞赛")
NEGATIONS = ("未发现", "未发生", "没有发生", "未造成", "无一", "并非", "不是", "排除", "否认", "不存在", "没有",
             "未出现", "未检出", "谣言", "辟谣", "不实", "防止", "预防", "避免", "杜绝", "严防", "防范")

W_STRONG = 1.2
W_VENUE = 0.9
W_HARD = 1.0
W_GENERAL = 0.5


@dataclass
class Evidence:
    """Rule evidence per event label (positive pushes toward the label) and the words that fired."""

    score: dict[str, float] = field(default_factory=lambda: {l: 0.0 for l in EVENT_LABELS})
    hits: dict[str, list[str]] = field(default_factory=lambda: {l: [] for l in EVENT_LABELS})


def _alternation(words) -> re.Pattern:
    return re.compile("|".join(sorted(map(re.escape, set(words)), key=len, reverse=True)))


_STRONG_RE = _alternation(w for ws in STRONG.values() for w in ws)
_STRONG_LABEL = {w: l for l, ws in STRONG.items() for w in ws}
_INCIDENT_RE = _alternation(SAFETY_INCIDENTS)
_VENUE_RE = _alternation(VENUES)
_HARD_RE = {l: _alternation(ws) for l, ws in HARD_NEGATIVE.items()}
_ANY_HARD_RE = _alternation(w for ws in HARD_NEGATIVE.values() for w in ws)
_GENERAL_RE = _alternation(GENERAL_NEGATIVE)


def _negated(text: str, start: int) -> bool:
    """A negation word in the six characters before `start`, within the same sentence."""
    window = text[max(0, start - 6):start]
    cut = max(window.rfind(ch) for ch in "。！？!?；;\n")
    if cut >= 0:
        window = window[cut + 1:]
    return any(n in window for n in NEGATIONS)


def _starts(pattern: re.Pattern, text: str) -> list[int]:
    """Every position where `pattern` matches, overlapping ones included (one search per hit)."""
    out = []
    m = pattern.search(text)
    while m is not None:
        out.append(m.start())
        m = pattern.search(text, m.start() + 1)
    return out


def _found(pattern: re.Pattern, text: str, starts: list[int]) -> list[str]:
    """sorted(set(pattern.findall(text))) for an alternation of words, given `starts` (every position where
    one of its words, or a word of a larger list, starts): findall tries exactly these positions."""
    found: set[str] = set()
    end = 0
    for p in starts:
        if p >= end and (m := pattern.match(text, p)) is not None:
            found.add(m.group())
            end = m.end()
    return sorted(found)


def _sentence_has_venue(text: str, start: int) -> bool:
    left = max(text.rfind(ch, 0, start) for ch in "。！？!?；;\n")
    rights = [i for i in (text.find(ch, start) for ch in "。！？!?；;\n") if i >= 0]
    return _VENUE_RE.search(text, left + 1, min(rights) if rights else len(text)) is not None


RULE_GROUPS = ("strong", "venue", "hard", "general", "notice")


def evidence(doc: str, off: frozenset[str] = frozenset()) -> Evidence:
    """Strong signals (unless negated), venue-bound safety incidents and hard negatives in `doc`.

    `off` switches rule groups (RULE_GROUPS) off: a group that is off is not scanned for and names no
    terms, so a model shipped with groups off pays nothing for them.
    """
    ev = Evidence()
    text = doc[:3000]
    positives: dict[str, set[str]] = {l: set() for l in EVENT_LABELS}
    if "strong" not in off:
        for m in _STRONG_RE.finditer(text):
            if not _negated(text, m.start()):
                positives[_STRONG_LABEL[m.group()]].add(m.group())
    venue_hits: set[str] = set()
    if "venue" not in off:
        for m in _INCIDENT_RE.finditer(text):
            w = m.group()
            if w not in venue_hits and not _negated(text, m.start()) and _sentence_has_venue(text, m.start()):
                venue_hits.add(w)
    head = doc[:600]
    general = [] if "general" in off else sorted(set(_GENERAL_RE.findall(head)))
    reading = notices.read(doc) if "notice" not in off else None
    # One scan of Chinese text by Python's regex engine costs ~5 ns a character: the labels' hard negatives
    # are found in one scan for all of them, then each label's list only where one of them starts.
    hard_starts = [] if "hard" in off else _starts(_ANY_HARD_RE, head)
    for label in EVENT_LABELS:
        hard = _found(_HARD_RE[label], head, hard_starts) if hard_starts else []
        venue = venue_hits if label == "safety" else set()
        score = W_STRONG * math.log1p(len(positives[label])) + W_VENUE * math.log1p(len(venue))
        score -= W_HARD * math.log1p(len(hard)) + W_GENERAL * math.log1p(len(general))
        ev.hits[label] = sorted(positives[label] | venue) + [f"-{w}" for w in hard + general]
        if reading is not None and reading.kind is not None:
            score += reading.score[label]
            ev.hits[label] += reading.hits[label]
        ev.score[label] = score
    return ev


def combine(probs: dict[str, float], ev: Evidence, weight: float = 1.0) -> dict[str, float]:
    """Model probabilities moved in log-odds space by the rule evidence, renormalised."""
    logits = {l: math.log(max(p, 1e-6)) for l, p in probs.items()}
    for label in EVENT_LABELS:
        if label in logits:
            logits[label] += weight * ev.score[label]
    top = max(logits.values())
    exp = {l: math.exp(v - top) for l, v in logits.items()}
    total = sum(exp.values())
    return {l: v / total for l, v in exp.items()}
