"""Enterprise names in a text: the registry (with aliases) first, then name-suffix patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from classifier.creditcode import is_valid
from classifier.enterprise_names import (CONTAINER_SUFFIXES, MEDICAL_SUFFIXES, MINED_HEADS, SUFFIX_AT, TRADE_WORDS,
                                         brand, continues_name, family, plausible, shape_name, split_suffix, strip_places,
                                         suffixes_in, workplace_kind)

DEFAULT_REGISTRY = Path(__file__).resolve().parent.parent / "config" / "enterprises.yaml"

# How a report says victims were taken somewhere for care: that hospital is not the enterprise at fault.
_TAKEN_TO = re.compile(r"(?:送|转|到|至|往|赴|入住|住进|前往|收治于|就近)[^，。；！？\n]{0,3}$")
_TREATED = re.compile(r"^[^。；！？\n]{0,18}?(?:就诊|治疗|救治|抢救|住院|留院|留观|观察|医治|就医|包扎|急救|接诊|收治|收住|诊治|"
                      r"接收(?=[^，。；！？\n]{0,12}?(?:名|位|例|患者|病人|伤员|伤者))|"
                      r"等医疗机构|等医院)")
_AT_FAULT = re.compile(r"医疗事故|误诊|手术|违规|非法|无证|处罚|查处|涉事|涉嫌|吊销|整改|立案")
_CLAUSE = re.compile(r"[，,。；！？\n]")
_SENTENCE_END = re.compile(r"[。；！？\n]")
_HOSPITAL_PARTY = re.compile(r"院方|医院方面|医疗纠纷|医疗过错|护理不当|护理不到位")
# A hospital a public body runs, named by its place (陆河县人民医院, 海丰县第二人民医院, 陆丰市中医医院).
_PUBLIC_HOSPITAL_NAME = re.compile(r"(?:第[一二三四五六七八九十\d]{1,3})?(?:人民|中医|中西医结合|妇幼保健)(?:医院|院)$")
# What a sentence says when such a hospital is a party (besides _AT_FAULT and _HOSPITAL_PARTY).
_PUBLIC_FAULT = re.compile(r"追回|罚款|被罚|通报|曝光|纠纷|赔偿|索赔|家属质疑|投诉|感染|事故|过错|收费|回扣|医保基金|骗保")
# A name used as a landmark ("XX加油站附近发生车祸") is where something happened, not who did it.
_LANDMARK = re.compile(r"^(?:附近|旁边|旁|对面|一带)")
# The name before a suffix: up to 24 Han/Latin/digit characters, bracketed branch names allowed.
# A name ending in a workplace head starts with the city or a county (汕尾市, 海丰县, 城区, 华侨管理区, 广东省).
_COUNTY_CHAR = re.compile(r"[省市县区]")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9（）()·\0]")
_NAME_TAIL = re.compile(r"[\u4e00-\u9fffA-Za-z0-9（）()·]{2,24}$")
# The company a shop's name continues into, trade words between (康宁大药房|连锁|有限公司, 福满楼|餐饮管理|有限公司).
_COMPANY_AFTER = re.compile(r"(?:连锁|" + "|".join(map(re.escape, TRADE_WORDS)) + r"){0,3}"
                            r"(?:股份有限公司|有限责任公司|有限公司|分公司|公司)")


def _company_after(text: str, pos: int) -> re.Match | None:
    """_COMPANY_AFTER at text[pos], tried only where 公司 follows within its reach (it runs at every suffix)."""
    return _COMPANY_AFTER.match(text, pos) if "公司" in text[pos:pos + 20] else None


# A branch after the name (XX有限公司汕尾分公司, XX超市凤山分店, XX酒家人民路店, XX药房第三分店): one name,
# when what names the branch is a place, a road or a number.
_BRANCH_AFTER = re.compile(r"([\u4e00-\u9fff0-9]{1,8}?)?(分公司|分店|分厂|门店|营业部|店)")
_BRANCH_ORDINAL = re.compile(r"第?[一二三四五六七八九十\d]{1,3}号?$")
_BRANCH_ROAD = re.compile(r"[\u4e00-\u9fff]{1,6}(?:路|街|大道)")
# A legal form in brackets after the name (XX诊所（普通合伙）): part of the registered name.
_FORM_AFTER = re.compile(r"[（(](?:普通合伙|有限合伙|特殊普通合伙|个体工商户|个人独资)[）)]")
_MEDICAL = tuple(sorted(MEDICAL_SUFFIXES, key=len, reverse=True))
# Endings that also close a brand (爱婴坊, 百味铺, 茗香馆) when a kind of shop follows within a few characters.
_BRAND_ENDINGS = ("坊", "铺", "馆", "农家乐", "渔家乐", "俱乐部", "医堂", "药堂", "养生堂")  # 渔家乐|海鲜酒楼
_KIND_AFTER = re.compile(r"[\u4e00-\u9fff]{1,4}?(?=" + SUFFIX_AT.pattern + ")")
# The name of a shop right after its market or food court, up to the shop's suffix (lazy: the first one).
_SHOP_AFTER = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{1,10}?(?=" + SUFFIX_AT.pattern + ")")


@dataclass(frozen=True)
class Registry:
    """Known enterprises: alias/name -> canonical name, longest names first."""

    names: tuple[tuple[str, str], ...]
    codes: tuple[tuple[str, str | None], ...]

    def all_names(self) -> list[str]:
        """Every canonical name and alias (for the tokenizer dictionary)."""
        return [n for n, _ in self.names]


def load_registry(path: Path | str = DEFAULT_REGISTRY) -> Registry:
    """Read the enterprise registry YAML; a malformed entry raises ValueError naming file and entry."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read enterprise registry ({exc})") from exc
    pairs, codes = [], {}
    for i, entry in enumerate(data.get("enterprises") or []):
        if not isinstance(entry, dict) or not entry.get("name"):
            raise ValueError(f"{path}: enterprises[{i}]: expected a mapping with a 'name'")
        name = str(entry["name"])
        code = entry.get("credit_code")
        if code is not None and not is_valid(str(code)):
            raise ValueError(f"{path}: enterprises[{i}] ({name}): credit_code {code!r} fails the GB 32100 check")
        codes[name] = code
        pairs.append((name, name))
        pairs.extend((str(a), name) for a in entry.get("aliases") or [])
    pairs.sort(key=lambda p: -len(p[0]))
    return Registry(tuple(pairs), tuple(codes.items()))


@lru_cache(maxsize=4)
def _cached_registry(path: str) -> Registry:
    return load_registry(path)


def default_registry() -> Registry:
    """The registry shipped in config/enterprises.yaml (read once)."""
    return _cached_registry(str(DEFAULT_REGISTRY))


@lru_cache(maxsize=8)
def _registry_pattern(registry: Registry) -> tuple[re.Pattern, dict[str, str]]:
    # Longest alias first, so a full registered name wins over its short alias.
    names = dict(registry.names)
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))), names


def _treatment_destination(text: str, start: int, end: int, name: str) -> bool:
    """True when a hospital named at text[start:end] is where victims were taken, not a party to the event."""
    if not name.endswith(_MEDICAL):
        return False
    before = text[max(0, start - 8):start]
    if _TAKEN_TO.search(before):
        return True
    after = text[end:end + 40]
    if not _TREATED.match(after):
        return False
    cut = [m.start() for m in _CLAUSE.finditer(text, 0, start)]
    rest = _CLAUSE.search(after)
    clause = text[(cut[-1] + 1 if cut else 0):end + (rest.start() if rest else len(after))]
    if _AT_FAULT.search(clause):
        return False
    # the hospital as a party: the sentence speaks of 院方 (患者在X医院住院期间坠床，家属质疑院方…)
    sentence = _SENTENCE_END.search(text, end)
    return not _HOSPITAL_PARTY.search(text, end, sentence.start() if sentence else len(text))


def _public_bystander(text: str, start: int, end: int, name: str) -> bool:
    """True when a public hospital (陆河县人民医院) is named in a sentence that says nothing it did wrong.

    A county's hospital is named far more often as the source of advice or figures (海丰县人民医院专家提醒,
    门诊量增加) than as a party; it is one when its sentence speaks of fault, a dispute or a penalty."""
    if not _PUBLIC_HOSPITAL_NAME.search(name):
        return False
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    stop = _SENTENCE_END.search(text, end)
    sentence = text[(starts[-1] if starts else 0):(stop.start() if stop else len(text))]
    return not (_AT_FAULT.search(sentence) or _HOSPITAL_PARTY.search(sentence) or _PUBLIC_FAULT.search(sentence))


def _not_a_party(text: str, start: int, end: int, name: str) -> bool:
    """True when the name at text[start:end] is a treatment destination, a landmark or a public bystander."""
    return (_treatment_destination(text, start, end, name) or bool(_LANDMARK.match(text[end:end + 2]))
            or _public_bystander(text, start, end, name))


def canonical_names(names: list[str], registry: Registry | None = None) -> dict[str, str]:
    """Each name -> the canonical name of the enterprise it names among `names` (insertion order: first mention).

    Two names are one enterprise when their brands match (陆丰市恒达五金制品厂, 恒达五金厂) and their suffixes
    name the same kind of enterprise, or one is a company (the legal person behind 海韵轩酒家). The canonical
    name is the registered one, else the most complete (longest)."""
    registry = registry or _cached_registry(str(DEFAULT_REGISTRY))
    registered = {canonical for _, canonical in registry.names}
    names = list(dict.fromkeys(names))
    placed = {n: _with_place_of(n, names) for n in names}
    groups: list[list[str]] = []
    for name in dict.fromkeys(placed.values()):
        key = brand(name)
        for group in groups:
            head = group[0]
            if key and brand(head) and (key in brand(head) or brand(head) in key) and (
                    family(head) == family(name) or _of_a_company(head) or _of_a_company(name)):
                group.append(name)
                break
        else:
            groups.append([name])
    out: dict[str, str] = {}
    for group in groups:
        best = max(group, key=lambda n: (n in registered, family(n) == "公司", len(n)))
        out.update((n, best) for n in group)
    return {n: out[placed[n]] for n in names}


def _of_a_company(name: str) -> bool:
    """True when `name` is a company or a company's store (福满楼餐饮有限公司城区二马路店): the legal person behind
    the shop signs of its brand (福满楼酒家)."""
    return family(name) == "公司" or "公司" in split_suffix(name)[0]


def _with_place_of(name: str, names: list[str]) -> str:
    """`name` with the place another name gives it: 新世纪幼儿园 beside 海丰县公平镇新世纪幼儿园食堂 is
    海丰县公平镇新世纪幼儿园 (the canteen is the kindergarten's, so is the place)."""
    head = split_suffix(name)[0]
    if strip_places(head) != head:
        return name
    for other in names:
        k = other.find(name)
        if k > 0 and not strip_places(other[:k]) and split_suffix(other[k:])[1]:
            return other[:k] + name
    return name


def merge_aliases(names: list[str], registry: Registry | None = None) -> list[str]:
    """Names with the aliases of one enterprise merged into one canonical name, in order of first mention."""
    return list(dict.fromkeys(canonical_names(names, registry).values()))


def _kept_names(names, registry: Registry) -> dict[str, str]:
    """Stored name (strings or {"name": ...}) -> its registered form, for the names that may be shown."""
    canonical_of = dict(registry.names)
    kept: dict[str, str] = {}
    for item in names or ():
        name = item.get("name") if isinstance(item, dict) else item
        if not isinstance(name, str) or name in kept:
            continue
        registered = canonical_of.get(name, name)
        if registered in canonical_of or plausible(registered):
            kept[name] = registered
    return kept


def tidy_map(names, registry: Registry | None = None) -> dict[str, str]:
    """Stored name -> the canonical name it stands for among `names`; fragments (送往医院, codes) left out."""
    registry = registry or _cached_registry(str(DEFAULT_REGISTRY))
    kept = _kept_names(names, registry)
    canonical = canonical_names(list(kept.values()), registry)
    return {name: canonical[registered] for name, registered in kept.items()}


def tidy_names(names, registry: Registry | None = None) -> list[str]:
    """Stored names (strings or {"name": ...}) without fragments, merged: for names extracted before these rules."""
    return list(dict.fromkeys(tidy_map(names, registry).values()))


def merge_counts(counts, registry: Registry | None = None) -> list[tuple[str, int]]:
    """(name, count) pairs (a search facet) without fragments, aliases summed under the canonical name."""
    counts = [(str(k), int(n)) for k, n in counts]
    canonical = tidy_map([k for k, _ in counts], registry)
    total: dict[str, int] = {}
    for name, n in counts:
        if name in canonical:
            total[canonical[name]] = total.get(canonical[name], 0) + n
    return sorted(total.items(), key=lambda kv: -kv[1])


def _is_branch(named: str | None, kind: str) -> bool:
    """True when `named` + `kind` after an enterprise name names a branch of it (汕尾 + 分公司, 人民路 + 店)."""
    if not named:
        return kind in ("分公司", "分店", "分厂")
    # 超市 + 凤山店 is a branch when 凤山 is a place, a road or a number (城东二分店); other words start a new name
    named = _BRANCH_ORDINAL.sub("", named)
    if kind == "店" and len(named) == 2 and continues_name(named) and brand(named + kind):
        return True  # 佳乐购超市龙潭店: a two-character name of a quarter the place table does not know
    return not named or not strip_places(named) or bool(_BRANCH_ROAD.fullmatch(named))


def _kind_follows(masked: str, more: re.Match) -> bool:
    """True when `more` (the characters after a suffix, up to the next) continues one name: no boundary word, and
    the next suffix is a kind of business (中心|致顾客眉部 is two clauses: 眉部 is a part of the body)."""
    if not continues_name(more.group()):
        return False
    after = SUFFIX_AT.match(masked, more.end())
    return after is None or after.group() not in MINED_HEADS or bool(
        workplace_kind(masked[max(0, after.end() - 7):after.end()]))


def extract_enterprises(text: str, registry: Registry | None = None, limit: int = 20) -> list[str]:
    """Enterprise names in `text`: registry names (canonical form) and suffix-shaped names, aliases merged."""
    registry = registry or _cached_registry(str(DEFAULT_REGISTRY))
    text = text or ""
    found: list[str] = []
    pattern, canonical_of = _registry_pattern(registry)
    inside: set[int] = set()  # starts of registered names read as part of a longer name (康宁大药房|连锁有限公司…店)
    for m in pattern.finditer(text):
        canonical = canonical_of[m.group()]
        if _company_after(text, m.end()) and "公司" not in m.group():
            inside.add(m.start())  # a chain's company, or its store: the longer name, not the registered shop
            continue
        if canonical not in found and not _not_a_party(text, m.start(), m.end(), canonical):
            found.append(canonical)
    masked = pattern.sub(lambda m: m.group() if m.start() in inside else "\0" * len(m.group()), text)
    last_end = 0
    for m in suffixes_in(masked):
        if m.start() < last_end:
            continue
        suffix, end = m.group(), m.end()
        window = masked[max(last_end, m.start() - 24):m.start()]
        if suffix in MINED_HEADS and not (_COUNTY_CHAR.search(window) and workplace_kind(masked[max(0, end - 7):end])):
            continue  # 进行, 现场, 有所, or no county before: no such name ends here (cheap checks before the shape rules)
        if suffix in CONTAINER_SUFFIXES and _SHOP_AFTER.match(masked, end) and \
                SUFFIX_AT.match(masked, _SHOP_AFTER.match(masked, end).end()):
            continue  # 金沙湾农贸市场|阿华猪肉档口: the stall is the name, the market its place
        if suffix in _BRAND_ENDINGS and (more := _KIND_AFTER.match(masked, end)) and _kind_follows(masked, more):
            continue  # 爱婴坊|母婴店: 坊 ends the brand, 母婴店 says the kind of shop: one name
        if suffix in MINED_HEADS and (more := _KIND_AFTER.match(masked, end)) and _kind_follows(masked, more):
            continue  # 家乐园|超市, 海景山庄|酒店: a workplace head inside the brand, the kind follows
        company = _company_after(masked, end)  # 鑫旺超市 + 有限公司: one name
        if company:
            suffix, end = suffix + company.group(), company.end()
        branch = _BRANCH_AFTER.match(masked, end)
        if branch and _is_branch(branch.group(1), branch.group(2)):
            suffix, end = suffix + branch.group(), branch.end()
        form = _FORM_AFTER.match(masked, end)
        if form:
            end = form.end()
        last_end_before, last_end = last_end, end
        tail = _NAME_TAIL.search(window)
        if tail is None or "\0" in tail.group():
            continue
        begin = max(last_end_before, m.start() - 24) + tail.start()
        name = shape_name(tail.group(), suffix, begin == 0 or not _NAME_CHAR.match(masked, begin - 1))
        if name is None:
            if m.group() in MINED_HEADS:
                last_end = last_end_before  # 进行, 现场, 有所: a head inside a word leaves the next name whole
            continue
        if form:
            name += form.group()
        if name in found:
            continue
        if _not_a_party(text, end - len(name), end, name):
            continue
        found.append(name)
        if len(found) >= limit * 2:
            break
    return merge_aliases(found, registry)[:limit]


_CODE_AFTER_NAME = re.compile(r"([^。；！？\n]{2,40}?)[^。；！？\n\u4e00-\u9fff]{0,3}(?:（|\()?(?:统一社会信用代码|社会信用代码|信用代码)"
                              r"[为是：:\s]*([0-9A-Za-z]{18})(?![0-9A-Za-z])")


def enterprise_codes(text: str, names: list[str], registry: Registry | None = None) -> dict[str, str]:
    """Valid credit codes the text gives right after a name ("XX厂（统一社会信用代码：…）"), or the registry's.

    The text may give the code after another form of the name (恒达五金厂 for 陆丰市恒达五金制品厂): a code
    counts for every name of `names` that is an alias of the one it follows."""
    registry = registry or _cached_registry(str(DEFAULT_REGISTRY))
    codes = {n: c for n, c in registry.codes if c}
    given: list[tuple[str, str]] = []  # (name the code follows, code), in order of appearance
    for m in _CODE_AFTER_NAME.finditer(text or ""):
        code = m.group(2).upper()
        before = extract_enterprises(m.group(1), registry, limit=5) if is_valid(code) else []
        if before:
            given.append((before[-1], code))
    out: dict[str, str] = {}
    for name in names:
        if name in codes:
            out[name] = str(codes[name])
            continue
        for named, code in given:
            if named == name or len(merge_aliases([named, name], registry)) == 1:
                out[name] = code
                break
    return out
