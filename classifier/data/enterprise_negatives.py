"""Invented sentences that name no enterprise, for training the enterprise-name tagger (classifier/enterprise_tagger.py).

Each sentence is a template filled at random (fixed seed) with a place of the project's district table and a
phrase of one class that shapes like a name but names no business: a public body (县市场监督管理局, 镇卫生监督所,
渔业管理站), a public facility or service (镇综合文化站, 社区日间照料中心), a group of people or officials after a
place (镇机关干部, 村网格员), a site of works or of an event (施工现场, 演练现场, 整治现场), and a hospital that
only treats the victims (送往县人民医院救治). The phrases are written for this generator; none is taken from a corpus,
and the demo corpus's own false positives are not among them (the classes are, so that the demo measures whether a
class was learnt)."""

from __future__ import annotations

import random

SEED = 20261203

PUBLIC_BODIES = (
    "市场监督管理局", "市场监管局", "卫生健康局", "应急管理局", "农业农村局", "自然资源局", "生态环境分局", "住房和城乡建设局",
    "综合行政执法局", "公安局", "交通运输局", "教育局", "人民政府", "镇政府", "街道办事处", "卫生监督所", "疾病预防控制中心",
    "疾控中心", "林业站", "水利所", "财政所", "司法所", "农业技术推广站", "动物卫生监督所", "渔业管理站", "安全生产监督站",
    "消防救援大队", "气象局", "供销合作联社", "市场监管所", "文化广电旅游体育局", "综合文化站", "党群服务中心",
    "退役军人服务站", "政务服务中心", "矛盾纠纷调解中心", "社会工作服务站", "食品药品检验所", "环境监测站",
    "网格化管理中心", "应急指挥中心", "公共资源交易中心", "妇幼保健计划生育服务中心",
)
PUBLIC_FACILITIES = (
    "日间照料中心", "养老服务中心", "文化活动中心", "青少年活动中心", "体育公园", "文化广场", "农家书屋", "图书馆",
    "公共厕所", "垃圾转运站", "污水处理站", "避灾安置点", "幸福院", "老年人活动室", "儿童之家", "便民服务站",
    "新时代文明实践站", "爱心驿站", "志愿服务站", "公交总站", "汽车客运站", "渔港", "中心小学", "第一中学", "实验幼儿园",
)
PEOPLE = (
    "机关干部", "村干部", "党员", "网格员", "志愿者", "执法人员", "工作人员", "驻村工作队", "民兵", "医护人员", "村民代表",
    "居民", "群众", "学生家长", "卫生监督员", "市场监管人员", "安全员", "联络员",
)
SITES = (
    "施工现场", "演练现场", "整治现场", "检查现场", "事故现场", "活动现场", "拆除现场", "抢修现场", "道路改造工地",
    "河道清淤现场", "防汛现场", "集市", "夜市", "墟日市场", "海滨广场", "沙滩", "停车场", "十字路口", "村道", "河堤",
)
HOSPITALS = ("人民医院", "第二人民医院", "中医医院", "妇幼保健院", "中心卫生院", "卫生院", "社区卫生服务中心")
ACTIVITIES = ("食品安全宣传活动", "安全生产大检查", "消防应急演练", "反诈骗宣传", "环境卫生整治", "防溺水宣传",
              "燃气安全排查", "义诊活动", "送温暖活动", "普法讲座", "野生菌中毒防控宣传", "校园周边食品安全检查")
WHEN = ("近日", "3月5日", "昨日上午", "当天下午", "5月20日", "日前", "今年以来", "本周", "国庆前夕", "清晨6时许", "")
OUTCOMES = ("群众反响良好", "共发放宣传资料300余份", "现场秩序井然", "未发现安全隐患", "受到村民欢迎", "各项工作有序推进",
            "参与人数达200余人", "相关情况已上报", "现场已恢复正常", "督促落实整改")

TEMPLATES = (
    ("{when}，{place}{body}组织开展{activity}，{outcome}。", ("body",)),
    ("{place}{body}工作人员到{place2}{site}了解情况，{outcome}。", ("body", "site")),
    ("{when}{place}{people}深入{place2}{facility}开展{activity}。", ("people", "facility")),
    ("{place}{facility}近日投入使用，{outcome}。", ("facility",)),
    ("{when}，{place}{site}发生一起交通事故，伤者被送往{place2}{hospital}救治，目前生命体征平稳。", ("site", "hospital")),
    ("{place}{people}在{place2}{site}维持秩序，{outcome}。", ("people", "site")),
    ("据{place}{body}通报，{when}共受理群众投诉12宗，已全部办结。", ("body",)),
    ("{place}{site}，{people}正在清理积水。", ("site", "people")),
    ("多名村民出现腹泻症状后到{place}{hospital}就诊，{place2}{body}已介入调查。", ("hospital", "body")),
    ("{when}，{place}{body}联合{place2}{body2}在{facility}开展{activity}。", ("body", "facility")),
    ("{place}{facility}负责人介绍，{outcome}。", ("facility",)),
    ("记者在{place}{site}看到，{people}正逐户登记。", ("site", "people")),
    ("{place}{people}表示，将继续做好{activity}。", ("people",)),
    ("伤者随后被转至{place}{hospital}接受治疗，{place2}{body}派员前往看望。", ("hospital", "body")),
)


def _places() -> list[str]:
    """The city, its counties and their towns, from the project's district table (海丰县, 陆丰市碣石镇, 汕尾市城区 ...)."""
    from classifier.districts import DEFAULT_TABLE, load_table

    table = load_table(DEFAULT_TABLE)
    counties = {"海丰县": "海丰县", "陆丰市": "陆丰市", "陆河县": "陆河县", "汕尾市城区": "城区"}
    towns = sorted({(name, district) for name, district in table.names if name.endswith(("镇", "街道"))})
    return ["汕尾市", *counties] + [county + town for county, district in counties.items()
                                   for town, d in towns if d == district]


def generate(n: int = 240, seed: int = SEED) -> list[dict]:
    """`n` invented sentences naming no enterprise: [{"text", "enterprises": []}] (deterministic for a seed)."""
    rng = random.Random(seed)
    places = _places()
    pools = {"body": PUBLIC_BODIES, "body2": PUBLIC_BODIES, "facility": PUBLIC_FACILITIES, "people": PEOPLE,
             "site": SITES, "hospital": HOSPITALS, "activity": ACTIVITIES, "when": WHEN, "outcome": OUTCOMES}
    out, seen = [], set()
    while len(out) < n:
        template, _ = TEMPLATES[len(out) % len(TEMPLATES)]
        fill = {k: rng.choice(v) for k, v in pools.items()}
        text = template.format(place=rng.choice(places), place2=rng.choice(places), **fill)
        if text not in seen:
            seen.add(text)
            out.append({"text": text, "enterprises": []})
    return out


if __name__ == "__main__":
    for case in generate(20):
        print(case["text"])
