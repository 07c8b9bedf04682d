"""Medical incidents and enforcement cases (label medical)."""

from __future__ import annotations

from classifier.data.seedgen.compose import Scenario
from classifier.data.seedgen.slots import pick

DRUGS = ["降压药", "降糖药", "抗癌药", "进口抗肿瘤药", "壮阳药", "减肥药", "风湿骨痛胶囊", "补肾丸", "胰岛素", "阿胶", "人血白蛋白",
         "头孢类抗生素", "止痛片", "中药饮片", "九价HPV疫苗", "狂犬疫苗", "玻尿酸", "肉毒素", "降脂胶囊", "“祖传秘方”药丸"]
HOSPITALS = ["医院", "中医院", "妇产医院", "男科医院", "肛肠医院", "民营医院", "骨科医院", "口腔门诊部", "医疗美容门诊部", "卫生院",
             "社区卫生服务站", "眼科医院", "皮肤病医院", "康复医院"]
CLINICS = ["诊所", "中医诊所", "牙科诊所", "卫生室", "推拿馆", "养生馆", "美容院"]


def _fill(rng, ctx):
    ctx["drug"] = pick(rng, DRUGS)
    ctx["hospital"] = ctx["brand"] + pick(rng, HOSPITALS)
    ctx["clinic"] = ctx["brand"] + pick(rng, CLINICS)
    ctx["pharmacy"] = ctx["brand"] + pick(rng, ["大药房", "药店", "医药连锁店", "药房"])
    ctx["dept"] = pick(rng, ["卫生健康局", "卫健局", "卫生监督所", "市场监管局", "药监局", "食品药品监督管理局", "医疗保障局", "公安局"])
    ctx["mdept"] = pick(rng, ["医疗保障局", "医保局", "医保部门"])
    ctx["proc"] = pick(rng, ["割双眼皮", "隆鼻", "注射玻尿酸", "抽脂", "拔牙", "输液", "人流手术", "剖宫产手术", "阑尾切除手术", "针灸"])
    ctx["patient"] = pick(rng, ["患者", "产妇", "男童", "女子", "老人", "村民", "孕妇"])


FAKE_DRUG = Scenario(
    "fakedrug", "medical",
    titles=["{scity}警方破获特大制售假药案 涉案{money}", "{county}{pharmacy}销售假药被查", "{county}查获假{drug}{batches}盒",
            "{scity}一药店销售过期药品被罚{fine}", "网售假{drug}！{scity}捣毁制假窝点", "{county}破获两起销售假药案",
            "{scity}查处劣药案件 {pharmacy}被吊销许可证", "假冒{drug}流入{scity}多家诊所", "{sprov}警方跨省打掉一假药犯罪团伙",
            "{county}{pharmacy}无处方售卖处方药被立案", "{scity}药品抽检：{brand}制药一批次{drug}不合格"],
    leads=["{m}月{d}日，{scity}公安局联合{dept}捣毁一个制售假药窝点，现场查获假{drug}{batches}盒，涉案金额{money}。",
           "近日，{county}{dept}在日常检查中发现{pharmacy}销售的{drug}无批准文号，涉嫌销售假药，已移送公安机关。",
           "{y}年{m}月，{county}人民法院公开审理一起销售假药案，被告人{person}通过网络销售假冒{drug}，获利{money}。",
           "记者从{scity}{dept}获悉，该局查处一起药店销售过期药品案，{pharmacy}被没收违法所得并处罚款{fine}。",
           "自打击假劣药品专项行动开展以来，{county}公安局连续查获{n_small}起销售假药案，缴获假药一批。"],
    details=["经鉴定，涉案{drug}均为假药，不含任何有效成分。", "犯罪嫌疑人{person}等{n_small}人已被刑事拘留。",
             "这些假药主要通过微信朋友圈和农村集市销售给中老年人。", "执法人员现场扣押过期药品{n}盒。",
             "法院以销售假药罪判处{person}有期徒刑{years}年，并处罚金{fine_w}。", "该药店还存在执业药师不在岗、无处方销售处方药等问题。"],
    ends=["{dept}提醒，购买药品应到正规医疗机构和药店。", "案件正在进一步侦办中。"],
    fill=_fill, weight=2.0)

UNLICENSED = Scenario(
    "unlicensed", "medical",
    titles=["{county}取缔一家黑诊所", "{scity}打击非法行医 查处无证诊所{n_small}家", "无证行医致人死亡 {county}一“游医”被判刑",
            "{town}出租屋内藏黑诊所 无证“医生”被抓", "{county}一美容院非法开展医疗美容被罚{fine_w}", "{scity}黑诊所给孩子输液致过敏",
            "{county}一男子冒充医生无证行医被刑拘", "{scity}查处一批非法医疗美容机构", "{county}“牙医”无证拔牙 患者感染住院"],
    leads=["{m}月{d}日，{county}{dept}联合公安部门开展打击非法行医专项行动，在{town}一居民楼内查处一家无证行医的“黑诊所”。",
           "近日，{scity}一名{patient}在{clinic}接受{proc}后出现严重感染，经查该店未取得《医疗机构执业许可证》。",
           "{y}年{m}月，{county}人民法院以非法行医罪判处{person}有期徒刑{years}年，其在无医师资格的情况下为村民输液致一人死亡。",
           "执法人员到达现场时，{person}正在为一名{patient}进行输液治疗，其无法出示任何行医资质。"],
    details=["现场查扣药品和医疗器械{n}件。", "经查，{person}未取得医师资格证书，擅自开展诊疗活动已有{years}年。",
             "{dept}依法没收其药品器械和违法所得，并处罚款{fine_w}。", "该{patient}经抢救无效死亡，家属报警。",
             "卫生监督员提醒，非法医疗美容存在感染、毁容等风险。"],
    ends=["案件已移送公安机关处理。", "{dept}将持续保持打击非法行医的高压态势。"],
    fill=_fill, weight=2.0)

INSURANCE = Scenario(
    "insurance", "medical",
    titles=["{scity}通报{n_small}起欺诈骗保典型案例", "{county}{hospital}虚构住院骗取医保基金{money}", "{scity}一民营医院挂床住院骗保被查",
            "{county}{pharmacy}串换药品骗取医保被暂停协议", "诱导老人住院骗保 {county}一医院被罚", "{sprov}医保局曝光一批违规使用医保基金案例",
            "{scity}{n_small}家定点医药机构被解除医保协议", "{county}医保局追回违规医保基金{money}", "伪造病历骗保 {scity}一院长获刑"],
    leads=["{y}年{m}月，{scity}医疗保障局通报了一批欺诈骗取医保基金典型案例，其中{county}{hospital}通过虚构诊疗项目骗取医保基金{money}。",
           "经查，{county}{hospital}以免费体检为名诱导参保老人住院，虚记费用套取医保基金。",
           "近日，{county}{mdept}在飞行检查中发现，{pharmacy}将保健品、日用品串换成药品进行医保结算。",
           "{scity}中级人民法院审理一起诈骗医保基金案，{hospital}院长{person}伙同他人伪造病历，骗取医保基金{money}。"],
    details=["{mdept}已追回违规资金，并处违规金额{n_small}倍罚款。", "该院被暂停医保定点服务协议，相关责任人被移送公安机关。",
             "涉案{n}名挂床住院的“患者”大多没有住院指征。", "{mdept}提醒，欢迎社会各界举报欺诈骗保行为，查实后给予奖励。"],
    ends=["目前，案件正在进一步调查处理中。"], fill=_fill, weight=1.8)

MALPRACTICE = Scenario(
    "malpractice", "medical",
    titles=["{patient}在{hospital}术后死亡 医院被判担责", "{county}一产妇手术后死亡 院方被认定医疗事故", "{scity}{hospital}误诊致患者截肢",
            "输错血！{county}一医院致患者死亡", "{hospital}手术纱布遗留患者体内", "{scity}一卫生院违规操作致{patient}死亡 多人被问责",
            "{county}{hospital}超范围执业开展手术被罚", "{hospital}产妇死亡事件通报：多部门介入调查", "{scity}卫生局回应{patient}死亡事件",
            "{county}{patient}在{clinic}输液后死亡", "患者术后离奇死亡 家属质疑{hospital}", "{hospital}护士打错针致婴儿重伤",
            "{scity}一患者被医护人员殴打致死 涉事人员被控制", "{hospital}违规使用过期血液制品"],
    leads=["{y}年{m}月，{county}一名{patient}在{hospital}接受{proc}后死亡，经医疗事故技术鉴定，院方负主要责任。",
           "家属称，{patient}在{hospital}做完{proc}后持续高烧，医院未及时处置，最终导致病情恶化。",
           "{scity}{dept}通报，{hospital}在未取得相应资质的情况下开展{proc}，造成{n_small}名患者出现不良后果。"],
    details=["法院判决医院赔偿家属各项损失{money}。", "{dept}对涉事医生作出暂停执业活动{n_small}个月的处罚。",
             "鉴定结论认为，医方存在未尽到告知义务、术后观察不到位等过错。", "涉事医院院长被免职。"],
    ends=["{dept}要求辖区医疗机构引以为戒。"], fill=_fill, weight=2.2)

ADVERTISING = Scenario(
    "advertising", "medical",
    titles=["{hospital}发布虚假医疗广告被罚{fine_w}", "未经审查发布广告 {scity}{hospital}被处罚", "{county}查处违法医疗广告{n_small}起",
            "“包治百病”！{scity}一诊所夸大宣传被查", "{scity}一保健品店宣称能治癌症 被立案调查"],
    leads=["{county}{dept}近日对{hospital}作出行政处罚，该院未取得《医疗广告审查证明》，在其官方网站宣传诊疗项目和治愈率。",
           "{scity}{dept}在监测中发现，{clinic}在短视频平台发布“根治糖尿病”等虚假宣传内容。"],
    details=["该广告含有保证治愈的内容，违反《广告法》相关规定。", "{dept}责令其停止发布并处罚款{fine_w}。"],
    ends=["{dept}提醒患者不要轻信夸大疗效的医疗广告。"], fill=_fill, weight=1.0)

VACCINE = Scenario(
    "vaccine", "medical",
    titles=["{county}一接种点使用过期疫苗 {n}名儿童受影响", "{scity}查获非法经营疫苗案", "{county}卫生院接种假狂犬疫苗 多人被追责",
            "{scity}一门诊违规采购{drug}被查", "{county}医院使用不合格医疗器械被罚"],
    leads=["{m}月{d}日，有家长发现孩子在{county}{town}卫生院接种的疫苗已过有效期，当地卫健部门随即展开调查。",
           "近日，{scity}警方破获一起非法经营疫苗案，犯罪嫌疑人{person}从非法渠道购入{drug}销往多家诊所。"],
    details=["经核查，共有{n}名儿童接种了过期疫苗，卫健部门已安排补种。", "卫生院院长等{n_small}人被免职。", "涉案疫苗均未经冷链运输。"],
    ends=["相关责任人正在接受调查。"], fill=_fill, weight=1.0)

SCENARIOS = [FAKE_DRUG, UNLICENSED, INSURANCE, MALPRACTICE, ADVERTISING, VACCINE]
