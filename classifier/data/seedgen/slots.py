"""Slot fillers: places, names, dates, numbers, outlets; everything invented for the seed corpus."""

from __future__ import annotations

import random

from classifier.numerals import parse_number  # noqa: F401  (kept for symmetry with the parser tests)

# (province, city, county/district); a spread over China plus Shanwei.
PLACES = [
    ("广东省", "汕尾市", "城区"), ("广东省", "汕尾市", "海丰县"), ("广东省", "汕尾市", "陆丰市"),
    ("广东省", "汕尾市", "陆河县"), ("广东省", "汕尾市", "红海湾开发区"), ("广东省", "汕尾市", "华侨管理区"),
    ("广东省", "广州市", "白云区"), ("广东省", "深圳市", "宝安区"), ("广东省", "东莞市", "长安镇"),
    ("广东省", "佛山市", "南海区"), ("广东省", "揭阳市", "普宁市"), ("广东省", "汕头市", "潮阳区"),
    ("广东省", "惠州市", "惠东县"), ("广东省", "湛江市", "雷州市"), ("广东省", "梅州市", "兴宁市"),
    ("福建省", "泉州市", "晋江市"), ("福建省", "福州市", "闽侯县"), ("福建省", "宁德市", "霞浦县"),
    ("浙江省", "温州市", "瑞安市"), ("浙江省", "金华市", "义乌市"), ("浙江省", "台州市", "温岭市"),
    ("江苏省", "苏州市", "昆山市"), ("江苏省", "徐州市", "邳州市"), ("江苏省", "镇江市", "丹阳市"),
    ("山东省", "临沂市", "兰陵县"), ("山东省", "潍坊市", "寿光市"), ("山东省", "济宁市", "嘉祥县"),
    ("河南省", "周口市", "鹿邑县"), ("河南省", "郑州市", "新郑市"), ("河南省", "南阳市", "邓州市"),
    ("河北省", "石家庄市", "藁城区"), ("河北省", "邯郸市", "武安市"), ("山西省", "临汾市", "洪洞县"),
    ("山西省", "大同市", "左云县"), ("陕西省", "榆林市", "神木市"), ("内蒙古自治区", "鄂尔多斯市", "准格尔旗"),
    ("黑龙江省", "鸡西市", "城子河区"), ("吉林省", "长春市", "九台区"), ("辽宁省", "大连市", "金州区"),
    ("四川省", "成都市", "郫都区"), ("四川省", "宜宾市", "珙县"), ("重庆市", "重庆市", "綦江区"),
    ("贵州省", "六盘水市", "盘州市"), ("云南省", "昆明市", "官渡区"), ("广西壮族自治区", "南宁市", "武鸣区"),
    ("广西壮族自治区", "玉林市", "北流市"), ("湖南省", "长沙市", "浏阳市"), ("湖南省", "郴州市", "嘉禾县"),
    ("湖北省", "武汉市", "江夏区"), ("湖北省", "宜昌市", "枝江市"), ("江西省", "萍乡市", "上栗县"),
    ("安徽省", "阜阳市", "临泉县"), ("安徽省", "合肥市", "肥西县"), ("海南省", "海口市", "龙华区"),
    ("甘肃省", "兰州市", "七里河区"), ("新疆维吾尔自治区", "乌鲁木齐市", "米东区"), ("北京市", "北京市", "大兴区"),
    ("上海市", "上海市", "松江区"), ("天津市", "天津市", "滨海新区"), ("宁夏回族自治区", "银川市", "西夏区"),
]
SHANWEI_TOWNS = {
    "城区": ["新港街道", "香洲街道", "凤山街道", "东涌镇", "马宫街道", "红草镇", "捷胜镇"],
    "海丰县": ["海城镇", "附城镇", "城东镇", "梅陇镇", "联安镇", "陶河镇", "赤坑镇", "大湖镇", "可塘镇", "公平镇", "平东镇"],
    "陆丰市": ["东海街道", "城东街道", "河西街道", "碣石镇", "湖东镇", "南塘镇", "甲子镇", "甲东镇", "博美镇", "桥冲镇", "八万镇", "金厢镇"],
    "陆河县": ["河田镇", "水唇镇", "河口镇", "新田镇", "上护镇", "螺溪镇", "东坑镇", "南万镇"],
    "红海湾开发区": ["田墘街道", "东洲街道", "遮浪街道"],
    "华侨管理区": ["华侨区"],
}
GENERIC_TOWNS = ["城关镇", "新华街道", "东城街道", "南湖镇", "西河镇", "石桥镇", "长安镇", "北门街道", "城南街道",
                 "黄村镇", "白沙镇", "清水镇", "大坪乡", "龙泉镇", "高新区", "经济开发区", "工业园区", "太平镇"]
SURNAMES = list("张王李刘陈杨黄赵周吴徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤")
SHOP_WORDS = ["鸿福", "金鼎", "好运来", "聚贤", "福满楼", "顺德", "老街", "阿香", "兴旺", "大丰收", "百味", "湘味",
              "川香", "潮汕", "海景", "渔家", "金海湾", "客家", "一品", "红运", "喜来", "佳佳", "美食坊", "老字号",
              "康达", "恒通", "永兴", "宏达", "新世纪", "华美", "安泰", "瑞丰", "广源", "鑫源", "盛世", "天一",
              "益民", "惠民", "仁心", "同德", "济世", "博爱", "康宁", "德仁", "百姓", "万家", "好邻居", "华联"]
OUTLETS_PAPER = ["新华社", "中新网", "人民网", "央视新闻", "南方日报", "羊城晚报", "汕尾日报", "汕尾发布", "南方都市报",
                 "新京报", "北京青年报", "澎湃新闻", "齐鲁晚报", "华商报", "楚天都市报", "钱江晚报", "扬子晚报",
                 "大河报", "华西都市报", "广州日报", "法制日报", "检察日报", "健康报", "中国食品报", "经济日报"]


def pick(rng: random.Random, items):
    """One random element."""
    return items[rng.randrange(len(items))]


CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """An integer below 1000 in Chinese numerals (23 -> 二十三)."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    head = CN_DIGITS[n // 100] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + CN_DIGITS[rest]
    return head + (CN_DIGITS[rest // 10] + "十" + (CN_DIGITS[rest % 10] if rest % 10 else ""))


def count(rng: random.Random, lo: int, hi: int) -> str:
    """A count of people written the way news does: 23, 二十三, 20余, 十余, 近百."""
    n = rng.randint(lo, hi)
    style = rng.random()
    if style < 0.5:
        return str(n)
    if style < 0.75:
        return cn_number(n)
    if n >= 10 and style < 0.9:
        return f"{(n // 10) * 10}余" if rng.random() < 0.5 else cn_number((n // 10) * 10) + "余"
    if n >= 80:
        return pick(rng, ["近百", "上百", "百余"])
    return str(n)


def money(rng: random.Random) -> str:
    """An amount of money: 3200元, 5.6万元, 1.2亿元."""
    r = rng.random()
    if r < 0.35:
        return f"{rng.randint(2, 99) * 100}元"
    if r < 0.85:
        return f"{rng.randint(1, 500) / 10:g}万元"
    return f"{rng.randint(11, 90) / 10:g}亿元"


def date(rng: random.Random) -> tuple[int, int, int]:
    """A year (2004-2025), month and day."""
    return rng.randint(2004, 2025), rng.randint(1, 12), rng.randint(1, 28)


def place(rng: random.Random, shanwei_share: float = 0.3) -> dict:
    """Province, city, county and town names for one story."""
    if rng.random() < shanwei_share:
        county = pick(rng, list(SHANWEI_TOWNS))
        prov, city = "广东省", "汕尾市"
        town = pick(rng, SHANWEI_TOWNS[county])
    else:
        prov, city, county = pick(rng, PLACES)
        town = pick(rng, SHANWEI_TOWNS[county]) if city == "汕尾市" else pick(rng, GENERIC_TOWNS)
    short_city = city[:-1] if city.endswith("市") and len(city) > 2 else city
    short_prov = prov.replace("省", "").replace("壮族自治区", "").replace("维吾尔自治区", "").replace("回族自治区", "").replace("自治区", "").replace("市", "")
    return {"prov": prov, "sprov": short_prov, "city": city, "scity": short_city, "county": county, "town": town}
