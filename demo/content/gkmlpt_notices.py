"""Notices of the demo gkmlpt portal: 行政处罚 decisions and 抽检 announcements, some of them incidents.

Every enterprise, person and number is fictional. Each notice names one district (or none, then the
portal's own, 城区), so the crawler's district resolution has one right answer.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from demo.content.credit import make_code

REGULATOR = "汕尾市市场质量综合监管局"
PENALTY_COLUMN = 2461
SAMPLING_COLUMN = 2462

# (district, place written in the text, district code prefix of the credit codes)
PLACES = [
    ("城区", "汕尾市城区凤山街道", "441502"), ("海丰县", "海丰县附城镇", "441521"),
    ("陆丰市", "陆丰市东海街道", "441581"), ("陆河县", "陆河县河田镇", "441523"),
    ("城区", "汕尾市城区香洲街道", "441502"), ("陆丰市", "陆丰市碣石镇", "441581"),
    ("海丰县", "海丰县梅陇镇", "441521"),
]

# Routine penalties: (enterprise, trade, violation, facts, basis, decision)
ROUTINE_PENALTIES = [
    ("汕尾市城区恒丰五金商行", "五金建材零售", "未按规定明码标价",
     "当事人在经营场所销售的水龙头、角阀等32种商品未标示价格，部分商品标价签品名与实物不符。",
     "《中华人民共和国价格法》第十三条第一款、《明码标价和禁止价格欺诈规定》",
     "警告，并处罚款人民币2000元"),
    ("海丰县美颜坊美容服务部", "生活美容服务", "发布虚假广告",
     "当事人在微信公众号发布广告，宣称其面部护理项目“七天淡斑”“永不反弹”，无法提供相应证明材料。",
     "《中华人民共和国广告法》第二十八条、第五十五条",
     "责令停止发布违法广告，在相应范围内消除影响，并处罚款人民币1.5万元"),
    ("陆丰市东海鸿运电子秤经营部", "衡器销售", "使用未经检定的计量器具",
     "当事人在经营活动中使用的3台电子计价秤未按规定申请周期检定，检定合格标记已过期。",
     "《中华人民共和国计量法》第九条、《中华人民共和国计量法实施细则》",
     "责令停止使用，没收未经检定的计量器具，并处罚款人民币1000元"),
    ("陆河县河田镇佳品鞋业商店", "鞋类零售", "销售侵犯注册商标专用权的商品",
     "当事人销售的46双运动鞋使用了与他人注册商标相同的标识，未经商标注册人许可，货值金额3680元。",
     "《中华人民共和国商标法》第五十七条第三项、第六十条第二款",
     "没收侵权商品，并处罚款人民币1.2万元"),
    ("汕尾市城区新航线教育咨询有限公司", "教育咨询", "未按规定公示年度报告",
     "当事人未在规定期限内通过国家企业信用信息公示系统报送2023年度年度报告，经责令后仍未改正。",
     "《企业信息公示暂行条例》第八条、第十八条",
     "列入经营异常名录，并处罚款人民币500元"),
    ("陆丰市碣石镇金海湾服装店", "服装零售", "擅自变更经营场所未办理登记",
     "当事人的实际经营场所与登记住所不一致，搬迁后超过30日未申请变更登记。",
     "《中华人民共和国市场主体登记管理条例》第二十四条、第四十六条",
     "责令限期办理变更登记，并处罚款人民币3000元"),
    ("海丰县梅陇镇兴达通讯器材店", "通讯器材零售", "价格欺诈",
     "当事人在店内以“原价2999元、现价1599元”促销手机，经查该机型此前从未以2999元成交。",
     "《中华人民共和国价格法》第十四条第四项、《明码标价和禁止价格欺诈规定》",
     "没收违法所得人民币4200元，并处罚款人民币8000元"),
    ("汕尾市城区优品家居用品有限公司", "家居用品批发", "未按规定提供发票",
     "当事人在销售家具过程中，对消费者索要发票的要求以“开票需另加税点”为由拒绝提供。",
     "《中华人民共和国消费者权益保护法》第二十二条、第五十六条",
     "警告，并处罚款人民币1000元"),
    ("陆丰市东海创意广告设计部", "广告设计", "广告中使用国家机关名义",
     "当事人为某楼盘设计的户外广告中使用了“政府重点扶持项目”字样，无法提供依据。",
     "《中华人民共和国广告法》第九条第二项、第五十七条",
     "责令停止发布，并处罚款人民币2万元"),
    ("陆河县河田镇旺角文具店", "文具零售", "销售无中文标识的商品",
     "当事人销售的一批进口彩色铅笔无中文标签，未标明生产者名称和地址，货值金额860元。",
     "《中华人民共和国产品质量法》第二十七条、第五十四条",
     "责令改正，没收违法商品，并处罚款人民币600元"),
    ("汕尾市城区海港物流有限公司", "道路货运代理", "未按规定使用合同格式条款",
     "当事人提供的托运合同格式条款中载有“货物损坏概不负责”等排除消费者权利的内容。",
     "《中华人民共和国消费者权益保护法》第二十六条、《合同行政监督管理办法》",
     "责令改正，并处罚款人民币5000元"),
    ("海丰县附城镇顺意家电维修部", "家电维修", "虚报维修项目",
     "当事人在为消费者维修洗衣机时，虚报更换电机并收取费用420元，实际仅更换了皮带。",
     "《侵害消费者权益行为处罚办法》第六条、第十四条",
     "退还多收费用，没收违法所得，并处罚款人民币3000元"),
    ("陆丰市碣石镇利民眼镜店", "眼镜零售", "未按规定标示商品计量单位",
     "当事人销售的隐形眼镜护理液未按规定标注净含量，且部分商品的计量单位使用不规范。",
     "《定量包装商品计量监督管理办法》第五条、第十七条",
     "责令改正，并处罚款人民币800元"),
    ("汕尾市城区星光摄影工作室", "摄影服务", "收取预付款后不按约定提供服务",
     "当事人收取12名消费者婚纱摄影预付款共计5.6万元后，无正当理由拖延拍摄超过三个月。",
     "《中华人民共和国消费者权益保护法》第五十三条、第五十六条",
     "责令退还预付款，并处罚款人民币1万元"),
    ("海丰县梅陇镇宏达建材商行", "建材零售", "经营场所未悬挂营业执照",
     "当事人未将营业执照置于住所或者主要经营场所的醒目位置，经责令后仍未改正。",
     "《中华人民共和国市场主体登记管理条例》第三十六条、第四十八条",
     "责令改正，并处罚款人民币500元"),
    ("陆河县河田镇鸿福电动车行", "电动车销售", "未履行三包义务",
     "当事人拒绝为消费者购买不足一个月、出现控制器故障的电动自行车办理更换，且未说明理由。",
     "《中华人民共和国消费者权益保护法》第二十四条、第五十六条",
     "责令改正，并处罚款人民币2000元"),
]

# Penalties that are incidents: (label, incident, enterprise, trade, violation, facts, basis, decision)
INCIDENT_PENALTIES = [
    ("food", "gk-food-01", "汕尾市城区鲜味坊肉类批发部", "肉类批发", "经营病死猪肉",
     "执法人员在当事人冷库中查获未经检疫的猪肉约1350公斤，经检测其中部分样品检出非洲猪瘟病毒核酸阳性，"
     "当事人已将约600公斤同批猪肉销往周边农贸市场和学校食堂，目前已全部召回并无害化处理。",
     "《中华人民共和国食品安全法》第三十四条第七项、第一百二十三条",
     "没收违法所得和违法经营的食品，并处罚款人民币15万元，吊销食品经营许可证，依法移送公安机关"),
    ("food", "gk-food-02", "陆丰市东海旺香餐饮店", "餐饮服务", "使用回收食用油加工食品",
     "执法人员在当事人后厨查获来源不明的回收油脂约80公斤，经抽样检验酸价、极性组分严重超标，"
     "当事人承认将其用于油炸食品加工并对外销售，已有多名顾客反映食用后腹痛不适。",
     "《中华人民共和国食品安全法》第三十四条第一项、第一百二十三条",
     "没收违法所得和违法使用的原料，并处罚款人民币10万元，责令停业整顿"),
    ("medical", "gk-medical-01", "海丰县附城镇康宁大药房", "药品零售", "销售假药",
     "当事人销售的“复方降压胶囊”经检验不含标示成分，另检出未标示的化学药物，"
     "已售出214盒，有患者服用后出现心悸、低血压等不良反应被送医救治。",
     "《中华人民共和国药品管理法》第九十八条、第一百一十六条",
     "没收假药和违法所得，并处罚款人民币30万元，吊销药品经营许可证，依法移送公安机关"),
    ("medical", "gk-medical-02", "陆河县河田镇仁心诊所", "诊所", "使用未经注册的医疗器械",
     "当事人在开展静脉输液治疗中使用无注册证、无合格证明的一次性输液器，部分产品经检验无菌项目不合格，"
     "已有3名患者输液后出现寒战、高热。",
     "《医疗器械监督管理条例》第五十五条、第八十六条",
     "没收违法使用的医疗器械，并处罚款人民币8万元，责令暂停相关诊疗活动"),
    ("safety", "gk-safety-01", "陆丰市碣石镇安达液化气站", "燃气经营", "充装超期未检钢瓶",
     "执法人员在当事人储存场所查获超过检验期限的液化石油气钢瓶63只，其中12只已充装并准备配送，"
     "另有钢瓶阀门存在漏气现象，存在重大燃气安全隐患。",
     "《中华人民共和国特种设备安全法》第四十九条、《城镇燃气管理条例》第四十五条",
     "责令立即停止充装，没收超期钢瓶，并处罚款人民币20万元"),
    ("safety", "gk-safety-02", "汕尾市城区金帆酒店有限公司", "住宿服务", "使用未经定期检验的电梯",
     "当事人酒店内2台载客电梯检验合格证已过期11个月仍在使用，其中1台于检查前一周发生困人故障，"
     "导致5名住客被困近40分钟。",
     "《中华人民共和国特种设备安全法》第四十条、第八十四条",
     "责令停止使用相关电梯，并处罚款人民币5万元"),
]

ROUTINE_BATCHES = [
    ("粮食加工品、食用油、肉制品、蔬菜制品", 86), ("乳制品、饮料、方便食品、糕点", 74),
    ("餐饮食品、水产品、调味品", 92), ("酒类、茶叶及相关制品、炒货食品", 65),
    ("淀粉及淀粉制品、豆制品、蜂产品", 58), ("食糖、罐头、冷冻饮品、速冻食品", 70),
    ("水果制品、蛋制品、可可及焙烤咖啡产品", 61), ("食用农产品（蔬菜、水果、畜禽肉、水产品）", 120),
    ("婴幼儿配方食品、特殊膳食食品、保健食品", 44), ("餐饮具（集中消毒）、食品添加剂", 52),
]

# Sampling announcements that found unsafe products: (label, incident, subject, enterprise, finding, measure)
INCIDENT_SAMPLINGS = [
    ("food", "gk-food-03", "食品安全监督抽检不合格", "海丰县梅陇镇绿源菜篮子超市",
     "该超市销售的豇豆检出克百威，检测值为0.086mg/kg，超过食品安全国家标准限量值4.3倍；"
     "同批次豇豆已售出约65公斤。",
     "已责令当事人立即下架、召回不合格产品，并依法立案调查，追溯上游供货商"),
    ("food", "gk-food-04", "学校食堂食品安全专项抽检不合格", "陆丰市东海镇育才学校食堂承包方陆丰市味佳膳食管理有限公司",
     "该食堂的自制凉拌菜检出金黄色葡萄球菌，复用餐饮具检出大肠菌群，此前已有学生出现腹泻症状。",
     "已责令暂停供餐、全面清洗消毒，学校启用临时配餐，相关学生均已康复"),
    ("medical", "gk-medical-03", "医疗器械和化妆品质量抽检不合格", "汕尾市城区美丽佳人化妆品店",
     "该店销售的一款标称“美白祛斑霜”检出禁用物质汞，含量为2860mg/kg，远超化妆品安全技术规范限值。",
     "已责令立即停止销售、召回已售产品，并提醒消费者停止使用，出现不适及时就医"),
    ("safety", "gk-safety-03", "燃气器具和电动自行车产品质量抽检不合格", "陆河县河田镇顺风电动车配件批发部",
     "该批发部销售的3批次电动自行车锂电池、2批次燃气灶具抽检不合格，不合格项目涉及过充保护、"
     "熄火保护装置等关键安全项目，存在起火、燃气泄漏风险。",
     "已责令停止销售并召回不合格产品，对已售出产品开展排查回收"),
]


def _when(start: datetime, step_hours: int, index: int) -> datetime:
    moment = start + timedelta(hours=step_hours * index)
    if moment.hour < 9 or moment.hour > 17:
        moment = moment.replace(hour=9 + (index * 3) % 8)
    return moment.replace(minute=(index * 17) % 60, second=0)


def _penalty(index: int, number: int, spec: tuple, label: str, incident: str | None, published: datetime) -> dict:
    enterprise, trade, violation, facts, basis, decision = spec
    district = _district_of(enterprise, [])
    choices = [p for p in PLACES if p[0] == district]
    _, place, prefix = choices[index % len(choices)]
    code = make_code(prefix, 52100000 + index * 7919)
    title = f"{REGULATOR}行政处罚决定书（汕市质罚〔2025〕{number}号）"
    paragraphs = [
        f"当事人：{enterprise}",
        f"统一社会信用代码：{code}",
        f"住所：{place}，经营范围：{trade}。",
        f"违法事实：经查，当事人存在{violation}的违法行为。{facts}",
        f"处罚依据：当事人的上述行为违反了{basis}的规定。",
        f"处罚决定：依据上述规定，本局决定对当事人作出如下行政处罚：{decision}。",
        "当事人如不服本处罚决定，可在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。",
    ]
    return {"column": PENALTY_COLUMN, "published": published, "district": _district_of(title, paragraphs),
            "title": title,
            "paragraphs": paragraphs, "label": label, "incident": incident, "enterprises": [enterprise],
            "credit_codes": [code], "number": number}


def penalties() -> list[dict]:
    """The 行政处罚 column: routine decisions with the incident ones spread among them."""
    specs = [("none", None, spec) for spec in ROUTINE_PENALTIES]
    for position, (label, incident, *spec) in zip((2, 6, 9, 13, 17, 20), INCIDENT_PENALTIES):
        specs.insert(position, (label, incident, tuple(spec)))
    start = datetime(2025, 1, 6, 10, 0)
    out = []
    for index, (label, incident, spec) in enumerate(specs):
        out.append(_penalty(index, 3 + index * 2, spec, label, incident, _when(start, 98, index)))
    # One decision comes with its written decision as an attachment (the column's usual form).
    for notice in out:
        if notice["number"] % 4 == 1:
            notice["attachments"] = [f"{notice['title'].split('（')[1].rstrip('）')}.pdf"]
    return out


def samplings() -> list[dict]:
    """The 抽检 column: periodic announcements, four of them with unsafe products."""
    start = datetime(2025, 1, 10, 15, 30)
    out = []
    incident_at = {3: 0, 6: 1, 9: 2, 12: 3}
    routine = iter(ROUTINE_BATCHES)
    for index in range(14):
        published = _when(start, 168, index)
        issue = index + 1
        if index in incident_at:
            label, incident, subject, enterprise, finding, measure = INCIDENT_SAMPLINGS[incident_at[index]]
            title = f"{REGULATOR}关于{enterprise}{subject}情况的通告（2025年第{issue}期）"
            paragraphs = [
                f"近日，{REGULATOR}在监督抽检中发现{enterprise}的产品不符合相关标准要求，现将有关情况通告如下。",
                f"一、抽检情况。{finding}",
                f"二、处置措施。{measure}。",
                "三、消费提示。请广大消费者通过正规渠道购买商品，发现问题产品可拨打12315投诉举报。",
            ]
            enterprises = [enterprise]
        else:
            categories, batches = next(routine)
            title = f"{REGULATOR}食品安全监督抽检信息公告（2025年第{issue}期）"
            paragraphs = [
                f"根据年度食品安全抽检计划，{REGULATOR}近期组织抽检了{categories}等类别食品{batches}批次样品。",
                f"经检验，本期抽检的{batches}批次样品均符合食品安全国家标准，未发现不合格产品。",
                "本期抽检结果详见附件。消费者如发现食品安全问题，请拨打12315投诉举报。",
            ]
            label, incident, enterprises = "none", None, []
        notice = {"column": SAMPLING_COLUMN, "published": published, "district": _district_of(title, paragraphs),
                  "title": title, "paragraphs": paragraphs, "label": label, "incident": incident,
                  "enterprises": enterprises, "credit_codes": [], "number": issue}
        if incident is None:
            notice["attachments"] = [f"2025年第{issue}期抽检合格产品信息.xlsx"]
        out.append(notice)
    return out


_NAMES = (("城区", "城区"), ("海丰", "海丰县"), ("陆丰", "陆丰市"), ("陆河", "陆河县"))


def _district_of(title: str, paragraphs: list[str]) -> str:
    """The district the text names first (title, then body); the portal's own, 城区, when none."""
    for text in (title, title + "\n".join(paragraphs)):
        hits = [(text.find(name), district) for name, district in _NAMES if name in text]
        if hits:
            return min(hits)[1]
    return "城区"


def notices() -> list[dict]:
    """Every notice of the demo gkmlpt portal, oldest first."""
    return sorted(penalties() + samplings(), key=lambda n: (n["published"], n["title"]))
