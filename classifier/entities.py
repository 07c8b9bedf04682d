"""Enterprise names in a text: the registry (with aliases) first, then name-suffix patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from classifier.creditcode import is_valid

DEFAULT_REGISTRY = Path(__file__).resolve().parent.parent / "config" / "enterprises.yaml"

SUFFIXES = (
    "股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "分公司",
    "医院", "卫生院", "卫生室", "卫生服务中心", "诊所", "门诊部", "医疗美容", "药店", "大药房", "药房",
    "餐饮店", "饭店", "酒楼", "酒店", "餐厅", "餐馆", "大排档", "小吃店", "面馆", "粉店", "快餐店", "食府",
    "超市", "商行", "商店", "批发部", "经营部", "门市部", "食品厂", "加工厂", "屠宰场", "冷冻厂", "厂",
    "作坊", "幼儿园食堂", "学校食堂", "食堂", "农贸市场", "市场", "仓库", "矿", "煤矿", "工地",
)
_SUFFIX_RE = "|".join(sorted(map(re.escape, SUFFIXES), key=len, reverse=True))
# A suffix not continuing into another word (市场监管局 is not a market).
_SUFFIX_AT = re.compile(rf"(?:{_SUFFIX_RE})(?!监|管|主体|价|份额|经济|需求|化)")
# The name before a suffix: up to 24 Han/Latin/digit characters, bracketed branch names allowed.
_NAME_TAIL = re.compile(r"[\u4e00-\u9fffA-Za-z0-9（）()·]{2,24}$")
# Words that end the text before a name ("执法人员在|某某饭店"): cut after the last one.
_BOUNDARY = re.compile(
    r".*(?:在|对|于|是|了|与|和|及|将|被|把|向|从|由|到|为|据|称|经|该|这家|那家|一家|一间|一处|多家|几家|"
    r"位于|来自|涉事|涉案|查处|查封|检查|发现|进入|前往|关停|取缔|责令|要求|通报|曝光|处罚|罚款|"
    r"联合|开展|对辖区|辖区|记者|执法人员|民警|消息|日|月|年|时|的|、|：|:)"
)
_GENERIC = {"无证", "黑", "小", "某", "某某", "个体", "当地", "附近", "涉事", "一", "这", "该", "多", "某个", "私人",
            "民营", "公立", "省", "市", "县", "区", "镇", "村", "人民", "中心", "大型", "小型", "地下", "非法",
            "黑心", "路边", "街边", "无名", "知名", "网红", "本地", "外地", "定点", "民办", "公办", "社区", "乡镇"}


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


@lru_cache(maxsize=8)
def _registry_pattern(registry: Registry) -> tuple[re.Pattern, dict[str, str]]:
    # Longest alias first, so a full registered name wins over its short alias.
    names = dict(registry.names)
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))), names


def _trim(candidate: str) -> str:
    m = _BOUNDARY.match(candidate)
    return candidate[m.end():] if m else candidate


_SUFFIXES_LONGEST_FIRST = tuple(sorted(SUFFIXES, key=len, reverse=True))


def _is_generic(name: str) -> bool:
    for suffix in _SUFFIXES_LONGEST_FIRST:
        if name.endswith(suffix):
            head = name[: -len(suffix)]
            return len(head) < 2 or head in _GENERIC or set(head) <= set("某一该这")
    return True


def extract_enterprises(text: str, registry: Registry | None = None, limit: int = 20) -> list[str]:
    """Enterprise names in `text`: registry names (canonical form) first, then pattern matches."""
    registry = registry or _cached_registry(str(DEFAULT_REGISTRY))
    text = text or ""
    found: list[str] = []
    pattern, canonical_of = _registry_pattern(registry)
    for m in pattern.finditer(text):
        canonical = canonical_of[m.group()]
        if canonical not in found:
            found.append(canonical)
    masked = pattern.sub("\0", text)
    last_end = 0
    for m in _SUFFIX_AT.finditer(masked):
        window = masked[max(last_end, m.start() - 24):m.start()]
        tail = _NAME_TAIL.search(window)
        if tail is None:
            continue
        name = _trim(tail.group() + m.group())
        last_end = m.end()
        if "\0" in name or _is_generic(name) or name in found:
            continue
        found.append(name)
        if len(found) >= limit:
            break
    return found
