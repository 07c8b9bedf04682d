"""Words too common to explain a verdict: function words, pronouns, numbers, report boilerplate."""

from __future__ import annotations

import re

STOPWORDS = frozenset("""
的 了 在 是 和 与 及 或 也 都 就 还 又 并 而 但 被 把 将 对 于 从 向 由 到 为 以 因 其 该 此 这 那 之 所 等 后 前 中 内 外 上 下
一 二 三 两 几 多 个 名 起 次 人 日 月 年 时 分 出 住 有 无 不 没 很 更 最 已 曾 正 能 会 要 可 让 给 说 称 据 经 着 过 来 去
我们 你们 他们 她们 它们 我 你 他 她 它 自己 大家 有关 相关 进行 开展 目前 当前 近日 日前 今年 去年 今天 昨天 当天 当晚
记者 表示 介绍 了解 发现 存在 情况 问题 工作 方面 部分 一些 一个 一名 一家 一起 一下 已经 正在 以及 因为 所以 但是 如果 然后
随后 同时 其中 通过 根据 按照 对于 关于 由于 为了 可以 需要 没有 不是 就是 还是 还有 这个 那个 这些 那些 这样 那样 什么 怎么
其他 其它 以上 以下 之后 之前 左右 上午 下午 晚上 凌晨 小时 分钟 工人 在场 现场 本报 讯 消息 报道 来源 责任编辑 编辑
发生 出现 使用 提供 该厂 该店 该院 日晚 日上午 日下午 不断 未来 接到 介入
""".split())
_NUMBER = re.compile(r"^[\d０-９.,，%％〇一二三四五六七八九十百千万亿两]+$")


def is_content_word(word: str) -> bool:
    """True for a word worth showing as a reason: two or more characters, not a stopword or a number."""
    return not any(ch.isspace() for ch in word) and len(word) >= 2 and word not in STOPWORDS and not _NUMBER.match(word) and any(
        "\u4e00" <= ch <= "\u9fff" or ch.isalpha() for ch in word)
