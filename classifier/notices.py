"""Official notices read by their structure: what a penalty decision punishes, whether a sampling round failed.

A city's own sources are mostly departments' notice columns (行政处罚, 抽检; gkmlpt portals), and most of
their notices are routine: a shop fined for missing price tags, a sampling round in which every batch
passed. Their words (罚款, 市场监管, 食品, 抽检) look like an incident to an n-gram model. The law a
decision cites says which domain it belongs to, and a sampling notice says itself whether anything
failed, so this module reads those two facts and nothing else:

- a penalty decision (its own field labels: 当事人：, 违法事实：, 处罚依据： ...) that cites laws: the domains of the cited laws
  are supported, the other event labels are pushed down; one that cites only laws outside food, medical
  and safety (价格法, 广告法, 商标法, 登记 and 公示 rules ...) is pushed down on every event label;
- a sampling notice (抽检 … 公告 in its title, batches counted) that says all batches passed, with no failed product named, is pushed
  down on every event label.

Anything else (news, a notice about failed products, a decision citing no law we know) is left alone.
The product quality law (产品质量法) is not mapped: it governs a cable and a pair of shoes alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vocabulary import EVENT_LABELS as _EVENT_LABELS

EVENT_LABELS = tuple(str(label) for label in _EVENT_LABELS)

# Law (or regulation) title fragments -> the domain it governs. Matched inside 《…》 citations.
LAW_DOMAINS: tuple[tuple[str, str | None], ...] = (
    ("食品安全", "food"), ("农产品质量安全", "food"), ("生猪屠宰", "food"), ("动物防疫", "food"),
    ("乳品质量安全", "food"), ("食盐", "food"), ("保健食品", "food"), ("餐饮服务", "food"), ("食品", "food"),
    ("药品", "medical"), ("医疗器械", "medical"), ("疫苗", "medical"), ("医疗机构", "medical"), ("医师", "medical"),
    ("医疗保障基金", "medical"), ("医疗广告", "medical"), ("化妆品", "medical"), ("中医药", "medical"),
    ("传染病防治", "medical"), ("母婴保健", "medical"), ("护士", "medical"), ("医疗美容", "medical"),
    ("安全生产", "safety"), ("消防", "safety"), ("特种设备", "safety"), ("危险化学品", "safety"),
    ("烟花爆竹", "safety"), ("建设工程安全", "safety"), ("燃气", "safety"),
    ("价格", None), ("广告", None), ("商标", None), ("企业信息公示", None), ("市场主体登记", None),
    ("公司登记", None), ("消费者权益", None), ("计量", None), ("反不正当竞争", None), ("电子商务", None),
    ("标准化", None), ("认证认可", None), ("无证无照经营", None), ("合同", None), ("专利", None),
    ("著作权", None), ("网络交易", None), ("税收", None), ("发票", None), ("个人信息保护", None),
)
_CITATION = re.compile(r"《([^《》]{2,40})》")
# A decision document, not news about one: its own field labels, at least two of them.
PENALTY_FIELDS = ("当事人", "违法事实", "处罚依据", "处罚决定", "统一社会信用代码", "法定代表人", "案由")
_PENALTY_FIELDS = re.compile("(" + "|".join(PENALTY_FIELDS) + ")[：:]")
_FIELD_ENDS = frozenset(label[-1] for label in PENALTY_FIELDS)
# A sampling notice, not news about one: the word in its title, the announcement form, batches counted.
_SAMPLING_TITLE = re.compile(r"(?:抽检|抽查|监督检验)[^。！？]{0,30}(?:公告|通告|信息|结果|情况)")
_BATCHES = re.compile(r"\d+\s*(?:个)?批次")
_ALL_PASSED = re.compile(r"(?:均|全部|都)(?:符合|合格|检验合格)|未(?:发现|检出)不合格|不合格(?:产品|样品)?(?:为)?0批次|合格率(?:为)?100(?:\.0+)?%")
_FAILED = re.compile(r"不合格|不符合|检出[^。，；]{0,12}超标|超过[^。，；]{0,12}限量")
_FAILED_NEGATED = re.compile(r"未(?:发现|检出)不合格|无不合格|没有不合格|不合格(?:产品|样品)?(?:为)?0批次")

W_OFF_DOMAIN = 3.0  # a decision under another domain's law, or a round in which everything passed
W_SUPPORTED = 0.5  # a decision under the domain's own law


@dataclass
class NoticeReading:
    """What the structure of a notice says, as per-label evidence and the words behind it."""

    kind: str | None = None  # "penalty", "sampling" or None (not a notice this module reads)
    laws: list[str] = field(default_factory=list)
    score: dict[str, float] = field(default_factory=lambda: {l: 0.0 for l in EVENT_LABELS})
    hits: dict[str, list[str]] = field(default_factory=lambda: {l: [] for l in EVENT_LABELS})


def law_domain(title: str) -> tuple[bool, str | None]:
    """(known, domain) of a cited law's title; domain None means a law outside food, medical and safety."""
    for fragment, domain in LAW_DOMAINS:
        if fragment in title:
            return True, domain
    return False, None


def penalty_fields(text: str) -> set[str]:
    """The field labels of `text` followed by a colon: {m.group(1) for m in _PENALTY_FIELDS.finditer(text)}.

    Looked for at the colons (str.find) rather than by the regex, which costs ~5 ns a character of Chinese
    text: no label holds a colon or ends another, so the matches never overlap and each is a label ending
    right before a colon."""
    found = set()
    for colon in "：:":
        i = text.find(colon)
        while i >= 0:
            if i and text[i - 1] in _FIELD_ENDS:
                found.update(label for label in PENALTY_FIELDS if text.endswith(label, 0, i))
            i = text.find(colon, i + 1)
    return found


def read(doc: str, limit: int = 4000) -> NoticeReading:
    """The notice evidence of a document (title first, as classifier.features.document builds it)."""
    text = doc[:limit]
    out = NoticeReading()
    if len(penalty_fields(text)) >= 2:
        domains: set[str] = set()
        known_any = False
        for m in _CITATION.finditer(text):
            known, domain = law_domain(m.group(1))
            if known:
                known_any = True
                out.laws.append(m.group(1))
                if domain is not None:
                    domains.add(domain)
        if known_any:
            out.kind = "penalty"
            for label in EVENT_LABELS:
                if label in domains:
                    out.score[label] = W_SUPPORTED
                    out.hits[label].append("处罚依据")
                else:
                    out.score[label] = -W_OFF_DOMAIN
                    out.hits[label].append("-处罚依据非本领域")
            return out
    if _SAMPLING_TITLE.search(text[:80]) and _BATCHES.search(text) and _ALL_PASSED.search(text):
        failed = [m for m in _FAILED.finditer(text)
                  if not _FAILED_NEGATED.search(text, max(0, m.start() - 4), m.end() + 6)]
        if not failed:
            out.kind = "sampling"
            for label in EVENT_LABELS:
                out.score[label] = -W_OFF_DOMAIN
                out.hits[label].append("-抽检全部合格")
    return out
