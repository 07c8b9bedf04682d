"""The shape of an enterprise name: place prefix, brand, trade words, suffix; fragments and generic names refused."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from classifier.districts import DEFAULT_TABLE, load_table

SUFFIXES = (
    "股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "分公司",
    "（集团）有限公司", "（集团）股份有限公司", "(集团)有限公司", "(集团)股份有限公司",
    "医院", "卫生院", "中心卫生院", "卫生室", "卫生服务中心", "诊所", "门诊部", "医疗美容门诊部", "医疗美容诊所", "药店", "大药房",
    "药房", "餐饮店", "饭店", "酒楼", "酒家", "酒店", "餐厅", "餐馆", "菜馆", "大排档", "小吃店", "面馆", "粉店",
    "快餐店", "食府", "茶楼", "宾馆", "旅馆", "民宿", "超市", "商行", "商店", "批发部", "经营部", "门市部", "食品厂",
    "加工厂", "屠宰场", "冷冻厂", "厂", "作坊", "幼儿园食堂", "学校食堂", "食堂", "农贸市场", "批发市场", "煤矿", "矿",
    "石场", "采石场", "供应站", "加油站", "加气站", "养殖场", "便利店", "食杂店", "杂货店", "五金店", "烟酒店",
    "水果店", "蛋糕店", "面包店", "烧腊店", "奶茶店", "早餐店", "母婴店", "小卖部",
    "烧烤店", "火锅店", "烤鱼店", "甜品店", "饮品店", "咖啡店", "烘焙店", "海鲜店", "肉店", "酒吧", "歌厅",
    "网吧", "美容院", "美容店", "美发店", "理发店", "足浴店", "养生馆", "游泳馆", "养老院", "敬老院",
    "福利院", "幼儿园", "驾校", "会所", "健身房", "农资店", "农资站", "档口", "分店", "口腔诊所", "中医馆", "发廊",
    "社区卫生服务中心", "社区卫生服务站", "卫生服务站", "卫生站",
    # kinds of small business and service a report names (加工场, 美甲工作室, 专业合作社, 月子中心, KTV)
    "加工场", "加工点", "加工坊", "工作室", "合作社", "专业合作社", "托管中心", "托育中心", "月子中心", "培训中心",
    "培训学校", "充装站", "储配站", "修理厂", "维修厂", "汽修厂", "修理店", "维修店", "洗车店", "KTV", "网咖",
    "美食城", "鱼档", "肉档", "菜档", "猪肉档", "牛肉档", "海鲜档", "水果档", "烧腊档", "摊档",
    # trading houses named by their goods (冻品行, 粮油行; 行 alone is 进行, 银行, 推行) and places of play
    "冻品行", "粮油行", "水产行", "海产行", "海鲜行", "干货行", "茶行", "茶叶行", "电器行", "五金行", "食品行",
    "副食行", "蔬菜行", "果蔬行", "水果行", "土产行", "药材行", "米行", "百货行", "烟酒行", "摩托车行", "电动车行",
    "儿童乐园", "游乐园", "游乐场", "水上乐园",
    # Cantonese shop kinds: a bakery is a 饼家 (家 alone is 商家, 店家), a tea shop a 茶庄
    "饼家", "饼屋", "茶庄",
)
# A stall is named inside its market (东涌市场陈姐鱼档); a market or food court holds shops.
STALL_SUFFIXES = ("档口", "鱼档", "肉档", "菜档", "猪肉档", "牛肉档", "海鲜档", "水果档", "烧腊档", "摊档")
CONTAINER_SUFFIXES = ("农贸市场", "批发市场", "美食城")
# Generic endings (牛肉丸店, 养护院, 农家乐): a name only when it starts with the city or a county, since
# "这家店", "法院" or "学校周边的小店" end the same way.
PLACED_SUFFIXES = ("店", "院", "馆", "坊", "铺", "农家乐", "渔家乐", "山庄", "度假村", "合作社", "专业合作社", "俱乐部",
                   "医堂", "药堂", "养生堂")  # a hall of Chinese medicine (仁和国医堂, 同济大药堂)
# Heads of workplaces (冷库, 物流园, 建材行, 砖场, 客运站): a name ending in one is a name only when it ends in a
# kind of business mined from jieba's dictionary (classifier/data/business_kinds.txt, written by
# scripts/make_business_kinds.py) and, like the generic endings, starts with the city or a county.
MINED_HEADS = ("中心", "门诊", "排档", "基地", "营地", "城", "库", "园", "场", "站", "行", "档", "庄", "屋", "吧", "社", "所",
               "室", "部", "窑", "点")
_KINDS_FILE = Path(__file__).resolve().parent / "data" / "business_kinds.txt"
MINED_KINDS = frozenset(line.strip() for line in _KINDS_FILE.read_text(encoding="utf-8").splitlines()
                        if line.strip() and not line.startswith("#"))
SUFFIXES = SUFFIXES + PLACED_SUFFIXES + MINED_HEADS
# Public bodies that end like a placed name (陆丰市人民检察院).
_PUBLIC_BODY = re.compile(r"(?:法院|检察院|政府|委员会|研究院|设计院|科学院|图书馆|博物馆|文化馆|纪念馆|体育馆|展览馆|档案馆|"
                          r"派出所|大院|书院|(?:组织|统战|武装|编辑|司令|工作|领导|外交|教育|政治|后勤|人事|纪检)部|"
                          r"(?:干部|职工|老年人?|青年|工人|妇女|退休人员)俱乐部)$")
# Suffixes of a body named after its town (陆丰市甲子镇卫生院): there the town is the brand.
TOWN_NAMED_SUFFIXES = ("卫生院", "中心卫生院", "卫生服务中心", "社区卫生服务中心", "社区卫生服务站", "卫生服务站")
# Suffixes that name a medical facility: where victims are treated is not the enterprise at fault.
MEDICAL_SUFFIXES = ("医院", "卫生院", "卫生服务中心", "社区卫生服务中心", "社区卫生服务站", "卫生服务站")
# Which suffixes name the same kind of enterprise, for merging 恒达五金厂 into 恒达五金制品厂.
_FAMILY = {
    "股份有限公司": "公司", "有限责任公司": "公司", "（集团）有限公司": "公司", "（集团）股份有限公司": "公司",
    "(集团)有限公司": "公司", "(集团)股份有限公司": "公司", "有限公司": "公司", "集团": "公司", "公司": "公司", "分公司": "公司",
    "食品厂": "厂", "加工厂": "厂", "冷冻厂": "厂", "厂": "厂", "作坊": "厂",
    "医疗美容门诊部": "门诊部", "医疗美容诊所": "诊所",
    "大药房": "药店", "药房": "药店", "药店": "药店",
    "餐饮店": "餐饮", "饭店": "餐饮", "酒楼": "餐饮", "酒家": "餐饮", "酒店": "餐饮", "餐厅": "餐饮", "餐馆": "餐饮",
    "菜馆": "餐饮", "大排档": "餐饮", "小吃店": "餐饮", "面馆": "餐饮", "粉店": "餐饮", "快餐店": "餐饮", "食府": "餐饮",
    "烧烤店": "餐饮", "火锅店": "餐饮", "烤鱼店": "餐饮", "美容店": "美容院", "养老院": "养老院", "敬老院": "养老院",
    "石场": "石场", "采石场": "石场",
}

# Words that describe a trade or a kind of place, not one enterprise: a name made only of these
# (and a place) is generic (学校周边商店, 定点零售药店, 南塘一五金厂).
TRADE_WORDS = tuple(sorted({
    "食品", "加工", "五金", "制品", "五金制品", "电子", "水产", "水产品", "海产品", "海鲜", "建材", "餐饮", "团餐",
    "配送", "医疗", "美容", "医美", "医疗器械", "器械", "燃气", "供应", "学生", "学校", "周边", "同类", "相关", "基层",
    "定点", "零售", "批发", "模拟", "景区", "演练", "原料", "农家", "烟花爆竹", "鞋业", "珠宝", "冷冻", "冷链", "物流",
    "建筑", "工程", "石材", "矿泉水", "茶业", "服装", "塑料", "化工", "机械", "家具", "纺织", "印刷", "包装", "商贸",
    "贸易", "实业", "科技", "发展", "投资", "管理", "服务", "生物", "药业", "医药", "无证", "私人", "个体", "工友",
    "无牌", "无照", "自家", "自己", "家庭", "村民", "居民", "当地", "附近", "涉事", "涉案", "黑心", "路边", "街边", "无名", "知名", "网红", "本地", "外地",
    "民办", "公办", "民营", "公立", "社区", "乡镇", "人民", "中心", "大型", "小型", "地下", "非法", "老人", "孩子",
    "学校周边", "有限", "各类", "所有", "辖区内", "某某", "有关", "上述", "一些", "部分", "所有", "其他", "其它", "另一", "其中", "一家", "一间",
}, key=len, reverse=True))
# Trade words for people: inside a longer brand (好孩子, 老人家) they are part of it.
PEOPLE_WORDS = frozenset({"孩子", "老人", "村民", "居民", "工友", "学生"})
# Second characters of brands that begin with 一 (一品香, 一号店, 一心): after a place, 一 is otherwise "a".
_ONE_BRANDS = frozenset("品号心点鸣诺方帆")
# Characters that, alone or together, are no brand (县人民医院 leaves 县, 一小吃店 leaves 一).
GENERIC_CHARS = frozenset("小大黑某该这那此多几各其同家间所处个座批名起第市县区镇村乡省有中医药餐食一本老新")
# Words that say "a" or "some" of a kind (一家首饰加工作坊): a name follows them only with its place.
_INDEFINITE = re.compile(r"(?:一家|一间|一处|一个|一座|一所|多家|几家|某家|一些|"
                         r"(?:[两三四五六七八九十\d]+|十余|数|若干)(?:家|间|处|所|座))"
                         r"(?:[\u4e00-\u9fff]{1,10}的)?$")  # 一家无证经营的|牙科诊所: a description between
_TRADE_RE = re.compile("|".join(map(re.escape, TRADE_WORDS)))

# Words after which a name begins ("执法人员在|某某饭店", "紧急送往|海丰县人民医院"): cut after the last one.
_BOUNDARY = re.compile(
    r".*(?:在|对|于|是|了|与|和|及|将|被|把|向|从|由|到|为|据|称|经|这家|那家|一家|一间|一处|一名|一起|一个|一座|"
    r"一所|多家|几家|(?:[两三四五六七八九十\d]+|十余|数|若干)(?:家|间|处|所|座)|该|此|其|这|那|暂停|暂扣|位于|来自|涉事|涉案|查处|查封|检查|发现|进入|前往|关停|取缔|责令|要求|通报|曝光|处罚|罚款|"
    r"联合|开展|辖区内|辖区|所有|各类|本次|演练|提醒|应|选择|正规|抽检|抽查|全市|全县|共|局|部门|政府|大队|中队|支队|派出所|法院|检察院|委员会|记者|执法人员|民警|消息|送往|送至|送去|送到|送医|被送|转往|转至|转到|赶紧|紧急|立即|随即|已|均|曾|并|"
    r"流入|通知|吊销|没收|依法|涉嫌|因|当晚|当天|半夜|凌晨|家人(?=.)|老板|来到|走进|走访|暗访|显示为|名为|叫做|"
    r"就诊|就医|收治|入住|住进|吃了|购买|购自|采购|销售|出售|使用|食用|饮用|举报|投诉|反映|约谈|警示|督促|指导|"
    r"门口|周边|附近|旁边|对面|一带|隔壁|楼下|成立|加入|组建|创办|开办|引导|带动|依托|"
    r"日|月|年|时(?![光代尚令鲜空])|的|、|，|。|：|:|“|”|《|》)"
)
# The boundary words without the single characters that also begin or sit inside brands (颐和, 向阳, 为民,
# 新时代, 日升): a cut at one of those, right after a place chain, may be undone (_rejoin_after_place).
_STRONG_BOUNDARY = re.compile(_BOUNDARY.pattern.replace(
    "(?:在|对|于|是|了|与|和|及|将|被|把|向|从|由|到|为|据|称|经|", "(?:").replace("|日|月|年|时(?![光代尚令鲜空])|的|", "|的|"))
_BRAND_CHARS = frozenset("和与及向为日月年时经将到")  # 时 before 光/代/尚 (鲜果时光) is no boundary at all
_WEAK_BOUNDARY_CHARS = frozenset("在对于是了与和及将被把向从由到为据称经日月年时该此其这那已均曾并共应因")
_ADMIN_PLACE = re.compile(r"(?:省|市|县|区|镇|乡|街道|开发区|管理区|农场)$")
# Provinces and Guangdong cities a report may put before a name from outside Shanwei.
_OTHER_PLACES = (
    "广东省", "广东", "广州市", "广州", "深圳市", "深圳", "东莞市", "东莞", "惠州市", "惠州", "揭阳市", "揭阳",
    "汕头市", "汕头", "潮州市", "潮州", "梅州市", "梅州", "河源市", "河源", "佛山市", "佛山", "江门市", "江门",
    "湛江市", "湛江", "茂名市", "茂名", "肇庆市", "肇庆", "清远市", "清远", "韶关市", "韶关", "云浮市", "云浮",
    "阳江市", "阳江", "珠海市", "珠海", "中山市", "中山", "普宁市", "普宁", "惠来县", "惠来",
)
# 超市, 门市 and 都市 end in 市 but are no city.
_GENERIC_PLACE = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:省|(?<![超门都])市|县|区|镇|乡|街道)")
_PLACE_ANYWHERE = re.compile(r"[省市县区镇乡]")
_CODE_LIKE = re.compile(r"[0-9A-Za-z]{5,}")
_SUFFIX_RE = "|".join(sorted(map(re.escape, SUFFIXES), key=len, reverse=True))
# A suffix not continuing into another word (市场监管局 is not a market, 采矿 is not a mine, 厂房 not a factory).
SUFFIX_AT = re.compile(
    rf"(?<![采开探挖])(?:{_SUFFIX_RE})(?!监|管(?!理的|理下)|主体|价|份额|经济|需求|化|区|房|长(?!期|久|时间|年|远|达|效|途)|家|商|址|口|(?<=铺)(?:设|开|张|面|满|垫|路|位|天盖地)|(?<=行)(?:业|驶|道|为|动|政|人|走|程|情|列|径|使|车)|(?<=部)(?:分|门|长|署|队|件|位|落|委|属|首|类|级|局|下|机)|(?<=矿)(?:泉|石|产|物|业|藏|床|渣|灯|工)|(?<=点)(?:燃|火|钟|击|名|评|赞|头)|(?<=饼家)(?:庭|族|具|电|属)|(?<=城)(?:市|镇|乡|墙|门|楼|管|中|内|外|里|郊|际|建|东|西|南|北|乡))")
_NOT_BEFORE_SUFFIX = "采开探挖"
assert SUFFIX_AT.pattern.startswith(f"(?<![{_NOT_BEFORE_SUFFIX}])")
# SUFFIX_AT without its leading look-behind: a pattern that starts with one cannot skip ahead to the
# characters a suffix starts with, and tries every suffix at every position (8x slower per article).
_SUFFIX_CORE = re.compile(SUFFIX_AT.pattern[len(f"(?<![{_NOT_BEFORE_SUFFIX}])"):])


def suffixes_in(text: str):
    """The matches of SUFFIX_AT.finditer(text), found without trying the look-behind at every position."""
    pos = 0
    while (m := _SUFFIX_CORE.search(text, pos)) is not None:
        if m.start() and text[m.start() - 1] in _NOT_BEFORE_SUFFIX:
            pos = m.start() + 1  # where SUFFIX_AT fails at this position, it goes on from the next one
            continue
        yield m
        pos = m.end()


_SUFFIXES_LONGEST_FIRST = tuple(sorted(SUFFIXES, key=len, reverse=True))
# The same order, by last character: split_suffix tries only the suffixes the name can end with.
_SUFFIXES_BY_LAST: dict[str, tuple[str, ...]] = {}
for _s in _SUFFIXES_LONGEST_FIRST:
    _SUFFIXES_BY_LAST[_s[-1]] = _SUFFIXES_BY_LAST.get(_s[-1], ()) + (_s,)
del _s


@lru_cache(maxsize=1)
def _places() -> tuple[re.Pattern, dict[str, int]]:
    """Known place names with their level (2 city, 3 county, 4 town), longest first."""
    table = load_table(DEFAULT_TABLE)
    districts = {d for _, d in table.names}
    levels: dict[str, int] = {}
    for name, district in table.names:
        if name in table.city_aliases:
            levels[name] = 2
        elif name == district or (name.startswith(district[:2]) and not _ADMIN_PLACE.search(name[2:] or "x")):
            levels[name] = 3  # 海丰县, 海丰, 汕尾市城区
        elif _ADMIN_PLACE.search(name) and name not in districts:
            levels[name] = 4 if name.endswith(("镇", "乡", "街道", "农场")) else 3
    for name in table.city_aliases:
        levels[name] = 2
    for name, level in list(levels.items()):  # 马宫 for 马宫街道, 南塘 for 南塘镇
        short = re.sub(r"(?:镇|街道|乡)$", "", name)
        if level == 4 and short != name and len(short) >= 2:
            levels.setdefault(short, 4)
    for name in _OTHER_PLACES:
        levels.setdefault(name, 1 if "省" in name or name == "广东" else 2)
    pattern = re.compile("|".join(re.escape(n) for n in sorted(levels, key=len, reverse=True)))
    # Weak names may be part of another word (榕城区, 海丰源): they count only where a name starts.
    weak = frozenset(n for n in levels if n in table.ambiguous or not _ADMIN_PLACE.search(n))
    return pattern, levels, weak


@lru_cache(maxsize=1)
def _districts_of() -> dict[str, frozenset[str]]:
    """Place name (and a town's short name) -> the districts it lies in."""
    table = load_table(DEFAULT_TABLE)
    out: dict[str, set[str]] = {}
    for name, district in table.names:
        out.setdefault(name, set()).add(district)
        short = re.sub(r"(?:镇|街道|乡)$", "", name)
        if short != name and len(short) >= 2:
            out.setdefault(short, set()).add(district)
    return {k: frozenset(v) for k, v in out.items()}


def _outside(town: str, county: str | None) -> bool:
    """True when the town's short name `town` lies in no district of `county` (陆丰市 + 新港, of 城区)."""
    if county is None:
        return False
    of = _districts_of()
    return bool(of.get(town)) and bool(of.get(county)) and not (of[town] & of[county])


def _match_place(head: str, pos: int = 0):
    """The place name starting at head[pos] (a re.Match-like span), preferring the reading in which the
    next characters are a place too: 海丰县城东镇 is 海丰县 + 城东镇, not 海丰县城 + 东镇."""
    pattern, levels, weak = _places()
    m = pattern.match(head, pos)
    if m is None or pattern.match(head, m.end()):
        return m
    for end in range(m.end() - 1, pos + 1, -1):
        if head[pos:end] in levels and pattern.match(head, end):
            return pattern.match(head[:end], pos)
    return m


def split_suffix(name: str) -> tuple[str, str]:
    """(head, suffix) of a name; suffix "" when it has none."""
    for suffix in _SUFFIXES_BY_LAST.get(name[-1:], ()):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], suffix
    return name, ""


def family(name: str) -> str:
    """The kind of enterprise a name's suffix says (公司, 厂, 餐饮 ...)."""
    suffix = split_suffix(name)[1]
    return _FAMILY.get(suffix, suffix)


def strip_places(head: str) -> str:
    """`head` without the place names it starts with (汕尾市城区海韵轩 -> 海韵轩).

    A weak name (海丰, 城区) is a place only at the start or below the place before it: in
    陆丰市湖东镇海丰源 the 海丰 after a town is part of the brand."""
    pattern, levels, weak = _places()
    previous, county = 0, None
    while head:
        m = _match_place(head)
        if m and m.group() in weak and levels[m.group()] == 4 and not _ADMIN_PLACE.search(m.group()) \
                and _outside(m.group(), county):
            break  # 陆丰市新港大酒店: 新港 is a town of 城区, so here it is the brand
        if m and (m.group() not in weak or previous == 0 or levels[m.group()] > previous):
            previous = levels[m.group()]
            if previous == 3:
                county = m.group()
        elif previous == 3 and head.startswith(("城区", "县城", "市区")):  # 海丰县城区: the county's own town
            head = head[2:]
            continue
        else:
            m = _GENERIC_PLACE.match(head)
            if not m:
                break
            previous = max(previous, 3)
        head = head[m.end():]
    return head


# A public hospital is named by its place (海丰县第二人民医院): without a known place before it the name is a
# fragment (送县人民医院, 市第三人民医院).
_PUBLIC_HOSPITAL = re.compile(r"^(.*?)(第[一二三四五六七八九十\d]{1,3})?(?:人民|中医|中西医结合|妇幼保健)$")


_STALL_NUMBER = re.compile(r"[0-9一二三四五六七八九十百]+号")


@lru_cache(maxsize=8192)
def brand(name: str) -> str:
    """The distinctive part of a name (恒达 for 陆丰市恒达五金制品厂), "" for a generic name."""
    head, suffix = split_suffix(name)
    if not suffix:
        return ""
    public = _PUBLIC_HOSPITAL.match(head) if suffix in MEDICAL_SUFFIXES or suffix == "院" else None
    if public:
        place = public.group(1)
        # 陆河县人民医院, 海丰县第二人民医院: the place and the ordinal make the brand (汕尾市第三 is not 陆丰市第三)
        return head if place and not strip_places(place) else ""
    core = strip_places(head)
    if suffix in STALL_SUFFIXES:  # 东门市场陈记海鲜档口: the market is where the stall is, a number (23号) no brand
        core = _STALL_NUMBER.sub("", re.sub(r"^.*?市场", "", core))
    pattern, levels, weak = _places()
    if not _TRADE_RE.sub("", core) and suffix in TOWN_NAMED_SUFFIXES:  # 甲子镇卫生院: the town's own health centre
        towns = [m.group() for m in pattern.finditer(head) if levels[m.group()] == 4]
        return re.sub(r"(?:镇|乡|街道)$", "", towns[-1]) if towns else ""
    for m in pattern.finditer(core):  # a town inside the name (南塘镇恒达) is not the brand
        if m.group() not in weak:
            core = core.replace(m.group(), "")
    kept = core
    core = _TRADE_RE.sub("", core)
    if len(core) < 2 and len(kept) >= 3:  # 好孩子托育中心: a word for people beside another character is the brand
        alt = _TRADE_RE.sub(lambda m: m.group() if m.group() in PEOPLE_WORDS else "", kept)
        if len(alt) >= 3 and alt not in PEOPLE_WORDS:
            core = alt
    core = re.sub(r"[0-9A-Za-z（）()·]", "", core)
    return core if len(core) >= 2 and not set(core) <= GENERIC_CHARS else ""


def _cut_at_place_chain(head: str) -> str:
    """Start the name at the place chain right before the brand: 吊销海丰县仁康 -> 海丰县仁康.

    Reading leftwards from the last place name, a place of a higher or equal level joins the chain
    (汕尾市城区, 陆丰市南塘镇); a lower one (梅陇镇 before 海丰县) or any other word ends it."""
    pattern, levels, weak = _places()
    spans: list[tuple[int, int, int]] = []
    for m in pattern.finditer(head):
        level = levels[m.group()]
        if m.group() in weak and m.start() > 0 and not (spans and spans[-1][1] == m.start() and spans[-1][2] <= level):
            continue
        spans.append((m.start(), m.end(), level))
    if not spans or spans[-1][1] >= len(head):
        return head
    i = len(spans) - 1
    start, _, level = spans[i]
    while i > 0 and spans[i - 1][1] == start and spans[i - 1][2] <= level:
        i -= 1
        start, _, level = spans[i]
    return head[start:]


# The words after a company's brand (连锁, 有限公司): a name never starts with them.
_LEGAL_FRAGMENTS = ("连锁", "股份有限公司", "有限责任公司", "有限公司", "有限责任", "公司")


def shape_name(head: str, suffix: str, clause_start: bool = True) -> str | None:
    """The enterprise name made of the text before a suffix, or None when it is a fragment or generic.

    `clause_start`: `head` begins where a clause does (after punctuation), not right after another name."""
    m = _BOUNDARY.match(head)
    if m:
        cut = _rejoin_after_place(head, m.end(), clause_start)
        if _INDEFINITE.search(head, 0, cut) and strip_places(head[cut:]) == head[cut:]:
            return None  # 一家首饰加工作坊, 多家小吃店: a description of a kind of business, not its name
        head = head[cut:]
    head = re.sub(r"^[^\u4e00-\u9fff]+", "", head)  # a credit code or bracket left before the name
    if _CODE_LIKE.search(head) or head.count("（") != head.count("）") or head.count("(") != head.count(")"):
        return None
    head = _cut_at_place_chain(head)
    # "南塘一五金厂" is "a hardware factory in Nantang": generic; "一品香" is a brand.
    k = head.rfind("一")
    if k > 0 and head[k - 1] not in "第统唯万":
        rest = head[k + 1:] + suffix
        if not brand(rest):
            return None
        # right after a place it is "a ... in <place>" (甲子镇一渔船修造厂), whatever follows, unless the
        # brand begins with 一 (海丰县一品香餐厅)
        if not strip_places(head[:k]) and head[k + 1:k + 2] not in _ONE_BRANDS:
            return None
    if not head or (kind := shaped_kind(head, suffix)) is None:
        return None
    name = head + suffix
    if name.startswith(_LEGAL_FRAGMENTS):
        return None  # 连锁有限公司陆丰东海店: the end of a chain's name whose start was read elsewhere
    if suffix in PLACED_SUFFIXES and (_PUBLIC_BODY.search(name) or not _starts_with_county(head)):
        return None
    if suffix in MINED_HEADS and (_PUBLIC_BODY.search(name) or not _starts_with_county(head)
                                  or not _distinct_before_kind(name[:-len(kind)])):
        return None
    return name if brand(name) else None


def shaped_kind(head: str, suffix: str, strict: bool = False) -> str | None:
    """The kind of business the name `head` + `suffix` ends in (the suffix itself for a closed one), or None when
    its ending names none: a workplace head with no kind (现场, 干部), a public body's words before an institution's
    head (保护中心, 游客服务中心), a person and a verb before the kind (家属质疑会所).

    Shared by the rules (shape_name) and the CRF's spans (enterprise_tagger.name_shape). `strict`, for a span a
    model found rather than one these rules built: any word naming no business at the end refuses it (not only
    where a kind is composed), and a public body's words refuse it before any suffix (not only an institution's)."""
    name = head + suffix
    if _clause_before_kind(head):
        return None
    if strict:
        not_kind = _kind_words()["not_kind"]
        if any(name[-k:] in not_kind for k in range(2, min(len(name), 5) + 1)):
            return None
    kind = workplace_kind(name) if strict or suffix in MINED_HEADS else ""
    if suffix in MINED_HEADS and not kind:
        return None
    kind = kind or suffix
    if (strict or suffix in _INSTITUTION_HEADS) and name[:-len(kind)].endswith(_PUBLIC_BEFORE_KIND):
        return None
    return kind


# A brand made only of common words (海洋 in 华侨管理区海洋牧场, 建设现代化海洋): a project or a kind of place,
# not one business. Common: a word of 2-4 characters jieba's own dictionary (not the user dictionary, which
# holds the registered names) counts at least 1000 times (宏兴 5, 海通 38, 渔港 124; 海洋 4068, 建设 26381),
# listed in classifier/data/common_words.txt by scripts/make_business_kinds.py.
_COMMON_FILE = Path(__file__).resolve().parent / "data" / "common_words.txt"


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    return frozenset(line.strip() for line in _COMMON_FILE.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def common_words_only(text: str) -> bool:
    """True when `text` splits wholly into common dictionary words (海洋, 建设现代化海洋; not 宏兴, 旺达)."""
    common = _common_words()
    ok = [True] + [False] * len(text)
    for end in range(2, len(text) + 1):
        ok[end] = any(ok[start] and text[start:end] in common for start in range(max(0, end - 4), end - 1))
    return bool(text) and ok[len(text)]


def _distinct_before_kind(head: str) -> bool:
    """True when what stands between the place and a mined kind is a brand: two or more characters, not only
    trade or common words (陆丰市潭西镇|养猪场 and 华侨管理区海洋|牧场 have none).

    A common word of two characters that names a place, a person or a quality (kind_words.txt's brand_word:
    南海, 阳光, 幸福) is a brand when a town stands before it (海丰县鲘门镇|南海|冰室): a report that places a
    business down to its town names one business, where a county and a common word name a kind of place or a
    project (华侨管理区|海洋|牧场); a common noun (垃圾|填埋场, 政务|服务中心), a verb or a phrase (野生动物) is
    no brand."""
    rest = strip_places(head)
    core = _TRADE_RE.sub("", rest)
    if len(core) < 2 or set(core) <= GENERIC_CHARS:
        return False
    if not common_words_only(core):
        return True
    # one word of two characters (南海, 阳光), not a phrase of common words (野生动物|救助站), nor a verb
    return core in _kind_words()["brand_word"] and _town_in(head[:len(head) - len(rest)])


def _town_in(places: str) -> bool:
    """True when the place chain `places` names a town (海丰县鲘门镇, 陆丰市甲子), not only a county or the city."""
    if "镇" in places or "乡" in places or "街道" in places:  # a town the place table lacks (鲘门镇) too
        return True
    pattern, levels, weak = _places()
    return any(levels[m.group()] == 4 for m in pattern.finditer(places))


def mined_kind(name: str) -> str:
    """The kind of business from the mined list that `name` ends in, with a brand before it ("" for none)."""
    for k in (4, 3, 2):
        if len(name) > k + 1 and name[-k:] in MINED_KINDS:
            return name[-k:]
    return ""


_KIND_WORDS_FILE = Path(__file__).resolve().parent / "data" / "kind_words.txt"


@lru_cache(maxsize=1)
def _kind_words() -> dict[str, frozenset[str]]:
    """Class -> words, from classifier/data/kind_words.txt (written by scripts/make_business_kinds.py):
    goods (口腔, 液化气, 砂), service (冷冻, 回收), not_kind (有所, 进行, 监测站: end in a head, name no business),
    verb (质疑), brand_word (南海, 阳光: common words a shop may take for its brand)."""
    sections = _KIND_WORDS_FILE.read_text(encoding="utf-8").split("\n[")[1:]  # after the comment line
    return {cls: frozenset(words.split()) for cls, _, words in (section.partition("]\n") for section in sections)}


# Heads an institution shares with a business (验光中心, 液化气站): with a verb of governance they name a public
# body (非遗保护中心, 林业管理站, 动物防疫站), and a centre serving a public (游客服务中心, 居民活动中心) is one.
_INSTITUTION_HEADS = frozenset({"中心", "站", "所", "社", "部", "基地"})
PUBLIC_FUNCTIONS = frozenset({
    "保护", "管理", "监测", "监督", "监管", "指挥", "调度", "救助", "调解", "保障", "执法", "检验", "检疫", "防疫",
    "防治", "疾控", "应急", "政务", "便民", "援助", "治理", "维权", "信访", "统计", "征收", "登记", "审批", "宣传",
    "推广", "评估", "研究", "发展", "协调", "联络", "综治", "安置", "收容", "戒毒", "矫正", "便民", "示范", "实践",
    "科普", "研学",
})
# A base for teaching or training is a public one (禁毒教育基地); a centre of 教育 or 训练 may be a business.
PUBLIC_BASES = PUBLIC_FUNCTIONS | {"教育", "训练"}
PUBLIC_SERVED = ("游客", "居民", "市民", "村民", "群众", "职工", "妇女", "儿童", "青少年", "老年人", "残疾人", "农民工",
                 "退役军人", "志愿者", "党员", "社区", "公众")
_PUBLIC_BEFORE_KIND = PUBLIC_SERVED + tuple(PUBLIC_FUNCTIONS) + ("文明",)  # 便民|服务中心, 新时代文明|实践中心
_HEADS = frozenset(MINED_HEADS)
_TWO_CHARACTER_HEADS = frozenset(h for h in MINED_HEADS if len(h) == 2)


def workplace_kind(name: str) -> str:
    """The kind of business `name` ends in ("" for none): a mined kind (冷库, 物流园), or one composed of a goods
    or service word and a workplace head (口腔|门诊, 液化气|站, 冷冻|库, 海鲜|排档; 采砂场 like 采石场) when
    the name does not end in a word that names no business (有所, 现场, 监测站, 停车场); a single character
    counts as goods when it is a noun (蚝|场, 冰|室, 鱼|庄)."""
    kind = mined_kind(name)
    if kind:
        return kind
    head = name[-2:] if name[-2:] in _TWO_CHARACTER_HEADS else name[-1:]
    if head not in _HEADS:
        return ""
    words = _kind_words()
    not_kind = words["not_kind"]
    before = name[:-len(head)]
    # a noun of three characters before the head holds a shorter denied word (卡丁车|场 holds 车场, a car park)
    inside = len(head) + 3 if len(before) > 4 and before[-3:] in words["goods"] else 0
    for k in range(len(head) + 1, min(len(name), 5) + 1):  # a loop, not any(): this runs at every head in a text
        if name[-k:] in not_kind and k >= inside:
            return ""
    if len(before) > 3 and name[-3:] in words["goods"] and len(head) < 3:
        return name[-3:]  # 露营地, 3 in the dictionary: a noun ending in the head, too rare to be mined
    if head == "点":  # a point of sale, repair or recycling (回收点, 代售点), not of watch or aid (监测点, 救助点)
        return before[-2:] + head if len(before) > 3 and before[-2:] in _TRADE_POINTS else ""
    for k in (3, 2, 1):  # 液化气|站, 口腔|门诊, 蚝|场 (采砂场: 砂|场 after the brand 明华采)
        if head == "部" and k == 1:
            break  # 部 follows a service (维修|部, 服务|部), never one character (内部, 全部, 干部)
        word = before[-k:]
        if len(before) > k + 1 and (word in words["goods"] or word in words["service"] and not (
                head in _INSTITUTION_HEADS and word in (PUBLIC_BASES if head == "基地" else PUBLIC_FUNCTIONS))):
            return word + head
    if head in _OPEN_HEADS and len(before) >= 4 and not any(ch in _OPEN_STOP for ch in before[-3:]) \
            and before[-2:] not in words["verb"] and before[-2:] not in words["service"]:
        return before[-1] + head  # 强记牛杂|档: goods the dictionary lacks (the brand is checked before it)
    if head in ("中心", "门诊") and len(before) >= 4 and _unknown_word(before[-2:]):
        return before[-2:] + head  # 悦康听力验配|中心: a trade the dictionary lacks; a public body's words are known
    return ""


def _unknown_word(word: str) -> bool:
    """True when `word` is in none of the dictionary's classes the recognizer keeps (goods, service, verb, common
    words, not_kind), nor has a function character: a trade term of its own (验配, 植发), where a public body is
    named with known words (管理, 服务, 指挥, 综治)."""
    words = _kind_words()
    return not (any(ch in _OPEN_STOP for ch in word) or word in _common_words() or word in PUBLIC_FUNCTIONS
                or any(word in words[cls] for cls in ("goods", "service", "verb", "not_kind", "brand_word")))


# What a point of business does (回收点, 销售点); a point of watch, test or aid (监测点, 采样点) is a public one.
_TRADE_POINTS = frozenset({"回收", "收购", "销售", "代售", "代销", "经销", "零售", "批发", "维修", "修理", "代理",
                           "加工", "经营"})


# Heads of a place of trade or play whose goods are an open class (牛杂档, 卤味屋): any character may come
# before them when it is no function word; not the heads an institution shares (中心, 站, 所, 社, 部), nor 行
# (进行, 执行) or 城 (towns' nicknames).
_OPEN_HEADS = frozenset({"场", "室", "庄", "园", "档", "屋", "吧", "排档"})
_OPEN_STOP = frozenset("的了在是和与及对于将被把向从由到为据称经该此其这那已均曾并共应因他她我你它们个名位次等")


# People a report makes the subject of a verb (家属质疑, 患者投诉, 居民反映).
_PEOPLE_SUBJECTS = tuple(PEOPLE_WORDS) + PUBLIC_SERVED + (
    "家属", "患者", "病人", "病患", "顾客", "消费者", "食客", "游客", "业主", "家长", "网友", "记者", "乘客", "学员",
    "员工", "工人", "住户", "租户", "商户", "摊主", "店主", "老板", "群众", "当事人")


def _clause_before_kind(head: str) -> bool:
    """True when `head`, after its place, is a person and a verb (家属质疑|会所, 海丰县城东镇居民投诉|酒店): the kind is
    the verb's object, not a name (a verb of a trade stays: 日本专业回收|公司)."""
    if len(head) < 4 or head[-2:] not in _kind_words()["verb"] or not head[:-2].endswith(_PEOPLE_SUBJECTS):
        return False
    core = strip_places(head)
    return len(core) >= 4 and common_words_only(core[:-2])


def _rejoin_after_place(head: str, cut: int, clause_start: bool = True) -> int:
    """Where the name starts in `head` when the boundary words cut it at `cut`.

    A cut at a single character that also makes brands (和, 向, 为, 时 ...) is undone when a county or city
    name stands before it with only brand characters between (汕尾市城区颐和|养护院 -> 汕尾市城区颐和养护院,
    海丰县向|阳食品厂 -> 海丰县向阳食品厂), but not over a preposition (陆丰市已对|顺昌塑料厂) or a date."""
    strong = _STRONG_BOUNDARY.match(head)
    low = strong.end() if strong else 0
    if cut <= low or head[cut - 1] not in _BRAND_CHARS:
        return cut
    pattern, levels, weak = _places()
    opening = head[low:cut]
    if (strong is not None or (clause_start and len(head) < 24)) and len(opening) <= 2 and not pattern.match(head, cut) and not any(
            ch in _WEAK_BOUNDARY_CHARS and ch not in _BRAND_CHARS or ch in "他她我你它们" for ch in opening):
        return low  # the clause starts with the brand (据悉，和记大排档; 时代华庭幼儿园三十名幼儿)
    chain, previous_end = None, None
    for m in pattern.finditer(head, low, cut - 1):
        if m.group() not in weak or m.start() in (low, previous_end):  # 海丰县附城镇: a weak name in a chain
            chain, previous_end = m, m.end()
    if chain is None:
        return cut
    between = head[chain.end():cut]
    if not re.fullmatch(r"[\u4e00-\u9fff]+", between) or any(ch in _WEAK_BOUNDARY_CHARS and ch not in _BRAND_CHARS
                                                              for ch in between):
        return cut
    if _places()[0].match(head, chain.end()) or strip_places(between) != between:
        return cut  # another place follows (海丰县和陆丰市): the boundary stands
    start = chain.start()
    while True:  # the chain leftwards: 汕尾市 before 城区
        for m in pattern.finditer(head, low, start):
            if m.end() == start and levels[m.group()] <= levels[chain.group()]:
                start = m.start()
                break
        else:
            return start


def continues_name(between: str) -> bool:
    """True when the characters between two suffixes (爱婴坊|母婴|店) may be one name's: no boundary word."""
    return not _BOUNDARY.match(between) and not _PLACE_ANYWHERE.search(between)


def _starts_with_county(head: str) -> bool:
    """True when `head` begins with the city, a county or a district (汕尾市城区…, 海丰县…), not a bare town."""
    pattern, levels, weak = _places()
    m = _match_place(head)
    return bool(m) and levels[m.group()] <= 3 and m.group() not in weak


# Suffixes older rules took for names: a place of an enterprise (仓库, 工地) or a market in general.
_OLD_SUFFIXES = ("仓库", "工地", "市场")


@lru_cache(maxsize=8192)
def plausible(name: str) -> bool:
    """True when a stored name may be shown as an enterprise (for cleaning names kept by older rules).

    A name with a known suffix must have the full shape; one without (entered by hand, 样例企业) is kept
    unless it looks like a code or ends like a place older rules took for a name."""
    if not isinstance(name, str) or not 2 <= len(name) <= 60 or _CODE_LIKE.search(name):
        return False
    head, suffix = split_suffix(name)
    if not suffix:
        return not name.endswith(_OLD_SUFFIXES) or name.endswith(("农贸市场", "批发市场"))
    return shape_name(head, suffix) == name
