"""Food-safety incidents and enforcement cases (label food)."""

from __future__ import annotations

from classifier.data.seedgen.compose import Scenario
from classifier.data.seedgen.slots import pick

CANTEENS = ["中心小学食堂", "第一中学食堂", "实验幼儿园", "职业技术学校食堂", "镇中学食堂", "民办幼儿园", "寄宿制小学食堂",
            "工业园区员工食堂", "电子厂员工食堂", "建筑工地食堂", "养老院食堂", "大学第二食堂"]
EATERIES = ["酒楼", "饭店", "大排档", "餐馆", "快餐店", "小吃店", "农家乐", "火锅店", "烧腊店", "粉店", "早餐店", "食府", "海鲜酒家"]
FOODS = ["凉拌菜", "卤味", "盒饭", "肠粉", "豆浆", "海鲜", "烧鹅", "米粉", "桶装水", "外卖", "蛋糕", "自助餐", "冷饮", "鸡蛋饼"]
ILLEGAL = [("瘦肉精", "生猪"), ("地沟油", "火锅底料"), ("苏丹红", "辣椒粉"), ("工业盐", "腌制咸菜"), ("吊白块", "腐竹"),
           ("硼砂", "米粉"), ("孔雀石绿", "鱼苗"), ("罂粟壳", "卤汤"), ("工业明胶", "肉皮冻"), ("亚硝酸盐", "熟食"),
           ("甲醛", "海产品"), ("西地那非", "保健酒"), ("非食用色素", "馒头"), ("敌敌畏", "火腿"), ("双氧水", "鸡爪"),
           ("无根剂", "豆芽"), ("柠檬黄", "玉米面馒头"), ("工业碱", "牛百叶"), ("三聚氰胺", "奶粉"), ("过量防腐剂", "糕点")]
PRODUCTS = ["酱油", "食醋", "腊肠", "月饼", "白酒", "饮用水", "大米", "食用油", "豆腐", "粉丝", "蜜饯", "鱼丸", "牛肉丸",
            "腐竹", "凉茶", "婴幼儿配方奶粉", "乳饮料", "方便面", "饼干", "茶叶", "蜂蜜", "冻品", "鸡爪", "猪肉", "牛肉"]
FACTORIES = ["食品厂", "食品有限公司", "肉制品加工厂", "豆制品作坊", "调味品有限公司", "酒厂", "水产品加工厂", "冷冻厂",
             "糕点作坊", "米粉厂", "饮料有限公司", "屠宰场"]


def _fill(rng, ctx):
    ctx["canteen"] = pick(rng, CANTEENS)
    ctx["eatery"] = ctx["brand"] + pick(rng, EATERIES)
    ctx["food"] = pick(rng, FOODS)
    ctx["bad"], ctx["item"] = pick(rng, ILLEGAL)
    ctx["product"] = pick(rng, PRODUCTS)
    ctx["factory"] = ctx["brand"] + pick(rng, FACTORIES)
    ctx["market"] = pick(rng, ["农贸市场", "综合市场", "冻品批发市场", "海鲜市场", "超市", "便利店", "副食品批发部"])
    ctx["shop"] = ctx["brand"] + pick(rng, ["超市", "商行", "便利店", "副食店", "批发部", "购物广场"])
    ctx["dept"] = pick(rng, ["市场监管局", "市场监督管理局", "食药监局", "食品药品监督管理局", "工商局", "质监局", "农业农村局"])
    ctx["symptom"] = pick(rng, ["呕吐、腹泻", "腹痛、头晕", "发热、腹泻", "恶心、呕吐", "上吐下泻"])
    ctx["cause"] = pick(rng, ["副溶血性弧菌", "沙门氏菌", "亚硝酸盐", "变质食材", "四季豆未煮熟", "金黄色葡萄球菌", "诺如病毒",
                              "毒蘑菇混入菜品", "米酵菌酸"])
    ctx["test"] = pick(rng, ["菌落总数", "大肠菌群", "铅", "二氧化硫残留量", "苯甲酸", "山梨酸", "甜蜜素", "酸价", "过氧化值",
                             "克伦特罗", "农药残留", "镉"])


POISONING = Scenario(
    "poisoning", "food",
    titles=["{city}{town}{canteen}{n}名学生疑似食物中毒", "{scity}一{canteen}发生集体食物中毒 {n}人送医",
            "{county}{eatery}{n}名食客就餐后出现{symptom}", "{sprov}{county}一婚宴发生食物中毒{n}人就医",
            "{scity}{n_big}名员工食堂就餐后集体中毒", "{county}发生一起食物中毒事件 {n}人入院治疗",
            "{scity}{eatery}涉嫌食物中毒被停业整顿", "{town}村民喝喜酒后{n}人中毒", "{scity}一工厂{n_big}名工人食物中毒",
            "{county}学生营养餐疑致{n}人中毒", "吃了{food}后{n}人上吐下泻 {county}一餐馆被查", "{sprov}{scity}学生集体食物中毒事件调查结果公布"],
    leads=["{m}月{d}日中午，{city}{county}{town}{canteen}部分学生在午餐后陆续出现{symptom}等症状，{n}名学生被送往医院救治。",
           "{y}年{m}月{d}日，{county}{eatery}发生一起疑似食物中毒事件，{n}名在该店就餐的顾客先后出现{symptom}症状。",
           "记者从{county}卫生健康局获悉，{town}一户村民办酒席后，共有{n}名宾客出现{symptom}，经诊断为食物中毒。",
           "{m}月{d}日晚，{city}一电子厂{n_big}名员工在食堂吃晚饭后出现{symptom}，其中{n_small}人病情较重。",
           "近日，{county}发生一起集体食物中毒事件，经疾控部门检测，致病原因为{cause}。",
           "据{outlet}报道，{scity}{canteen}日前发生食物中毒，{n}名幼儿出现{symptom}，已全部送医。"],
    details=["患者均已送往{county}人民医院治疗，目前病情稳定，无人死亡。", "{dept}已对该食堂进行查封，并对剩余食品留样送检。",
             "经流行病学调查和实验室检测，确认这是一起由{cause}引起的食物中毒事件。", "涉事{eatery}负责人已被警方控制。",
             "调查发现，涉事单位从业人员未取得健康证明，食品加工场所卫生条件极差。", "{dept}责令涉事单位停业整顿，并处罚款{fine_w}。",
             "家长反映，孩子们当天吃的{food}有异味。", "卫生监督部门现场检查发现，该店存在生熟不分、食材过期等问题。",
             "事发后，当地教育局对学校分管领导进行了问责。", "其中{n_small}名重症患者转入ICU抢救。"],
    ends=["事件原因正在进一步调查中。", "目前，相关责任人已被依法处理。", "当地已启动食品安全事故应急预案。"],
    fill=_fill, weight=2.2)

ADDITIVE = Scenario(
    "additive", "food",
    titles=["{county}查获使用{bad}的{item}{kg}公斤", "{scity}警方捣毁一{bad}{item}加工窝点", "{county}一作坊用{bad}加工{item}被查处",
            "{scity}破获特大{bad}案 涉案金额{money}", "{sprov}{county}{item}检出{bad} 涉事商户被立案", "用{bad}泡{item}，{county}两男子被刑拘",
            "{scity}一企业用{bad}生产{item}被罚{fine_w}", "“{bad}{item}”流入{scity}市场 {n_small}人被捕", "曝光：{county}黑作坊{bad}{item}销往多地"],
    leads=["{m}月{d}日，{county}{dept}联合公安机关突击检查一处{item}加工点，现场查获添加{bad}的{item}{kg}公斤。",
           "近日，{scity}公安局食药环侦大队破获一起生产、销售有毒有害食品案，犯罪嫌疑人{person}等人在{item}中非法添加{bad}。",
           "记者从{county}{dept}获悉，该局在抽检中发现辖区一家{factory}生产的{item}含有{bad}，已依法立案查处。",
           "据群众举报，{town}一民房内有人使用{bad}加工{item}，执法人员到场时工人正在作业。",
           "{y}年{m}月，{scity}中级人民法院审理了一起在{item}中添加{bad}的案件，涉案金额{money}。"],
    details=["现场扣押{item}成品{kg}公斤及{bad}原料若干。", "经查，该批{item}已销往周边{n_small}个农贸市场和饭店。",
             "犯罪嫌疑人{person}对其违法事实供认不讳。", "{dept}已将案件移送公安机关，涉案产品全部封存。",
             "该作坊无营业执照、无食品生产许可证，卫生条件脏乱差。", "法院以生产、销售有毒、有害食品罪判处{person}有期徒刑{years}年，并处罚金{fine_w}。",
             "执法人员提醒，{bad}长期食用会对人体肝肾造成严重损害。"],
    ends=["案件正在进一步侦办中。", "目前，涉案人员已被依法采取刑事强制措施。", "{dept}表示将继续保持高压态势。"],
    fill=_fill, weight=2.0)

DISEASED_MEAT = Scenario(
    "meat", "food",
    titles=["{county}查获{kg}公斤病死猪肉", "{scity}一屠宰场私宰注水牛肉被查", "{county}冷库查出{kg}公斤无检疫冻肉",
            "{scity}破获病死猪收购加工案 {n_small}人落网", "私屠滥宰！{town}一黑屠宰点被端", "{county}市场查获过期冻品{kg}公斤",
            "{scity}“僵尸肉”走私案告破 货值{money}", "注水肉流入{scity}市场 商贩被罚"],
    leads=["{m}月{d}日凌晨，{county}{dept}执法人员在{town}一处私人屠宰点查获未经检疫的猪肉{kg}公斤。",
           "近日，{scity}警方破获一起收购、加工、销售病死猪肉案，抓获犯罪嫌疑人{n_small}名。",
           "执法人员在{market}巡查时，查获无合法来源且未经检疫检验的进口冻牛肉{kg}公斤。",
           "{county}{dept}接到举报后，对{town}一冷冻仓库进行检查，发现大量过期多年的冻鸡爪、冻猪蹄。"],
    details=["检查发现，屠宰点给生猪注水增重，每头猪注水约{n_small}公斤。", "涉案肉品已全部封存并作无害化处理。",
             "经查，这些病死猪肉被加工成腊肠、肉丸后销往多个城市。", "当事人无法提供检疫合格证明及进货票据。",
             "{person}等人已被依法刑事拘留。"],
    ends=["案件正在进一步调查中。", "{dept}提醒市民购买肉品时要认准检疫合格标志。"],
    fill=_fill, weight=1.3)

SUBSTANDARD = Scenario(
    "substandard", "food",
    titles=["{county}{shop}销售过期食品被罚{fine}", "{scity}通报{n_small}批次不合格食品 {factory}{product}{test}超标",
            "{factory}生产的{product}{test}不合格被立案", "{scity}超市售卖“三无”食品被查处", "{brand}{product}抽检不合格 {test}超标{n_small}倍",
            "{county}查处一批过期变质{product}", "网售{product}{test}超标 {scity}一商家被罚{fine_w}", "{shop}以次充好销售假冒{product}被查",
            "{scity}查获假冒品牌{product}{batches}箱", "{county}一企业生产不合格{product}被没收违法所得"],
    leads=["{y}年{m}月{d}日，{county}{dept}执法人员在检查中发现{shop}货架上摆放有超过保质期的{product}{n}件。",
           "{scity}{dept}日前公布抽检结果，{factory}生产的一批次{product}检出{test}不符合食品安全国家标准。",
           "记者从{dept}获悉，{county}{shop}因销售标签不全的“三无”{product}，被依法没收违法所得并处罚款{fine}。",
           "近日，{county}{dept}在{market}查获一批假冒知名品牌的{product}，货值{money}。",
           "消费者{person}在{shop}购买的{product}开封后发现霉变，向{dept}投诉后，执法人员现场查扣同批次产品{n}件。"],
    details=["针对抽检中发现的不合格产品，{dept}已责令生产企业召回并立案调查。", "该{shop}负责人表示，是因为疏于管理导致过期食品未及时下架。",
             "依据《食品安全法》第一百二十四条，{dept}对当事人作出罚款{fine_w}的行政处罚。", "执法人员现场下架并封存问题产品{n}件。",
             "{test}超标可能导致消费者出现健康风险。", "经检验，该批次产品{test}实测值超过标准限值{n_small}倍。"],
    ends=["{dept}将继续加强对食品经营者的监督检查。", "相关企业已被列入重点监管名单。"],
    fill=_fill, weight=2.0)

WORKSHOP = Scenario(
    "workshop", "food",
    titles=["{county}取缔一家无证食品黑作坊", "{scity}端掉{n_small}个食品加工黑窝点", "{town}无证豆腐作坊污水横流被查封",
            "卫生堪忧！{county}一无证糕点作坊被取缔", "{scity}查处无证经营餐饮店{n}家", "{county}一网红外卖店无证经营被罚",
            "{town}小作坊用过期面粉做面包被查", "{county}{eatery}后厨老鼠乱窜被责令整改"],
    leads=["{m}月{d}日，{county}{dept}联合{town}政府对一家无证{product}加工作坊进行突击检查，现场环境脏乱，原料随意堆放。",
           "根据群众举报，{scity}{dept}执法人员来到{town}一处出租屋，发现这里藏着一个无证生产{product}的黑作坊。",
           "近日，{county}{dept}对辖区外卖平台商户开展检查，发现{n}家餐饮店无《食品经营许可证》擅自经营。",
           "网友发布视频称，{county}{eatery}后厨卫生条件恶劣，老鼠在案板上爬行。{dept}随即介入调查。"],
    details=["作坊内苍蝇乱飞，加工工具锈迹斑斑，工人未穿戴工作服。", "执法人员当场查扣成品、半成品{kg}公斤，并依法取缔该作坊。",
             "经核实，视频反映情况属实，该店已被责令停业整改并立案调查。", "外卖平台已下架相关商户。"],
    ends=["{dept}提醒市民不要购买来源不明的食品。", "下一步，{dept}将持续开展小作坊专项整治。"],
    fill=_fill, weight=1.5)

ALCOHOL = Scenario(
    "alcohol", "food",
    titles=["{county}发生假酒中毒事件 {dead}人死亡", "{scity}村民饮用散装白酒甲醇中毒 {n_small}人送医", "{county}查获假冒名酒{batches}瓶",
            "{scity}一酒厂用酒精勾兑白酒被查", "{county}多人喝自泡药酒后中毒 涉事酒坊被封"],
    leads=["{m}月{d}日，{county}{town}多名村民饮用从流动商贩处购买的散装白酒后出现头晕、视力模糊等症状，经诊断为甲醇中毒。",
           "近日，{scity}警方破获一起制售假冒名酒案，查获假冒白酒{batches}瓶，涉案金额{money}。"],
    details=["经检测，该批散装白酒甲醇含量严重超标。", "截至目前，已有{dead}人经抢救无效死亡，其余中毒者仍在医院治疗。", "{dept}已对销售该白酒的商店进行查封。"],
    ends=["公安机关已对涉案人员立案侦查。"], fill=_fill, weight=0.8)

POST = Scenario(
    "post", "food",
    titles=["网友爆料：在{county}{eatery}吃出虫子 多人腹泻", "吃完{eatery}外卖全家拉肚子，商家拒不认账", "{scity}一奶茶店被曝用过期原料",
            "曝光｜{county}{shop}把过期肉重新贴标签出售", "员工爆料：{brand}烘焙店用发霉面粉做蛋糕", "{scity}家长投诉幼儿园餐食变质 孩子呕吐"],
    leads=["网友“{sur}先生”近日发帖称，他和朋友在{county}{eatery}就餐后，当晚{n_small}人出现腹痛腹泻，怀疑饭菜不干净。",
           "有市民向本报反映，{county}{shop}员工将临期肉品撕掉原标签，重新打印生产日期后上架销售。",
           "近日，一段视频在网上流传，视频中{scity}{eatery}员工将顾客吃剩的{food}倒回锅中再次售卖。"],
    details=["记者随后联系了{county}{dept}，工作人员表示已派人到店调查。", "经查，该店确实存在使用过期原料的行为，已被立案。",
             "市场监管部门已对该店作出停业整顿的处理。"],
    ends=["本报将继续关注事件进展。"], fill=_fill, weight=1.2)

SCENARIOS = [POISONING, ADDITIVE, DISEASED_MEAT, SUBSTANDARD, WORKSHOP, ALCOHOL, POST]
