"""More production-safety stories in more styles: wire reports, emergency-event reports, notices, enforcement."""

from __future__ import annotations

from classifier.data.seedgen.compose import Scenario
from classifier.data.seedgen.places2 import maybe_move
from classifier.data.seedgen.slots import pick

WORKS = ["化工厂", "制药厂", "炼油厂", "造纸厂", "玻璃厂", "陶瓷厂", "面粉厂", "铸造厂", "烟花厂", "鞭炮作坊", "塑料制品厂",
         "木业公司", "铝制品厂", "化纤厂", "焦化厂", "钢厂", "电镀厂", "皮革厂", "家具厂", "加油站", "液化气站", "物流公司仓库",
         "冷链仓库", "服装加工厂", "电子有限公司", "汽车配件厂", "印刷厂", "纸箱厂", "棉纺厂", "酒厂"]
PUBLIC = ["KTV", "歌舞厅", "网吧", "宾馆", "酒店", "商场", "超市", "农贸市场", "小商品城", "批发市场", "洗浴中心", "饭店", "火锅店",
          "烧烤店", "餐馆", "养老院", "幼儿园", "医院", "学校食堂", "家具市场", "建材市场", "电动车店", "汽修厂", "快递网点"]
SITES = ["建筑工地", "在建楼盘", "施工工地", "拆迁工地", "高架桥施工现场", "在建厂房", "地下管廊工地", "隧道施工现场", "深基坑", "在建学校工地"]
MINES2 = ["煤矿", "小煤窑", "金矿", "铁矿", "铅锌矿", "采石场", "石灰石矿", "磷矿", "非法采矿点"]


def _fill(rng, ctx):
    maybe_move(rng, ctx)
    ctx["works"] = ctx["brand"] + pick(rng, WORKS)
    ctx["pub"] = ctx["brand"] + pick(rng, PUBLIC)
    ctx["site"] = pick(rng, SITES)
    ctx["mine"] = ctx["brand"] + pick(rng, MINES2)
    ctx["blast"] = pick(rng, ["爆炸", "爆燃", "闪爆", "燃气爆炸", "锅炉爆炸", "粉尘爆炸", "反应釜爆炸", "储罐爆炸"])
    ctx["fire"] = pick(rng, ["火灾", "大火", "火情", "失火", "起火"])
    ctx["sdept"] = pick(rng, ["安监局", "安全生产监督管理局", "应急管理局", "安委会", "消防支队", "消防大队", "住建局", "煤矿安全监察局"])
    ctx["gas"] = pick(rng, ["液化气", "天然气", "煤气", "燃气"])


WIRE_BLAST = Scenario(
    "wireblast", "safety",
    titles=["{county}一工厂爆炸", "{scity}化工企业爆炸{dead}人死亡", "{sprov}{county}发生爆炸事故", "{works}{blast}事故", "{scity}一厂房{blast} {hurt}人受伤",
            "{county}鞭炮作坊爆炸致{dead}死", "{scity}工厂爆炸已致{dead}人遇难", "{county}加油站爆炸", "{scity}一液化气站发生爆炸", "{county}发生一起爆炸 伤亡不明"],
    leads=["新华社{scity}{m}月{d}日电 {d}日{hour}时许，{sprov}{county}{works}发生{blast}，截至目前已造成{dead}人死亡、{hurt}人受伤。",
           "据{outlet}报道，{m}月{d}日上午，位于{county}{town}的{works}发生{blast}事故，爆炸威力巨大，周边{n_small}公里内房屋玻璃被震碎。",
           "{outlet}消息 {m}月{d}日凌晨，{scity}{county}一家{works}车间内发生{blast}，当班工人{n}人，其中{dead}人死亡。",
           "{y}年{m}月{d}日{hour}时左右，{county}{town}一家非法生产烟花爆竹的家庭作坊发生爆炸，造成{dead}人死亡。",
           "记者{d}日从{scity}市政府新闻办获悉，{works}“{m}·{d}”{blast}事故已造成{dead}人遇难，事故原因正在调查。"],
    details=["爆炸发生后，{sdept}、消防等部门迅速赶赴现场救援。", "爆炸产生的巨大冲击波将厂房屋顶掀翻。", "伤者被送往附近医院抢救，其中{n_small}人伤势严重。",
             "目前，企业法人代表已被警方控制。", "国务院安委会已派出工作组赶赴现场指导事故处置。"],
    ends=["事故原因正在进一步调查之中。"], fill=_fill, weight=1.1)

CEC_FIRE = Scenario(
    "cecfire", "safety",
    titles=["{scity}{pub}发生火灾", "{county}一{pub}突发大火 {dead}人死亡", "{works}仓库起火 损失{money}", "{scity}一市场深夜失火", "{county}{pub}火灾{dead}死{hurt}伤",
            "{scity}一厂房凌晨起火 {n_small}小时才扑灭", "{scity}{pub}大火烧毁商铺{n}间", "{pub}起火 {n}名顾客紧急疏散", "{county}一工厂宿舍失火致{dead}名工人遇难",
            "{scity}一仓库火灾事故{n_small}名责任人被追责"],
    leads=["{m}月{d}日{hour}时许，{scity}{county}{pub}发生火灾，消防部门接警后调派{n_small}个中队、{n}辆消防车赶赴现场扑救。",
           "据{outlet}报道，{m}月{d}日晚，{county}{town}的{pub}突然起火，大火持续燃烧{n_small}个多小时，造成{dead}人死亡。",
           "{y}年{m}月{d}日凌晨，{scity}{works}仓库发生{fire}，过火面积约{kg}平方米，所幸未造成人员伤亡。",
           "{m}月{d}日下午，{county}{pub}二楼冒出滚滚浓烟，正在消费的{n}名顾客被紧急疏散，{hurt}人因吸入浓烟被送医。",
           "{scity}{sdept}通报，{pub}“{m}·{d}”火灾事故系员工违规用火引燃可燃物所致，场所负责人已被刑事拘留。"],
    details=["据了解，起火建筑为“三合一”场所，一楼经营、二楼仓储、三楼住人。", "消防部门检查发现，该场所安全出口被封堵，消防设施缺失。",
             "火灾直接经济损失{money}。", "当地对辖区人员密集场所开展消防安全大检查。", "起火原因初步判断为电线短路。"],
    ends=["火灾原因正在调查中。", "善后工作正在进行。"], fill=_fill, weight=1.2)

GAS = Scenario(
    "gas2", "safety",
    titles=["{county}一饭店{gas}爆炸 {hurt}人受伤", "{scity}一餐馆液化气罐爆炸", "{pub}{gas}泄漏引发爆燃", "{scity}一烧烤店燃气爆炸致{dead}死",
            "{county}餐饮店燃气爆炸事故 店主被刑拘", "{scity}开展餐饮场所燃气安全整治 关停{n}家", "{scity}一酒店后厨起火"],
    leads=["{m}月{d}日{hour}时许，{county}{town}一家饭店因{gas}泄漏发生爆炸，造成{hurt}人受伤，其中{n_small}人伤势较重。",
           "据{outlet}报道，{scity}一家{pub}后厨{gas}罐阀门老化泄漏，遇明火发生爆燃，当时店内有{n}名顾客就餐。",
           "{scity}{sdept}通报，{pub}燃气爆炸事故系违规使用不合格减压阀、未安装燃气泄漏报警装置所致。"],
    details=["爆炸将饭店门窗全部震碎，附近车辆受损。", "该饭店老板已被警方控制。", "{sdept}责令该区域所有餐饮场所立即开展燃气隐患排查。"],
    ends=["事故原因正在进一步调查中。"], fill=_fill, weight=0.9)

MINE2 = Scenario(
    "mine2", "safety",
    titles=["{county}煤矿透水 {n_small}人被困", "{sprov}一煤矿发生瓦斯爆炸", "{mine}事故{dead}人遇难", "{scity}矿难死亡人数升至{dead}人", "{county}一煤矿瞒报矿难",
            "{mine}冒顶 {dead}名矿工遇难", "{sprov}{mine}发生中毒窒息事故", "{scity}一非法小煤窑发生事故 矿主逃逸", "被困矿工全部获救"],
    leads=["新华社{scity}{m}月{d}日电 {sprov}{county}{mine}{d}日发生透水事故，井下{n}名矿工中{n_small}人被困。",
           "据{outlet}报道，{m}月{d}日{hour}时许，{county}{mine}发生瓦斯爆炸，事故发生时井下有{n}名作业人员。",
           "{sprov}煤矿安全监察局通报，{county}{mine}发生事故后，矿方隐瞒不报，并转移遇难者遗体。",
           "{y}年{m}月{d}日，{county}{mine}发生顶板事故，{dead}名矿工遇难，该矿系证照过期仍违规组织生产。"],
    details=["矿长、实际控制人已被公安机关控制。", "当地已责令辖区所有煤矿停产整顿。", "救援指挥部调集{n_big}名救援人员全力搜救。"],
    ends=["事故原因正在调查之中。"], fill=_fill, weight=1.0)

SITE2 = Scenario(
    "site2", "safety",
    titles=["{scity}一{site}发生坍塌", "{county}工地塌方 {n_small}名工人被埋", "{scity}在建工程脚手架倒塌", "{county}工地升降机坠落 {dead}人死亡",
            "{scity}一工地围墙倒塌砸死{dead}人", "{county}一厂房屋顶坍塌 {n_small}人被困", "{scity}一商铺拆除时倒塌", "{site}事故致{dead}名工人遇难",
            "{scity}一在建楼房突然倒塌", "{county}一农贸市场雨棚坍塌"],
    leads=["{m}月{d}日{hour}时许，{scity}{county}一处{site}发生坍塌，{n_small}名正在作业的工人被埋压，消防救援人员紧急施救。",
           "据{outlet}报道，{m}月{d}日，{county}{town}{site}施工升降机从高处坠落，造成{dead}人死亡。",
           "{y}年{m}月{d}日下午，{scity}{works}新建厂房在浇筑混凝土时模板支撑体系坍塌，造成{dead}死{hurt}伤。",
           "{county}{sdept}通报，{site}“{m}·{d}”坍塌事故系施工单位违规施工、监理单位履职不到位所致。"],
    details=["涉事施工单位负责人已被警方控制。", "事故发生后，当地对辖区在建工地开展安全大检查。", "被埋工人已全部救出，送医院救治。"],
    ends=["事故原因正在调查中。"], fill=_fill, weight=1.0)

ENFORCE = Scenario(
    "enforce2", "safety",
    titles=["{scity}约谈{n_small}家发生事故企业负责人", "{county}{n}家企业被责令停产整顿", "{works}安全隐患拒不整改被罚{fine_w}", "{scity}通报{n_small}起生产安全事故",
            "{county}一企业瞒报事故被查", "{scity}安监部门关闭{n}家非法小作坊", "{scity}曝光一批重大事故隐患企业", "{county}{works}因安全问题被查封",
            "{county}一企业事故迟报被罚{fine_w}", "{sprov}挂牌督办{n_small}项重大安全隐患", "{scity}一企业主要负责人因事故被刑拘"],
    leads=["{m}月{d}日，{scity}{sdept}对近期发生生产安全事故的{n_small}家企业主要负责人进行约谈，要求立即停产整顿。",
           "{county}{sdept}在执法检查中发现，{works}存在有限空间作业无审批、消防通道堵塞等重大隐患，依法责令其停产整顿并处罚款{fine_w}。",
           "据{outlet}报道，{county}{works}发生一起工人死亡事故后，企业负责人隐瞒不报，私下与家属达成赔偿协议。",
           "{scity}安委会办公室通报，{works}“{m}·{d}”较大事故暴露出企业安全生产主体责任严重不落实。"],
    details=["{sdept}依法对企业处以罚款{fine_w}。", "企业主要负责人被依法追究刑事责任。", "涉事企业被列入安全生产失信联合惩戒“黑名单”。",
             "当地举一反三，在全市开展安全生产隐患排查整治。"],
    ends=["{sdept}表示，将始终保持安全生产执法高压态势。"], fill=_fill, weight=1.1)

LEAK = Scenario(
    "leak2", "safety",
    titles=["{county}一工厂氨气泄漏 {hurt}名工人中毒", "{works}发生中毒事故 {dead}人死亡", "{scity}工人清理罐体时中毒身亡", "{scity}化工厂氯气泄漏 周边居民转移",
            "{county}窨井作业{dead}人中毒死亡", "{scity}一企业污水池中毒事故"],
    leads=["{m}月{d}日，{county}{works}发生有毒气体泄漏，{hurt}名工人出现头晕、呕吐症状，被送往医院救治。",
           "据{outlet}报道，{scity}{works}{n_small}名工人在未检测气体的情况下进入储罐清理，相继中毒晕倒，其中{dead}人死亡。",
           "{y}年{m}月{d}日，{county}{works}发生氯气泄漏，附近{n_big}名居民被紧急疏散。"],
    details=["经调查，企业未落实有限空间作业“先通风、再检测、后作业”的要求。", "涉事企业被责令停产整顿。", "{sdept}已介入调查。"],
    ends=["事故原因正在进一步调查中。"], fill=_fill, weight=0.8)

SCENARIOS = [WIRE_BLAST, CEC_FIRE, GAS, MINE2, SITE2, ENFORCE, LEAK]
