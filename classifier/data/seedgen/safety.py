"""Production-safety accidents and violations (label safety, 安全生产)."""

from __future__ import annotations

from classifier.data.seedgen.compose import Scenario
from classifier.data.seedgen.slots import pick

PLANTS = ["化工厂", "鞋厂", "电子厂", "家具厂", "纺织厂", "塑料厂", "五金厂", "印染厂", "木材加工厂", "铝业公司", "钢铁厂",
          "造纸厂", "制衣厂", "服装厂", "冷库", "物流仓库", "烟花爆竹厂", "化工有限公司", "新材料有限公司", "砖厂", "水泥厂",
          "农药厂", "石材厂", "船厂", "电池厂", "饲料厂"]
VENUES = ["农贸市场", "商场", "批发市场", "KTV", "酒店", "宾馆", "网吧", "仓库", "餐馆", "超市", "养老院", "小商品市场",
          "家具城", "物流园", "娱乐城", "服装批发城"]
MINES = ["煤矿", "铁矿", "金矿", "铜矿", "煤业有限公司", "石膏矿", "采石场"]
CAUSES = ["电气线路短路", "违规动火作业", "危化品储存不当", "设备老化", "违规焊接", "粉尘积聚", "员工违规吸烟", "液化气泄漏"]


def _fill(rng, ctx):
    ctx["plant"] = ctx["brand"] + pick(rng, PLANTS)
    ctx["venue"] = ctx["brand"] + pick(rng, VENUES)
    ctx["mine"] = ctx["brand"] + pick(rng, MINES)
    ctx["cause"] = pick(rng, CAUSES)
    ctx["site"] = pick(rng, ["在建住宅楼工地", "地铁施工现场", "商业综合体工地", "厂房建设工地", "桥梁施工现场", "道路改造工地", "污水处理厂工地"])
    ctx["dept"] = pick(rng, ["应急管理局", "安监局", "安全生产监督管理局", "住建局", "消防救援大队", "应急管理部门"])
    ctx["blast"] = pick(rng, ["爆炸", "爆燃", "闪爆", "燃爆"])
    ctx["fire"] = pick(rng, ["火灾", "大火", "火情"])


EXPLOSION = Scenario(
    "explosion", "safety",
    titles=["{county}一{plant}发生{blast} {dead}人死亡", "{scity}{plant}爆炸事故致{dead}死{hurt}伤", "{sprov}{county}化工厂{blast}事故",
            "{county}烟花爆竹厂爆炸 {dead}名工人遇难", "{scity}一企业车间发生{blast}事故", "{county}{plant}锅炉爆炸致{dead}人死亡",
            "{scity}一工厂粉尘爆炸 多人受伤", "{county}{plant}“{m}·{d}”较大爆炸事故调查报告公布", "{county}一餐馆燃气爆炸 {hurt}人受伤",
            "{scity}一仓库危化品{blast} 周边居民疏散"],
    leads=["{m}月{d}日{hour}时许，{city}{county}{town}{plant}车间突然发生{blast}，事故造成{dead}人死亡、{hurt}人受伤。",
           "{y}年{m}月{d}日，{county}{plant}发生一起{blast}事故，现场浓烟滚滚，消防部门调派{n_small}辆消防车赶赴现场。",
           "记者从{county}应急管理局获悉，{m}月{d}日上午，位于{town}的{plant}发生粉尘爆炸，{hurt}名工人被不同程度烧伤。",
           "{m}月{d}日中午，{county}{venue}内一家餐馆发生燃气爆炸，{hurt}人受伤，周边多家商铺受损。"],
    details=["初步调查，事故原因系{cause}。", "伤者已送往医院救治，其中{n_small}人伤势较重。", "企业主要负责人已被公安机关控制。",
             "当地已成立事故调查组，责令该企业停产整顿。", "经查，该企业未落实安全生产主体责任，存在多项重大事故隐患。",
             "事故调查报告认定，这是一起较大生产安全事故，{n}名责任人被追责问责。"],
    ends=["事故具体原因正在进一步调查中。", "{dept}要求各企业举一反三，全面排查安全隐患。"],
    fill=_fill, weight=2.0)

FIRE = Scenario(
    "fire", "safety",
    titles=["{county}{venue}发生{fire} {dead}人死亡", "{scity}一{plant}厂房起火 火势猛烈", "{county}{venue}凌晨失火 过火面积{kg}平方米",
            "{scity}一家具厂发生火灾致{dead}名工人遇难", "{sprov}{county}一{venue}火灾致{dead}死", "{county}一仓库起火 {n_small}人被困",
            "{scity}{venue}火灾事故责任人被刑拘", "{county}一商铺住人“三合一”场所起火致{dead}人死亡", "{scity}工厂宿舍楼火灾 {dead}名员工遇难"],
    leads=["{m}月{d}日凌晨{hour}时许，{county}{venue}发生火灾，{n_small}个消防站出动救援，事故造成{dead}人死亡。",
           "{y}年{m}月{d}日下午，{scity}{town}一{plant}厂房突发大火，浓烟数公里外可见，所幸员工及时疏散。",
           "据{outlet}报道，{county}{venue}{m}月{d}日发生{fire}，起火原因初步查明为{cause}。"],
    details=["大火于数小时后被扑灭，过火面积约{kg}平方米。", "经查，该场所消防设施损坏，安全出口被锁闭。",
             "{dept}对该场所负责人依法采取刑事强制措施。", "消防部门在排查中发现该场所曾多次被责令整改火灾隐患。",
             "事故共造成{dead}人死亡、{hurt}人受伤，直接经济损失{money}。"],
    ends=["火灾原因正在进一步调查中。", "当地开展消防安全大排查大整治。"],
    fill=_fill, weight=2.0)

MINE = Scenario(
    "mine", "safety",
    titles=["{county}{mine}发生瓦斯爆炸 {dead}名矿工遇难", "{scity}一煤矿透水事故 {n_small}人被困", "{county}{mine}冒顶事故致{dead}人死亡",
            "{sprov}{mine}瞒报事故 多名官员被问责", "{county}一非法采矿点塌方 {dead}人遇难", "{scity}煤矿“{m}·{d}”事故救援进展"],
    leads=["{m}月{d}日，{city}{county}{mine}井下发生瓦斯爆炸事故，当班下井{n}人，其中{dead}人遇难。",
           "{y}年{m}月{d}日，{county}{mine}发生透水事故，{n_small}名矿工被困井下，救援工作正在全力进行。",
           "国务院安委会办公室通报，{county}{mine}发生事故后，企业故意瞒报死亡人数，性质恶劣。"],
    details=["该矿属于证照不全的违法生产矿井。", "矿长等{n_small}名责任人已被警方控制。", "救援人员经过{n}小时奋战，成功救出{n_small}名被困矿工。",
             "事故调查组查明，该矿超层越界开采，安全设施形同虚设。"],
    ends=["事故原因正在调查之中。"], fill=_fill, weight=1.4)

COLLAPSE = Scenario(
    "collapse", "safety",
    titles=["{county}{site}脚手架坍塌 {dead}死{hurt}伤", "{scity}一工地塔吊倒塌致{dead}人死亡", "{county}在建厂房坍塌 {n_small}名工人被埋",
            "{scity}{site}基坑坍塌事故", "{county}一工人高处坠落身亡 施工单位被罚{fine_w}", "{scity}一商场吊顶坍塌砸伤顾客",
            "{county}工人清理污水井中毒窒息 {dead}人死亡", "{scity}一企业有限空间作业事故致{dead}死", "{county}一厂房楼板垮塌"],
    leads=["{m}月{d}日上午，{county}{site}发生一起脚手架坍塌事故，造成{dead}人死亡、{hurt}人受伤。",
           "{y}年{m}月{d}日，{scity}{town}一处{site}塔吊突然倒塌，正在作业的{dead}名工人不幸身亡。",
           "{m}月{d}日，{county}{plant}{n_small}名工人在清理污水池时中毒窒息，其中{dead}人经抢救无效死亡。",
           "记者从{county}住建局获悉，{site}一名工人在作业时从高处坠落，经抢救无效死亡。"],
    details=["经初步调查，施工单位未按规定编制专项施工方案，违规组织作业。", "{dept}已责令该工地全面停工整改。",
             "事故发生后，施工单位项目经理等{n_small}人被公安机关控制。", "调查发现，作业人员未佩戴安全带和防护用品。",
             "{dept}对施工单位处以罚款{fine_w}，并对相关责任人进行问责。"],
    ends=["事故原因正在调查中。"], fill=_fill, weight=1.7)

CHEMICAL = Scenario(
    "chemical", "safety",
    titles=["{county}一化工企业氯气泄漏 {hurt}人送医", "{scity}危化品运输企业违规储存被查", "{county}一企业液氨泄漏致{dead}人死亡",
            "{scity}{plant}发生硫化氢中毒事故"],
    leads=["{m}月{d}日，{county}{plant}储罐发生泄漏，{hurt}名工人吸入有毒气体后被送医。",
           "{scity}{dept}在检查中发现，{plant}违规储存危险化学品，存在重大事故隐患。"],
    details=["{dept}责令企业立即停产整改并处罚款{fine_w}。", "泄漏原因是阀门老化破损。"],
    ends=["周边环境监测数据正常。"], fill=_fill, weight=0.9)

VIOLATION = Scenario(
    "violation", "safety",
    titles=["{county}{n_small}家企业安全生产违法被处罚", "{scity}一企业瞒报生产安全事故被罚{fine_w}", "{county}{plant}存在重大事故隐患被停产整顿",
            "{scity}曝光一批安全生产违法典型案例", "迟报事故！{county}一公司负责人被处罚", "{scity}一企业违规动火作业被罚{fine_w}",
            "{county}查处{n_small}处非法储存烟花爆竹窝点", "{scity}一公司特种设备无证作业被立案"],
    leads=["{y}年{m}月，{county}应急管理局对{plant}开展执法检查，发现该企业未按规定开展安全培训、违规使用淘汰设备等问题。",
           "近日，{scity}应急管理局通报一起瞒报生产安全事故案件：{plant}发生一起工人死亡事故后，企业未按规定上报。",
           "{county}{dept}联合公安部门在{town}一民房内查获非法储存的烟花爆竹{kg}箱。"],
    details=["{dept}依法对该企业处以罚款{fine_w}，并对主要负责人处以罚款{fine}。", "该企业被责令停产停业整顿。",
             "瞒报事故的企业负责人{person}已被依法追究刑事责任。"],
    ends=["{dept}表示，对安全生产违法行为将坚决“零容忍”。"], fill=_fill, weight=1.4)

SCENARIOS = [EXPLOSION, FIRE, MINE, COLLAPSE, CHEMICAL, VIOLATION]
