"""Wording variation shared by all labels: synonyms and neutral filler sentences found in real articles."""

from __future__ import annotations

import random
import re

from classifier.data.seedgen.slots import pick

# Interchangeable news wordings; applied to every label alike so none of them becomes a label cue.
SYNONYMS = [
    ("发生", ["突发", "发生", "出现"]), ("造成", ["致", "造成", "导致"]), ("死亡", ["死亡", "身亡", "遇难", "丧生"]),
    ("受伤", ["受伤", "伤", "不同程度受伤"]), ("被查", ["被查", "被查处", "被端", "被立案调查", "被曝光"]),
    ("查获", ["查获", "查扣", "缴获", "起获"]), ("近日", ["近日", "日前", "昨天", "本周", "上周", "今天"]),
    ("记者从", ["记者从", "本报记者从", "记者近日从"]), ("依法", ["依法", "依照有关规定", "按规定"]),
    ("男子", ["男子", "男人", "一名男性"]), ("女子", ["女子", "妇女", "一名女性"]), ("警方", ["警方", "公安机关", "民警"]),
    ("送往医院", ["送往医院", "送医", "送至医院"]), ("目前", ["目前", "截至发稿时", "截至目前"]),
]
_SYN_RE = re.compile("|".join(sorted((re.escape(k) for k, _ in SYNONYMS), key=len, reverse=True)))
_SYN = dict(SYNONYMS)

FILLERS = [
    "{scity}位于广东东部沿海。", "当天天气晴好，气温在{n_small}摄氏度左右。", "事发地点位于{town}主干道附近，周边有多个居民小区。",
    "记者赶到现场时，围观群众已经散去。", "据附近居民介绍，这里平时人来人往，十分热闹。", "当地有关领导第一时间赶赴现场。",
    "截至记者发稿时，相关部门尚未作出进一步回应。", "{county}人口约{n}万，是当地的经济重镇。", "该消息在微博、微信朋友圈引发广泛关注。",
    "有网友留言表示希望尽快公布调查结果。", "记者随后拨打了相关部门的电话。", "这一事件引起了社会各界的关注。",
    "据了解，当事人{person}今年{n}岁，是本地人。", "本报将继续关注事件进展。", "编辑：{sur}小{sur}", "原标题：{title}",
    "（来源：{outlet}）", "更多新闻请关注{outlet}客户端。", "当地政府高度重视，成立了工作组。", "{m}月{d}日上午，记者再次来到现场。",
]


def vary(text: str, rng: random.Random, rate: float = 0.5) -> str:
    """Replace some wordings by an equivalent one."""
    return _SYN_RE.sub(lambda m: pick(rng, _SYN[m.group()]) if rng.random() < rate else m.group(), text)


def fillers(rng: random.Random, k: int) -> list[str]:
    """k neutral sentences (templates) of the kind that pad real articles."""
    return rng.sample(FILLERS, k)
