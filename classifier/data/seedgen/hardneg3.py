"""Hard negatives next to the medical2/safety2 stories: same places, outlets and wire style, but no incident."""

from __future__ import annotations

from classifier.data.seedgen.compose import Scenario
from classifier.data.seedgen.places2 import maybe_move
from classifier.data.seedgen.slots import pick


def _fill(rng, ctx):
    maybe_move(rng, ctx)
    ctx["hosp"] = ctx["brand"] + pick(rng, ["人民医院", "中心医院", "中医院", "妇幼保健院", "乡镇卫生院", "社区医院", "口腔医院"])
    ctx["works"] = ctx["brand"] + pick(rng, ["化工厂", "煤矿", "钢厂", "电子有限公司", "物流公司", "建筑公司", "纺织厂"])
    ctx["dept"] = pick(rng, ["卫健委", "医保局", "药监局", "应急管理局", "安监局", "消防支队", "住建局"])
    ctx["drug"] = pick(rng, ["降压药", "抗癌药", "胰岛素", "罕见病用药", "抗生素", "中成药", "疫苗"])
    ctx["gas"] = pick(rng, ["液化气", "天然气", "燃气"])


MED_NEWS = Scenario(
    "medicalnews", "none",
    titles=["{scity}{n_small}种抗癌药纳入医保", "{drug}集中采购价格平均降幅{pct}", "{hosp}新院区正式启用", "{scity}新农合参合率达{pct}",
            "{sprov}出台医疗美容行业规范", "{scity}药店将实行处方药分类管理", "{county}乡村医生培训班开班", "{hosp}成功完成首例机器人手术",
            "{scity}将开展打击欺诈骗保宣传月活动", "{scity}医保异地结算覆盖所有定点医院", "{hosp}专家团队赴{county}开展义诊", "{scity}出台医疗机构管理新规"],
    leads=["新华社{scity}{m}月{d}日电 记者从{sprov}{dept}获悉，{y}年起{drug}等{n}种药品将纳入医保报销范围。",
           "据{outlet}报道，{scity}{hosp}近日引进一批新设备，可为患者提供更便捷的诊疗服务。",
           "{m}月{d}日，{scity}{dept}召开会议，部署全年药品安全和医疗服务监管工作，要求各地加强日常检查。",
           "{county}{dept}负责人介绍，今年全县将新建{n_small}个村卫生室，并为乡村医生提供免费培训。"],
    details=["会议要求，各医疗机构要进一步改善服务、方便患者。", "据介绍，新政策实施后患者负担将明显减轻。", "市民可通过手机查询定点医院名单。"],
    ends=["相关工作将于年底前完成。"], fill=_fill, weight=1.2)

SAFE_NEWS = Scenario(
    "safetynews", "none",
    titles=["{scity}开展消防应急演练", "{county}召开安全生产工作会议", "{scity}安全生产形势总体稳定", "{works}开展安全生产月活动", "{scity}煤炭产量同比增长{n_small}%",
            "{sprov}将建设{n_small}个应急救援基地", "{county}举办燃气安全进社区宣传", "{scity}消防救援队伍新增{n}辆消防车", "{works}获评安全生产标准化企业",
            "{scity}部署节前安全检查", "{scity}矿山救护队举行技能比武"],
    leads=["{m}月{d}日，{scity}{dept}在{works}组织开展消防应急演练，{n_big}名员工参加。",
           "据{outlet}报道，{scity}今年以来生产安全事故起数和死亡人数实现“双下降”。",
           "{county}召开安全生产工作会议，要求各乡镇、各部门压紧压实责任，切实做好节日期间安全防范工作。",
           "新华社{scity}{m}月{d}日电 {sprov}{dept}介绍，全省{y}年将投入{money}用于应急救援能力建设。"],
    details=["演练模拟了车间起火后的报警、疏散和初期火灾扑救。", "会议强调，要坚持安全第一、预防为主。", "活动现场发放宣传资料{n_big}份。"],
    ends=["活动取得良好效果。"], fill=_fill, weight=1.2)

HOME_GAS = Scenario(
    "homegas", "none",
    titles=["{scity}一居民家中{gas}爆炸 {hurt}人受伤", "{county}一民房起火 老人被救出", "{scity}一住宅楼燃气泄漏 消防破门救人", "{county}村民自建房失火",
            "{scity}一小区住户家中起火", "男子在家中使用{gas}不慎引发火灾"],
    leads=["{m}月{d}日{hour}时许，{scity}{town}一居民楼住户家中{gas}发生爆炸，{hurt}名住户受伤，事故原因正在调查。",
           "据{outlet}报道，{county}一村民家中因电动车在客厅充电引发火灾，消防员及时赶到将被困老人救出。",
           "{m}月{d}日，{scity}一小区居民闻到浓烈燃气味后报警，消防员破门发现屋内燃气灶未关闭。"],
    details=["消防部门提醒，市民要定期检查家中燃气管道。", "所幸无人员伤亡。", "伤者已被送往医院救治，无生命危险。"],
    ends=["消防部门提醒市民注意居家用火用电安全。"], fill=_fill, weight=1.0)

SCENARIOS = [MED_NEWS, SAFE_NEWS, HOME_GAS]
