"""More medical cases in more styles: wire reports, court and police reports, notices, short old-style headlines."""

from __future__ import annotations

from classifier.data.seedgen.compose import Scenario
from classifier.data.seedgen.places2 import maybe_move
from classifier.data.seedgen.slots import pick

DRUGS2 = ["感冒药", "消炎药", "阿莫西林", "布洛芬", "治疗心脑血管疾病的药品", "抗生素注射液", "降压胶囊", "“特效药”", "保健药酒",
          "中成药", "乙肝药", "治疗关节炎的“神药”", "安宫牛黄丸", "人用狂犬病疫苗", "丙种球蛋白", "减肥胶囊", "伟哥", "抗病毒口服液",
          "“纯中药”降糖丸", "眼药水", "止咳糖浆", "麻醉药品", "精神类药品", "医用氧气"]
DEVICES2 = ["一次性输液器", "医用口罩", "避孕套", "隐形眼镜", "血压计", "体温计", "牙科种植体", "骨科植入物", "注射用透明质酸钠",
            "射频美容仪", "医用纱布", "心脏起搏器", "助听器", "血糖试纸", "医用酒精"]
PROCS2 = ["双眼皮手术", "隆胸手术", "吸脂手术", "注射美容针", "水光针", "种植牙", "无痛人流", "包皮手术", "静脉输液", "针灸推拿",
          "小针刀治疗", "埋线减肥", "激光祛斑", "接生", "开刀取结石"]
HOSP2 = ["人民医院", "中心医院", "县医院", "中医院", "妇幼保健院", "乡镇卫生院", "职工医院", "民营医院", "男科医院", "不孕不育医院",
         "整形医院", "医疗美容诊所", "口腔诊所", "个体诊所", "村卫生室", "社区医院", "门诊部", "体检中心"]
SHOPS2 = ["大药房", "药店", "药品超市", "连锁药店", "诊所药房", "保健品店"]
MDEPT2 = ["卫生局", "卫生厅", "卫生计生委", "卫健委", "卫生监督局", "食品药品监管局", "药监部门", "市场监管局", "医保局", "公安分局",
          "检察院", "人民法院"]


def _fill(rng, ctx):
    maybe_move(rng, ctx)
    ctx["drug"] = pick(rng, DRUGS2)
    ctx["device"] = pick(rng, DEVICES2)
    ctx["proc"] = pick(rng, PROCS2)
    ctx["hosp"] = ctx["brand"] + pick(rng, HOSP2)
    ctx["shop"] = ctx["brand"] + pick(rng, SHOPS2)
    ctx["mdept"] = pick(rng, MDEPT2)
    ctx["who"] = pick(rng, ["患者", "病人", "产妇", "一名女童", "一名男童", "一名老人", "一名孕妇", "一名大学生", "村民", "一名女士"])
    ctx["age"] = rng.randint(2, 86)


WIRE_DRUG = Scenario(
    "wiredrug", "medical",
    titles=["{sprov}破获特大假药案", "{scity}查获假药{batches}余盒", "假药流入{county}农村", "{scity}端掉一个假药窝点", "{county}药贩网上卖假药落网",
            "{county}村医贩卖假药被抓", "{scity}警方摧毁制售假药网络", "{sprov}查处劣药{kg}公斤", "{scity}发现一批假冒{drug}", "{sprov}通报一批假劣药品",
            "假{drug}坑了{n}位老人", "“神药”原来是假药", "{county}一药店卖假药被罚", "{scity}假药案告破 涉案{money}"],
    leads=["据{outlet}报道，{scity}警方日前破获一起生产销售假药案，查获假冒{drug}{batches}盒，抓获犯罪嫌疑人{n_small}名。",
           "新华社{scity}{m}月{d}日电 {sprov}公安机关近日破获一起特大制售假药案，涉案金额达{money}。",
           "{outlet}消息 记者{d}日从{scity}{mdept}获悉，该市查获一批假冒{drug}，已流入{n_small}个县区的药店和诊所。",
           "据了解，犯罪嫌疑人{person}在未取得药品生产许可的情况下，在{town}一出租屋内用淀粉等原料加工{drug}，通过快递销往全国。",
           "{county}{mdept}执法人员在{shop}内发现，货架上的{drug}包装粗糙、无批准文号，经鉴定为假药。",
           "{m}月{d}日，{scity}公安局通报，该局联合药监部门捣毁一个地下制售假药窝点，现场查获成品假药{kg}公斤及大量包装材料。"],
    details=["犯罪嫌疑人供认，这些假药成本仅几元一盒，却以数百元的价格卖给患者。", "经药检所检验，该批{drug}按假药论处。",
             "{n_small}名犯罪嫌疑人已被刑事拘留，案件正在进一步侦办中。", "这些假药主要通过电话推销、会议营销等方式销售给中老年患者。",
             "办案民警提醒，购药时要认准国药准字批准文号。"],
    ends=["目前，此案正在进一步审理中。", "{mdept}表示将继续严厉打击制售假劣药品违法犯罪活动。"],
    fill=_fill, weight=1.1)

PHARMACY = Scenario(
    "pharmacy", "medical",
    titles=["{county}{shop}无处方卖处方药被罚", "{scity}多家药店违规销售处方药", "药店卖过期药 {county}一店主被罚", "{shop}出售过期{drug}",
            "{scity}暗访：买处方药无需处方", "{scity}一药店执业药师“挂证”被查", "{county}查处{n_small}家违规药店", "{shop}销售未经批准的进口药被立案",
            "{scity}药店凭医保卡刷日用品被查", "{county}一药店销售假冒{device}"],
    leads=["{m}月{d}日，{county}{mdept}对辖区药店开展突击检查，发现{shop}在无处方的情况下向顾客销售{drug}。",
           "近日，有市民反映在{shop}购买的{drug}已过期{n_small}个月，{county}{mdept}调查后对该店立案查处。",
           "记者暗访{scity}多家药店发现，不少药店不需要处方就能买到抗生素等处方药，执业药师也经常不在岗。",
           "{scity}{mdept}通报，{shop}存在执业药师“挂证”、从非法渠道购进药品等违法行为，被处以罚款{fine}并责令停业整顿。"],
    details=["执法人员当场查扣过期药品{n}盒。", "该店被责令停业整顿，并处罚款{fine}。", "依据《药品管理法》，{mdept}没收违法所得并吊销其《药品经营许可证》。",
             "该药店负责人承认，为增加销量，店员经常不要求顾客出示处方。"],
    ends=["{mdept}提醒，消费者购药时应注意查看有效期。"], fill=_fill, weight=1.0)

CLINIC = Scenario(
    "clinic2", "medical",
    titles=["{town}一“黑诊所”被取缔", "无证游医在{county}街头行医被查", "{scity}非法行医致{who}死亡", "{county}查处{n_small}家黑诊所", "“赤脚医生”无证输液 孩子险丧命",
            "{scity}一黑诊所“死灰复燃”", "假医生坐诊{years}年才被识破", "{county}一无证“牙医”被刑拘", "出租屋里开“诊所” {scity}一夫妻被查",
            "{scity}村民在黑诊所打针后身亡", "非法行医致人死亡 {person}获刑{years}年", "{county}黑诊所给人做手术被端", "{county}冒牌“老中医”骗走患者{money}"],
    leads=["{m}月{d}日，{county}卫生监督所接到举报后，在{town}一处民房内查处一家无证诊所，现场查获输液器、药品等一批。",
           "据{outlet}报道，{scity}{age}岁的{who}在一家无证诊所输液后出现抽搐，送医后不治身亡，诊所老板已被警方控制。",
           "{county}人民法院审理查明，被告人{person}未取得医生执业资格，自{y}年起在{town}开设诊所非法行医，致一名{who}死亡。",
           "近日，{scity}{mdept}联合公安、市场监管等部门开展打击非法行医专项行动，共取缔无证行医点{n_small}个。",
           "执法人员发现，这家挂着“养生馆”招牌的店铺，实际上在为顾客开展{proc}，店内人员均无医师资格。"],
    details=["法院以非法行医罪判处被告人有期徒刑{years}年，并处罚金{fine}。", "该诊所多次被取缔后又换地方重新开张。",
             "经查，{person}仅有初中文化，从未接受过正规医学教育。", "卫生监督人员没收了其药品和器械，并移送公安机关。"],
    ends=["卫生部门提醒，生病要到有资质的医疗机构就诊。"], fill=_fill, weight=1.2)

MEIMEI = Scenario(
    "meimei", "medical",
    titles=["{scity}一女子做{proc}后毁容", "{county}美容院违规注射“美容针”致顾客感染", "医美机构无资质开展{proc}被查", "{scity}女子整形失败起诉医院",
            "{scity}一医美诊所医生无证执业", "“网红”医美机构被罚{fine_w}", "{county}一美容店使用假冒玻尿酸", "做完{proc} 女子感染住进ICU",
            "{scity}查处{n_small}家非法医美场所", "{scity}一女子在美容院抽脂后死亡"],
    leads=["{m}月{d}日，{scity}一名{age}岁女子在{hosp}做{proc}后出现严重感染，经查该机构并无相应诊疗科目资质。",
           "据{outlet}报道，{county}一家美容院在未取得《医疗机构执业许可证》的情况下，为顾客注射来源不明的玻尿酸。",
           "{scity}{mdept}近日查处一起非法医疗美容案，涉事机构聘用无资质人员为顾客开展{proc}。",
           "一女子在{hosp}接受{proc}后双眼无法闭合，鉴定认为医院存在过错，法院判决赔偿{money}。"],
    details=["涉事机构已被责令停业，相关人员被立案调查。", "执法人员现场查获无中文标签的注射类产品{n}支。", "经鉴定，该事故构成医疗事故。",
             "{mdept}对该机构处以罚款{fine_w}并没收违法所得。"],
    ends=["监管部门提醒，求美者应选择正规医疗美容机构。"], fill=_fill, weight=0.9)

ACCIDENT = Scenario(
    "accident2", "medical",
    titles=["{who}手术后死亡 医院被判赔{money}", "{scity}一医院误诊{who}", "{hosp}医生开错药致{who}中毒", "{scity}发生一起医疗事故",
            "{county}{hosp}输错液 {who}死亡", "{scity}医疗纠纷：{who}术后瘫痪", "护士打错针 {age}岁{who}昏迷", "{hosp}切错肾",
            "{scity}婴儿在医院被烫伤", "手术刀遗留腹内 {hosp}被判担责", "{county}产妇分娩时死亡 医院担主责", "{hosp}将健康人当病人治"],
    leads=["据{outlet}报道，{scity}{age}岁的{who}在{hosp}做手术时死亡，医疗事故鉴定认定医院负主要责任。",
           "{m}月{d}日，{county}{hosp}一名护士在给{who}输液时拿错药，导致{who}出现严重过敏反应，经抢救无效死亡。",
           "{county}人民法院近日审结一起医疗损害责任纠纷案，判决{hosp}赔偿原告{money}。",
           "家属反映，{who}在{hosp}因医生延误诊治错过最佳抢救时机，{scity}{mdept}已介入调查。",
           "{scity}{mdept}通报，{hosp}在诊疗过程中违反操作规范，造成{who}死亡，构成一级医疗事故。"],
    details=["涉事医生被吊销执业证书，院长被免职。", "医院承认在术后观察中存在疏忽。", "{mdept}对医院给予警告并处罚款{fine}。",
             "鉴定意见认为，医院的过错与患者死亡之间存在因果关系。"],
    ends=["事件正在进一步调查处理中。"], fill=_fill, weight=1.2)

FRAUD = Scenario(
    "fraud2", "medical",
    titles=["{county}医院套取新农合资金{money}", "{scity}一卫生院伪造病历骗保", "{county}“假病人”住院骗医保", "医院院长骗取医保基金获刑",
            "{scity}曝光{n_small}家骗保定点医院", "{county}村医虚开处方套取新农合补助", "{scity}开展打击欺诈骗保专项行动 追回{money}",
            "{sprov}医保局通报骗保案件", "冒用他人医保卡 {county}一男子被罚", "{scity}打掉一个骗保团伙"],
    leads=["据{outlet}报道，{county}{hosp}通过伪造住院病历、虚开药品等手段，套取新农合资金{money}，院长等{n_small}人被移送司法机关。",
           "{m}月{d}日，{scity}医保局通报，{hosp}以“免费住院”为诱饵招揽老人挂床住院，骗取医保基金{money}。",
           "{county}检察院以诈骗罪对{hosp}原院长{person}提起公诉，其伙同他人虚构诊疗服务骗取医保基金。",
           "{scity}警方破获一起欺诈骗取医保基金案，犯罪嫌疑人{person}组织{n}人冒用医保卡购药后倒卖。"],
    details=["医保部门已解除该院定点协议。", "涉案资金已全部追回。", "经审计发现，该院{n_small}年间虚报住院{n_big}人次。", "{person}等人已被刑事拘留。"],
    ends=["医保部门将持续开展打击欺诈骗保专项整治。"], fill=_fill, weight=1.0)

AD = Scenario(
    "ad2", "medical",
    titles=["{scity}查处一批虚假医疗广告", "电视广告“包治百病” {county}一医院被罚", "{hosp}夸大疗效被查", "{scity}通报违法医疗广告",
            "{hosp}“专家”冒充名医被曝光", "“神医”电视购物卖假药", "{sprov}曝光{n_small}则严重违法药品广告", "{scity}一诊所网上宣传“根治”被罚"],
    leads=["{scity}{mdept}近日通报，{hosp}在报纸、电视上发布“无效退款”“根治”等虚假医疗广告，被处以罚款{fine_w}。",
           "据{outlet}报道，所谓“名医”在电视广告中宣称其{drug}能根治多种疾病，经查该药并无批准文号。",
           "{county}{mdept}在监测中发现，{hosp}未经审查发布医疗广告，利用患者名义作疗效证明。"],
    details=["该医院被责令停止发布广告并公开更正。", "涉事广告已被撤下。", "{mdept}将该院列入重点监管名单。"],
    ends=["{mdept}提醒，患者要到正规医院就医，不要轻信广告。"], fill=_fill, weight=0.8)

DEVICE = Scenario(
    "device2", "medical",
    titles=["{scity}查获不合格{device}{batches}件", "{county}一医院使用无证{device}被罚", "{scity}医疗器械公司经营无证产品被查", "假冒{device}流入{county}",
            "{county}一医院重复使用一次性{device}", "{scity}破获销售假冒{device}案", "{county}诊所使用过期医疗器械被立案"],
    leads=["{m}月{d}日，{scity}{mdept}在检查中发现，{hosp}使用未经注册的{device}，已责令停止使用并立案调查。",
           "据{outlet}报道，{scity}警方破获一起生产销售不符合标准的医用器材案，查获{device}{batches}件。",
           "{county}{mdept}通报，辖区一家医疗器械经营企业从无资质企业购进{device}并对外销售，货值{money}。"],
    details=["涉案产品已全部查封。", "企业负责人已被移送公安机关。", "{mdept}没收违法产品并处货值金额{n_small}倍罚款。"],
    ends=["案件正在进一步调查中。"], fill=_fill, weight=0.8)

SCENARIOS = [WIRE_DRUG, PHARMACY, CLINIC, MEIMEI, ACCIDENT, FRAUD, AD, DEVICE]
