"""Paragraph builders that turn an incident's facts into differently worded reports."""

from __future__ import annotations

from datetime import datetime

PORTAL_SELF = {"daily": "本报", "news": "本网", "gov": "本站"}

_WITNESS = {
    "food": [
        "{resident}告诉记者，事发当晚一家人在{enterprise_short}吃饭，回家不到两个小时就开始肚子疼，"
        "“孩子吐了好几次，半夜赶紧送去医院，同一个病房里还有几个人也是在那里吃的饭。”",
        "“东西吃着就觉得味道不太对，当时也没在意。”{resident}说，第二天一早她在业主群里看到，"
        "好几位邻居都有类似症状，大家这才意识到问题可能出在这家店。",
    ],
    "medical": [
        "{resident}回忆，当时对方自称有多年从业经验，既没有出示执业证书，也没有让她签署任何知情同意书，"
        "“收费倒是一分不少，出了事就推说是个人体质问题。”",
        "患者家属{resident}告诉记者，事发后他们多次找对方协商，对方起初态度强硬，"
        "直到家属报警并向卫生健康部门反映，对方才同意先行垫付部分医疗费用。",
    ],
    "safety": [
        "附近一名工友{resident}说，事发时他正在隔壁车间干活，“先是听到一声闷响，接着就有人喊快救人，"
        "大家冲过去的时候现场已经乱成一团。”他表示，车间平时很少组织安全培训。",
        "住在附近的{resident}告诉记者，这家企业平时经常加班到深夜，厂区里堆放的物料“几乎把通道都堵死了”，"
        "周边居民此前曾多次向村委会反映，但情况一直没有明显改善。",
    ],
}

_VISIT = [
    "记者随后来到位于{town}{address}的{enterprise}，看到门口已被拉起警戒线，"
    "数名执法人员正在现场清点物品、拍照取证，{premises}已暂停营业，留守的工作人员对记者的提问均表示“不清楚”。",
    "记者随后赶到{town}{address}。该处门面不大，招牌显示为“{enterprise_short}”，大门紧闭，"
    "门上贴有执法部门的封条。附近商户表示，这里平日里人来人往，出事后就再没开过门。",
]

_RESPONSE = [
    "对此，{regulator}相关负责人表示，接到反映后已第一时间派员到场调查处置，"
    "{measure}，具体原因正在进一步调查中，调查结果将及时向社会公布。",
    "记者从{regulator}了解到，执法人员已对{enterprise}依法立案调查，{measure}。"
    "该负责人说，对于违法违规行为将坚持“零容忍”，一经查实，依法从严处理。",
]

_OFFICIAL_OPEN = [
    "接报后，{regulator}立即会同属地{town}及相关部门组成联合工作组赶赴现场，"
    "第一时间控制现场、封存相关物品，并协调医疗机构全力做好相关人员的救治和安抚工作。",
    "{regulator}接到反映后高度重视，当即启动应急处置程序，派出执法人员赶赴{town}开展现场检查，"
    "对涉事场所实施控制，同时调取相关票据、台账和监控资料。",
]

_REMIND = {
    "food": "{regulator}提醒广大市民，外出就餐应选择证照齐全、卫生条件良好的餐饮单位，"
    "发现食品安全问题可拨打12315投诉举报热线，监管部门将依法及时处理。",
    "medical": "卫生健康部门提醒广大群众，就医、美容应选择依法取得《医疗机构执业许可证》的正规机构，"
    "可通过官方渠道查询医疗机构和医务人员资质，发现非法行医行为请及时向卫生健康部门举报。",
    "safety": "应急管理部门提醒各生产经营单位，要切实落实安全生产主体责任，"
    "全面排查整治各类事故隐患，严格执行安全操作规程，坚决防范和遏制生产安全事故发生。",
}

_CLOSE = [
    "{self}将持续关注事件进展。",
    "目前，相关调查工作仍在进行中，{self}将继续跟进报道。",
]

_NEXT_STEP = {
    "food": "下一步，{regulator}将在全区范围内开展餐饮服务食品安全专项检查，重点检查原料采购、"
    "加工制作、冷藏贮存和餐具消毒等环节，对发现的问题督促限期整改，整改不到位的依法予以查处。",
    "medical": "下一步，卫生健康部门将联合市场监管、公安等部门持续开展打击非法行医专项行动，"
    "重点整治无证行医、超范围执业和违法开展医疗美容等行为，切实维护群众健康权益。",
    "safety": "下一步，应急管理部门将举一反三，在全市范围内开展安全生产隐患大排查大整治，"
    "对同类企业逐一开展检查，对存在重大隐患的企业依法责令停产停业整顿。",
}


def md(dt: datetime) -> str:
    """A date written as 4月7日."""
    return f"{dt.month}月{dt.day}日"


def _fill(text: str, facts: dict, portal: str, when: datetime) -> str:
    values = dict(facts)
    values.update(self=PORTAL_SELF[portal], when_short=md(when))
    return text.format(**values)


def first_report(facts: dict, portal: str, when: datetime, lead: str, variant: int) -> list[str]:
    """Paragraphs of a first report by a newspaper or news site."""
    domain = facts["domain"]
    parts = [
        lead,
        _WITNESS[domain][variant % 2],
        _VISIT[variant % 2],
        facts["detail"],
        _RESPONSE[variant % 2],
        _CLOSE[variant % 2],
    ]
    return [_fill(p, facts, portal, when) for p in parts]


def official_notice(facts: dict, portal: str, when: datetime, lead: str, variant: int) -> list[str]:
    """Paragraphs of an official notice about an incident."""
    domain = facts["domain"]
    parts = [lead, _OFFICIAL_OPEN[variant % 2], facts["detail"], facts["finding"]]
    if facts.get("code"):
        parts.append("经核查，{enterprise}（统一社会信用代码：{code}）{license_note}。")
    parts += [facts["measure_text"], _REMIND[domain]]
    return [_fill(p, facts, portal, when) for p in parts]


def followup(facts: dict, portal: str, when: datetime, lead: str) -> list[str]:
    """Paragraphs of a follow-up reporting the outcome (通报处理结果)."""
    domain = facts["domain"]
    recap = (
        "此前，{enterprise}{recap}，引发社会关注"
        + ("，{self}曾对此进行报道。" if portal != "gov" else "。")
    )
    parts = [lead, recap, facts["finding"], facts["outcome"], _NEXT_STEP[domain], _REMIND[domain]]
    return [_fill(p, facts, portal, when) for p in parts]
