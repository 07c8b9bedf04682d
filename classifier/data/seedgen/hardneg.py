"""Hard negatives (label none): stories that look like the three domains but are outside them."""

from __future__ import annotations

from classifier.data.seedgen.compose import Scenario
from classifier.data.seedgen.slots import pick


def _fill(rng, ctx):
    ctx["road"] = pick(rng, ["国道{0}线".format(rng.randint(101, 330)), "{0}高速".format(pick(rng, ["沈海", "京港澳", "长深", "广深", "汕湛", "沪昆"])),
                             "省道{0}线".format(rng.randint(100, 400)), "城区{0}路口".format(pick(rng, ["人民路", "解放路", "中山路", "建设路"]))])
    ctx["vehicle"] = pick(rng, ["大货车", "小轿车", "面包车", "客车", "摩托车", "电动车", "渣土车", "越野车", "校车"])
    ctx["vehicle2"] = pick(rng, ["小轿车", "三轮车", "电动车", "半挂车", "公交车"])
    ctx["mag"] = f"{rng.randint(30, 79) / 10:g}"
    ctx["eatery"] = ctx["brand"] + pick(rng, ["酒楼", "饭店", "餐馆"])
    ctx["hospital"] = ctx["brand"] + pick(rng, ["医院", "人民医院", "中医院", "妇幼保健院"])
    ctx["product"] = pick(rng, ["汽车", "电动自行车", "婴儿推车", "儿童玩具", "奶粉", "冰淇淋", "笔记本电脑电池", "热水器", "手机充电器", "饼干", "巧克力"])
    ctx["brandname"] = pick(rng, ["丰田", "大众", "宝马", "本田", "日产", "雀巢", "玛氏", "宜家", "三星", "飞利浦", "奔驰", "福特"])
    ctx["insure"] = pick(rng, ["车险", "机动车保险", "寿险", "人身意外险", "重疾险", "财产保险"])


RESIDENTIAL_FIRE = Scenario(
    "resfire", "none",
    titles=["{county}一居民楼起火 {n_small}人被困获救", "{scity}民房失火致{dead}人死亡", "{town}一出租屋凌晨起火 一家{n_small}口遇难",
            "{county}居民家中电动车充电起火", "{scity}一住宅小区高层住户阳台着火", "{county}村民自建房火灾 老人不幸身亡",
            "{scity}一电动车在楼道自燃", "{sprov}{county}山林火灾已扑灭", "{county}发生森林火灾 上千人参与扑救", "{scity}一小区车库车辆自燃"],
    leads=["{m}月{d}日凌晨，{county}{town}一栋居民楼三楼住户家中起火，消防员破门救出{n_small}名被困群众。",
           "{y}年{m}月{d}日，{scity}一处民房发生火灾，造成{dead}人死亡，起火原因系住户使用电暖器不当。",
           "{m}月{d}日下午，{county}{town}后山突发山火，当地组织扑火队员经过{n_small}个小时奋战将山火扑灭。",
           "昨晚，{scity}某小区一辆停放在楼道的电动车突然自燃，浓烟涌入楼上住户家中。"],
    details=["消防部门提醒，电动车不要在楼道、室内充电。", "火灾未造成人员伤亡。", "起火原因疑为住户厨房用火不慎。",
             "林业部门正在核查过火面积。", "警方已排除刑事案件可能。"],
    ends=["具体原因正在调查中。"], fill=_fill, weight=1.8)

TRAFFIC = Scenario(
    "traffic", "none",
    titles=["{road}发生交通事故 {dead}死{hurt}伤", "{county}一{vehicle}与{vehicle2}相撞致{dead}人死亡", "{scity}一客车侧翻 {hurt}人受伤",
            "{road}多车追尾 {hurt}人受伤", "{county}一{vehicle}冲入河中 司机身亡", "{sprov}一旅游大巴坠崖 {dead}人遇难",
            "{scity}醉驾男子撞死路人被刑拘", "{county}一校车发生车祸 {hurt}名学生受伤", "{scity}一货车刹车失灵连撞{n_small}车"],
    leads=["{m}月{d}日{hour}时许，{road}{county}段发生一起交通事故，一辆{vehicle}与一辆{vehicle2}迎面相撞，造成{dead}人死亡、{hurt}人受伤。",
           "{y}年{m}月{d}日，{county}境内{road}上一辆{vehicle}因雨天路滑发生侧翻。",
           "据{outlet}报道，{scity}一名司机酒后驾驶{vehicle}撞上路边行人，致{dead}人死亡。"],
    details=["伤者已被送往医院救治。", "交警部门已对事故现场进行勘查，事故原因正在调查中。", "肇事司机已被警方控制。",
             "事故导致该路段交通中断{n_small}小时。"],
    ends=["交警提醒，雨天行车要减速慢行。"], fill=_fill, weight=1.8)

NATURAL = Scenario(
    "natural", "none",
    titles=["{county}发生{mag}级地震", "{sprov}{county}交界发生{mag}级地震 震源深度{n_small}公里", "台风登陆{scity} {n}万人紧急转移",
            "{county}遭遇强降雨 多地出现内涝", "{county}山体滑坡致{dead}人失踪", "{scity}暴雨引发洪水 {n_small}座水库超汛限",
            "{sprov}{county}泥石流灾害救援持续", "新西兰附近海域发生{mag}级地震", "日本北海道发生{mag}级地震 暂无人员伤亡报告"],
    leads=["据中国地震台网正式测定，{m}月{d}日{hour}时，在{prov}{county}发生{mag}级地震，震源深度{n_small}千米。",
           "受台风影响，{scity}{m}月{d}日出现大范围强降雨，当地紧急转移群众{n}万人。",
           "{y}年{m}月{d}日，{county}{town}发生山体滑坡，{n_small}间民房被掩埋。"],
    details=["目前暂无人员伤亡和财产损失报告。", "当地已启动防汛应急响应。", "救援人员正在全力搜救失踪人员。"],
    ends=["气象部门提醒公众注意防范。"], fill=_fill, weight=1.4)

CRIME = Scenario(
    "crime", "none",
    titles=["{county}男子因琐事持刀伤人被刑拘", "{scity}警方破获电信诈骗案 涉案{money}", "{county}一男子投毒致邻居{n_small}人中毒",
            "因家庭矛盾 {county}一妇女在饭菜中投毒", "{scity}幼儿园投毒案一审宣判", "{county}一男子在鱼塘投毒被抓",
            "{scity}警方破获系列盗窃案", "{county}一男子抢劫金店被抓获", "{sprov}{county}发生一起故意杀人案 嫌犯落网",
            "{scity}女子网购被骗{money}", "{county}一伙人非法集资{money}被判刑", "{scity}特大贩毒团伙被打掉"],
    leads=["{m}月{d}日，{county}公安局接到报警，{town}村民{person}因与邻居发生纠纷，在对方家中饮用水里投放农药，致{n_small}人中毒。",
           "近日，{scity}警方成功破获一起电信网络诈骗案，抓获犯罪嫌疑人{n}名，涉案金额{money}。",
           "{y}年{m}月{d}日，{county}发生一起故意伤害案件，犯罪嫌疑人{person}因琐事持刀将他人砍伤。",
           "{scity}中级人民法院对{person}投毒案作出一审判决，以投放危险物质罪判处其死刑。"],
    details=["犯罪嫌疑人已被警方刑事拘留。", "受害人已被送往医院救治，暂无生命危险。", "案件正在进一步审理中。", "警方提醒市民提高防骗意识。"],
    ends=["案件正在进一步侦办中。"], fill=_fill, weight=2.0)

DOCTOR_VIOLENCE = Scenario(
    "doctorviolence", "none",
    titles=["{county}{hospital}医生被患者家属殴打", "{scity}一男子持刀砍伤医生被刑拘", "{hospital}发生伤医事件 {n_small}名医护人员受伤",
            "{scity}医闹者被判刑{years}年", "{county}患者家属在医院设灵堂闹事被拘", "{sprov}一医生在诊室被刺伤"],
    leads=["{m}月{d}日，{county}{hospital}急诊科一名医生在诊疗过程中被患者家属殴打，致其面部受伤。",
           "近日，{scity}警方通报，一男子因不满治疗效果，在{hospital}持刀刺伤一名医生，已被刑事拘留。"],
    details=["警方迅速赶到现场将涉事男子控制。", "受伤医生已接受治疗，无生命危险。", "当地卫健委表示坚决维护医务人员合法权益。"],
    ends=["案件正在进一步处理中。"], fill=_fill, weight=1.3)

INSURANCE_FRAUD = Scenario(
    "insfraud", "none",
    titles=["{scity}警方破获{insure}诈骗案", "故意制造交通事故骗取保险金 {county}{n_small}人被抓", "男子伪造车祸骗取{insure}理赔{money}",
            "{county}一团伙制造假车险事故骗赔", "为骗寿险杀害亲人 {county}男子被判死刑"],
    leads=["近日，{scity}公安局破获一起保险诈骗案，犯罪团伙故意驾车制造交通事故，骗取{insure}理赔款{money}。",
           "{county}人民法院审理一起保险诈骗案，被告人{person}伪造事故现场，骗取保险金。"],
    details=["犯罪嫌疑人{n_small}人已被刑事拘留。", "保险公司在理赔审核中发现疑点后报警。"],
    ends=["警方提醒，保险诈骗属于违法犯罪行为。"], fill=_fill, weight=1.1)

RECALL = Scenario(
    "recall", "none",
    titles=["{brandname}召回部分进口{product}", "{brandname}宣布召回{n}万辆{product}", "国家市场监管总局：{brandname}召回部分{product}",
            "{brandname}主动召回一批{product} 消费者可退换", "因存在安全隐患 {brandname}在华召回{product}"],
    leads=["日前，{brandname}公司根据《缺陷汽车产品召回管理条例》的要求，向国家市场监督管理总局备案了召回计划，决定召回部分{product}。",
           "{brandname}宣布，因部分批次{product}可能存在质量问题，将在全国范围内主动召回。"],
    details=["本次召回范围内的产品共计{n}万件。", "消费者可联系经销商免费更换。", "目前尚未收到相关伤害报告。"],
    ends=["消费者可拨打客服热线咨询。"], fill=_fill, weight=1.3)

RUMOR = Scenario(
    "rumor", "none",
    titles=["网传{county}学校食物中毒系谣言", "辟谣！{scity}“塑料紫菜”是假消息", "{county}回应“医院卖假药”传闻：不实",
            "网传{scity}化工厂爆炸？官方：系消防演练", "“吃小龙虾致横纹肌溶解”？专家辟谣"],
    leads=["近日，网上流传一段视频称{county}某学校发生食物中毒，经{county}教育局核实，该信息系谣言。",
           "针对网传“{scity}化工厂爆炸”的消息，当地应急管理局回应称，当天只是开展应急演练，并未发生事故。"],
    details=["警方已对造谣者依法处理。", "请广大市民不信谣、不传谣。"],
    ends=[], fill=_fill, weight=1.0)

TERROR = Scenario(
    "terror", "none",
    titles=["伊拉克首都发生连环汽车炸弹袭击", "巴基斯坦一清真寺遭自杀式袭击", "阿富汗喀布尔发生爆炸袭击 多人死亡", "美国一商场发生枪击案 {dead}人死亡",
            "{sprov}警方处置一起暴力袭警事件"],
    leads=["据外媒报道，{m}月{d}日，一名袭击者在人群中引爆炸弹，造成至少{dead}人死亡、{hurt}人受伤。",
           "当地时间{m}月{d}日，一名枪手闯入商场开枪射击，造成{dead}人死亡。"],
    details=["目前尚无组织宣称对袭击负责。", "警方已封锁现场。"],
    ends=[], fill=_fill, weight=0.8)

SCENARIOS = [RESIDENTIAL_FIRE, TRAFFIC, NATURAL, CRIME, DOCTOR_VIOLENCE, INSURANCE_FRAUD, RECALL, RUMOR, TERROR]
