"""More medical and safety stories: drug quality notices, infections in hospitals, illegal tests; equipment, tunnels."""

from __future__ import annotations

from classifier.data.seedgen.compose import Scenario
from classifier.data.seedgen.slots import pick


def _fill(rng, ctx):
    ctx["hospital"] = ctx["brand"] + pick(rng, ["医院", "人民医院", "中医院", "妇幼保健院", "卫生院", "民营医院", "血液透析中心"])
    ctx["clinic"] = ctx["brand"] + pick(rng, ["诊所", "门诊部", "卫生室", "医疗美容诊所"])
    ctx["herb"] = pick(rng, ["党参", "枸杞", "当归", "西洋参", "冬虫夏草", "三七粉", "阿胶", "天麻", "黄芪", "红花"])
    ctx["pharma"] = ctx["brand"] + pick(rng, ["制药有限公司", "药业有限公司", "医药公司", "生物制药厂"])
    ctx["patient"] = pick(rng, ["患者", "产妇", "男童", "老人", "孕妇", "女子"])
    ctx["device"] = pick(rng, ["医用口罩", "血糖仪", "隐形眼镜", "助听器", "一次性注射器", "医用防护服", "心脏支架", "骨科钢板"])
    ctx["equip"] = pick(rng, ["电梯", "锅炉", "压力容器", "起重机", "游乐设施", "塔吊", "升降机", "叉车"])
    ctx["venue"] = ctx["brand"] + pick(rng, ["商场", "游乐园", "酒店", "工厂", "物流园", "写字楼", "小区"])
    ctx["plant"] = ctx["brand"] + pick(rng, ["化工厂", "冷库", "食品厂", "纺织厂", "五金厂", "造船厂"])
    ctx["dept"] = pick(rng, ["市场监管局", "药监局", "卫健委", "卫生监督所", "应急管理局", "消防救援支队"])


MEDICAL_MORE = Scenario(
    "medicalmore", "medical",
    titles=["{scity}通报{n_small}批次不合格药品 {pharma}上榜", "中药饮片{herb}掺假增重 {county}药店被查", "{hospital}血液透析患者感染丙肝 院长被免职",
            "{hospital}发生院内感染事件 {n_small}名新生儿感染", "{county}一诊所非法开展胎儿性别鉴定被查", "{scity}打掉一个非法代孕团伙",
            "{county}医院违规收费被责令退款{money}", "{scity}查获假冒{device}{batches}件", "{pharma}编造生产记录被收回GMP证书", "{scity}号贩子医托团伙被打掉",
            "{county}{hospital}违规重复使用一次性耗材", "{scity}非法回收倒卖药品窝点被端", "{county}{clinic}使用过期麻醉药", "{county}卫生院医生无证上岗被查处",
            "{scity}一医美机构使用未经批准的注射材料"],
    leads=["{scity}{dept}近日发布药品质量公告，{pharma}生产的{n_small}批次药品经检验不符合规定。",
           "执法人员在{county}一家药店检查时发现，该店销售的中药饮片{herb}被掺入大量杂质增重，已立案查处。",
           "{y}年{m}月，{hospital}血液透析中心发生多名患者感染丙肝事件，经调查系院感防控措施落实不到位所致。",
           "{county}卫生健康局联合公安机关，在{town}一民房内查获一个非法开展胎儿性别鉴定的窝点。",
           "近日，{scity}{dept}查处一起销售假冒{device}案件，涉案产品{batches}件，货值{money}。",
           "{county}医疗保障局检查发现，{hospital}存在重复收费、超标准收费等问题。"],
    details=["涉事药品已被责令召回并立案调查。", "该院院长、分管副院长被免职，相关责任人被追究责任。", "犯罪嫌疑人{person}等{n_small}人被刑事拘留。",
             "{dept}依法没收违法所得并处罚款{fine_w}。", "卫生监督部门已吊销涉事人员的执业证书。"],
    ends=["案件正在进一步处理中。"], fill=_fill, weight=2.6)

SAFETY_MORE = Scenario(
    "safetymore", "safety",
    titles=["{venue}{equip}事故致{dead}人死亡", "{scity}一{venue}{equip}突然坠落 {hurt}人受伤", "{county}在建隧道塌方 {n_small}名工人被困",
            "{scity}一在建桥梁垮塌", "{county}{plant}液氨泄漏 {hurt}名工人中毒", "{scity}冷库火灾{dead}人遇难", "{county}{plant}锅炉爆炸",
            "{scity}消防检查查封{n}家存在重大火灾隐患场所", "{county}一企业未落实安全措施致工人死亡 负责人获刑", "{scity}一游乐园设施故障游客受伤",
            "{county}一企业“{m}·{d}”事故调查报告公布 {n}人被追责", "{scity}一工厂发生机械伤害事故 工人身亡"],
    leads=["{m}月{d}日，{scity}{venue}一台{equip}在运行中突然发生故障，造成{dead}人死亡、{hurt}人受伤。",
           "{y}年{m}月{d}日，{county}一在建隧道发生塌方，{n_small}名施工人员被困，救援人员连夜展开救援。",
           "{m}月{d}日上午，{county}{plant}发生液氨泄漏事故，{hurt}名工人中毒送医。",
           "{scity}{dept}近日开展专项检查，对{n}家存在重大事故隐患的生产经营单位依法查封。",
           "{county}人民法院以重大责任事故罪判处{plant}负责人{person}有期徒刑{years}年。"],
    details=["经查，该{equip}已超过检验有效期，未按规定进行定期检验。", "施工单位被责令全面停工整改。", "涉事企业负责人已被公安机关控制。",
             "事故调查组认定这是一起生产安全责任事故。"], ends=["事故原因正在调查中。"], fill=_fill, weight=2.0)

SCENARIOS = [MEDICAL_MORE, SAFETY_MORE]

NEGLIGENCE = Scenario(
    "negligence", "medical",
    titles=["患者家属称病人{hospital}抢救时无人管", "{hospital}拒收危重病人 患者途中死亡", "{hospital}护工殴打老年患者被曝光", "{hospital}医护人员殴打精神病人致死",
            "{hospital}产妇死亡 家属质疑医院延误抢救", "{scity}一医院被曝过度治疗 小病开出天价账单", "小门诊自曝医托黑幕", "{hospital}被曝倒卖新生儿出生证明",
            "{hospital}医生收受药品回扣被查", "{hospital}B超室违规鉴定胎儿性别", "{county}{clinic}给感冒儿童超量输液致死", "{hospital}婴儿在保温箱内烫伤"],
    leads=["家属称，{patient}送到{hospital}后，在急诊室等了两个多小时无人处理，最终抢救无效死亡。",
           "近日，一段视频显示{hospital}一名护工多次殴打卧床老人，{scity}卫生健康委已介入调查。",
           "{y}年{m}月{d}日，一名产妇在{hospital}分娩后突发大出血死亡，家属质疑医院处置不当、延误抢救。",
           "有患者反映，在{hospital}看一次普通感冒花费{money}，检查项目多达二十余项。"],
    details=["卫生健康部门已责成医院对涉事人员停职调查。", "经调查，医院存在首诊负责制落实不到位等问题。", "涉事护工已被警方行政拘留，医院被通报批评。",
             "{dept}表示将依法依规严肃处理，调查结果将及时向社会公布。"], ends=["事件正在进一步调查中。"], fill=_fill, weight=2.0)

SCENARIOS.append(NEGLIGENCE)
