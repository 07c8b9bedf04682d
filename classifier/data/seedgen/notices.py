"""Government notices (行政处罚决定书, 抽检通告) in the style of a department's information column.

Most penalty notices a market regulator publishes are outside the three domains (prices, trademarks,
weights and measures, ordinary advertising, licences), and most sampling announcements report that
everything passed: those are none. The same notice style with a food, drug/medical or work-safety
violation is an event, so the model learns the domain, not the notice form.
"""

from __future__ import annotations

from classifier.data.seedgen.compose import Scenario
from classifier.data.seedgen.slots import pick

_SHOPS = ["五金商行", "鞋业商店", "电子秤经营部", "服装店", "家电商场", "手机维修店", "建材经营部", "文具店",
          "美容服务部", "装饰工程有限公司", "汽车维修厂", "眼镜店", "电动车经营部", "贸易有限公司", "广告有限公司"]
_OFF_DOMAIN = [
    ("未按规定明码标价", "销售的商品未标示价格，部分标价签品名与实物不符", "《价格法》"),
    ("销售侵犯注册商标专用权的商品", "销售的运动鞋使用了与他人注册商标相同的标识", "《商标法》"),
    ("使用未经检定的计量器具", "使用的电子计价秤未按规定申请周期检定", "《计量法》"),
    ("发布违法广告", "在宣传单上使用“最佳”“第一”等绝对化用语", "《广告法》"),
    ("未按规定公示年度报告", "未在规定期限内报送并公示企业年度报告", "《企业信息公示暂行条例》"),
    ("擅自变更经营场所", "未办理变更登记即在新地址开展经营活动", "《市场主体登记管理条例》"),
    ("销售不合格电线电缆", "销售的电线导体电阻不符合国家标准", "《产品质量法》"),
    ("销售不符合标准的电动自行车", "销售的电动自行车最高车速超出强制性国家标准", "《产品质量法》"),
    ("虚假宣传", "在网店页面宣称“厂家直销、全网最低价”，无法提供证明", "《反不正当竞争法》"),
    ("无照经营", "未取得营业执照从事服装零售", "《无证无照经营查处办法》"),
]


def _fill(rng, ctx):
    ctx["shop"] = ctx["brand"] + pick(rng, _SHOPS)
    ctx["dept"] = pick(rng, ["市场监督管理局", "市场监管局", "市场质量综合监管局"])
    act, fact, law = pick(rng, _OFF_DOMAIN)
    ctx.update(act=act, fact=fact, law=law)
    ctx["no"] = f"{ctx['county'][:2]}市监罚〔{ctx['y']}〕{rng.randint(1, 300)}号"
    ctx["cat"] = pick(rng, ["粮食加工品、食用油、肉制品", "乳制品、饮料、糕点", "餐饮食品、水产品、调味品", "酒类、茶叶、炒货食品",
                            "食用农产品", "婴幼儿配方食品、保健食品", "淀粉制品、豆制品、蜂产品", "日用消费品", "儿童用品、文具"])
    ctx["food"] = pick(rng, ["腊肠", "月饼", "米粉", "花生油", "鱼丸", "卤味", "豆腐", "酸菜", "烧鹅", "奶茶"])
    ctx["drug"] = pick(rng, ["感冒药", "降压药", "处方药", "中药饮片", "医用口罩", "消毒液"])


PENALTY_OFF_DOMAIN = Scenario(
    "penalty-offdomain", "none",
    titles=["{dept}行政处罚决定书（{no}）", "{shop}{act}案行政处罚信息公开", "{county}{dept}行政处罚信息公示（{shop}）",
            "关于{shop}{act}的行政处罚决定", "{no} {shop}行政处罚决定书"],
    leads=["当事人{shop}{fact}。上述行为违反了{law}的规定，本局决定给予警告，并处罚款{fine}。",
           "经查，当事人{shop}{act}：{fact}。依据{law}，责令改正，并处罚款{fine}。",
           "{county}{dept}对{shop}{act}一案作出行政处罚：责令改正，罚款{fine}。当事人已按期缴纳罚没款。"],
    details=["当事人在规定期限内未提出陈述、申辩意见。", "本局依法从轻处罚。", "如不服本处罚决定，可在六十日内申请行政复议。",
             "处罚决定书自送达之日起生效。", "当事人已整改完毕。"],
    ends=["特此公示。", "{dept}{y}年{m}月{d}日"], fill=_fill, weight=1.2)

SAMPLING_ALL_PASS = Scenario(
    "sampling-pass", "none",
    titles=["{county}{dept}关于{y}年第{n_small}期食品安全监督抽检信息的通告", "{scity}{cat}抽检结果通告（{y}年第{n_small}期）",
            "{dept}公布{cat}监督抽检结果", "{county}{y}年第{n_small}期食品抽检合格率{pct}"],
    leads=["近期，{county}{dept}组织抽检{cat}{batches}批次，全部合格。现将抽检结果予以公告。",
           "本期共抽检{cat}{n_big}批次，检验项目涵盖农药残留、微生物、食品添加剂等，抽检样品均符合食品安全国家标准。",
           "{dept}按照年度抽检计划，对辖区{cat}开展监督抽检，合格率{pct}，详见附件。"],
    details=["抽检结果仅对所抽样品负责。", "消费者可登录官网查询抽检信息。", "附件：食品监督抽检合格产品信息。",
             "本局将继续加强食品安全监督抽检工作。"],
    ends=["特此通告。", "{dept}{y}年{m}月{d}日"], fill=_fill, weight=1.0)

PENALTY_FOOD = Scenario(
    "penalty-food", "food",
    titles=["{dept}行政处罚决定书（{no}）", "{shop}销售过期{food}案行政处罚信息公开", "关于{brand}食品厂生产不合格{food}的行政处罚决定",
            "{county}{dept}公布{cat}抽检不合格信息"],
    leads=["经查，当事人{brand}食品店销售超过保质期的{food}{kg}千克，违反了《食品安全法》第三十四条规定，本局决定没收违法所得，并处罚款{fine}。",
           "本期抽检{cat}{batches}批次，其中{n_small}批次不合格：{brand}食品厂生产的{food}检出菌落总数超标，已责令召回并立案调查。",
           "当事人{brand}餐饮店使用病死禽肉加工{food}，违反《食品安全法》规定，依法没收涉案食品，并处罚款{fine_w}。"],
    details=["当事人已停止违法行为。", "执法人员现场查封问题产品。", "涉事企业已被列入重点监管名单。"],
    ends=["特此公示。"], fill=_fill, weight=0.8)

PENALTY_MEDICAL = Scenario(
    "penalty-medical", "medical",
    titles=["{county}卫生健康局行政处罚决定书（{no}）", "{brand}诊所超范围执业案行政处罚信息公开", "{brand}大药房销售假劣药品案行政处罚公示"],
    leads=["经查，当事人{brand}诊所聘用未取得医师资格的人员从事诊疗活动，违反了《医师法》规定，决定给予警告，并处罚款{fine}。",
           "当事人{brand}大药房销售未经批准的{drug}，违反《药品管理法》规定，依法没收违法药品和违法所得，并处罚款{fine_w}。",
           "{brand}门诊部通过虚构诊疗项目套取医保基金{money}，医疗保障局责令退回，并处罚款{fine_w}。"],
    details=["当事人已停止违法行为。", "相关人员已被移送公安机关。"],
    ends=["特此公示。"], fill=_fill, weight=0.6)

PENALTY_SAFETY = Scenario(
    "penalty-safety", "safety",
    titles=["{county}应急管理局行政处罚决定书（{no}）", "{brand}五金厂安全生产违法案行政处罚信息公开", "关于{brand}化工有限公司瞒报生产安全事故的处罚决定"],
    leads=["经查，{brand}五金厂车间发生爆燃事故，造成{hurt}名工人受伤，企业未按规定开展安全培训，应急管理局决定处罚款{fine_w}。",
           "当事人{brand}化工有限公司发生生产安全事故后迟报、瞒报，违反《安全生产法》，依法对企业及主要负责人处以罚款{fine_w}。",
           "{brand}仓库违规存放危险化学品，引发火灾，应急管理局责令停产整顿，并处罚款{fine_w}。"],
    details=["责令企业立即整改事故隐患。", "企业主要负责人被依法追责。"],
    ends=["特此公示。"], fill=_fill, weight=0.6)

SCENARIOS = [PENALTY_OFF_DOMAIN, SAMPLING_ALL_PASS, PENALTY_FOOD, PENALTY_MEDICAL, PENALTY_SAFETY]
