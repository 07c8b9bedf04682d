"""More hard negatives (label none): enforcement outside the three domains, pollution, labour, abroad, mishaps."""

from __future__ import annotations

from classifier.data.seedgen.compose import Scenario
from classifier.data.seedgen.slots import pick

FOREIGN_CITIES = ["孟买", "莫斯科", "巴格达", "喀布尔", "伊斯兰堡", "卡拉奇", "安曼", "开罗", "伊斯坦布尔", "内罗毕", "拉各斯", "大马士革",
                  "新德里", "马尼拉", "雅加达", "曼谷", "巴黎", "伦敦", "纽约", "芝加哥", "东京", "首尔", "悉尼", "圣保罗", "墨西哥城"]
COUNTRIES = ["印度", "俄罗斯", "伊拉克", "阿富汗", "巴基斯坦", "约旦", "埃及", "土耳其", "肯尼亚", "尼日利亚", "叙利亚", "菲律宾",
             "印尼", "泰国", "法国", "英国", "美国", "日本", "韩国", "澳大利亚", "巴西", "墨西哥", "西班牙", "以色列"]
COMPANIES = ["医药", "制药", "医疗", "生物", "食品", "乳业", "酒业", "化工", "药业", "健康", "科技", "地产", "银行", "证券"]


def _fill(rng, ctx):
    ctx["fcity"] = pick(rng, FOREIGN_CITIES)
    ctx["country"] = pick(rng, COUNTRIES)
    ctx["listed"] = ctx["brand"] + pick(rng, COMPANIES)
    ctx["price"] = f"{rng.randint(200, 9000) / 100:.2f}"
    ctx["mag"] = f"{rng.randint(50, 89) / 10:g}"
    ctx["river"] = pick(rng, ["河涌", "水库", "河道", "鱼塘", "入海口", "内河"])


TERROR_ABROAD = Scenario(
    "abroad", "none",
    titles=["{country}{fcity}发生连环爆炸 {dead}人死亡", "{fcity}地铁站发生爆炸事件", "{country}一清真寺遭炸弹袭击", "{fcity}市中心汽车炸弹爆炸",
            "{country}发生系列爆炸至少{n_big}人死亡", "{fcity}一酒店遭恐怖袭击", "{country}一民宅火灾致{dead}人死亡", "{fcity}公寓楼起火 {dead}人丧生",
            "{country}发生{mag}级强震", "{country}洪灾已致{n_big}人死亡", "{fcity}一列火车脱轨", "{country}一客机坠毁", "{fcity}枪击案致{dead}死"],
    leads=["据外电报道，{country}{fcity}当地时间{m}月{d}日发生多起爆炸，造成至少{dead}人死亡、{hurt}人受伤。",
           "当地时间{m}月{d}日，{country}{fcity}一处居民公寓发生火灾，{dead}人在火灾中丧生。",
           "新华社{fcity}{m}月{d}日电 {country}警方说，一辆装有炸药的汽车在人群密集处爆炸。"],
    details=["警方怀疑这是一起恐怖袭击。", "目前尚无组织宣称对事件负责。", "{country}总统对遇难者表示哀悼。", "救援工作仍在进行中。"],
    ends=[], fill=_fill, weight=1.8)

OTHER_ENFORCEMENT = Scenario(
    "otherenforce", "none",
    titles=["{listed}涉嫌信息披露违法违规 遭证监会立案调查", "{listed}董事长涉内幕交易被立案", "{scity}警方破获非法集资案 涉案{money}",
            "{county}打掉一传销团伙 {n}人被抓", "{scity}一企业偷逃税款{money}被查", "{county}一化工厂偷排废水被罚{fine_w}",
            "{scity}{river}出现大量死鱼 环保部门介入", "{county}查处非法占用耕地案件", "{scity}开展打击网络传销专项行动", "{county}一企业拖欠工资 {n}名工人讨薪",
            "{scity}警方侦破非法经营证券期货案", "{county}一旅行社虚构材料组织出国务工被判", "{scity}两男子绑架企业老板被批捕",
            "{county}一男子销售假冒名牌服装被刑拘", "{scity}查获侵权盗版图书{batches}册", "{county}一驾校违规培训被处罚", "{scity}一房企违规预售被罚",
            "{county}查处一批违规电动车销售门店", "{scity}一网吧违规接纳未成年人被处罚", "{county}一加油站使用作弊计量器被查"],
    leads=["{m}月{d}日晚间，{listed}发布公告称，公司因涉嫌信息披露违法违规，收到中国证监会《立案告知书》。",
           "记者从{scity}公安局经济犯罪侦查支队获悉，警方侦破一起非法吸收公众存款案，涉案金额{money}，{n}名犯罪嫌疑人被抓获。",
           "{county}生态环境局执法人员在检查中发现，{town}一化工企业通过暗管向{river}偷排未经处理的废水。",
           "{county}{n}名工人反映，所在企业拖欠工资已达{n_small}个月，劳动监察部门已介入调查。",
           "近日，{scity}市场监管局查处一起销售侵权商品案，当事人销售假冒注册商标的服装、鞋帽{batches}件。"],
    details=["案件正在进一步侦办中。", "相关责任人已被依法采取刑事强制措施。", "{county}人民法院以非法经营罪判处被告人有期徒刑{years}年。",
             "环保部门已责令企业停产整治，并处罚款{fine_w}。", "劳动监察大队责令企业限期支付拖欠工资。"],
    ends=["公司表示将积极配合调查。"], fill=_fill, weight=2.4)

MARKETS = Scenario(
    "markets", "none",
    titles=["{listed}跌停 报于{price}元", "{listed}涨停 成交额放大", "{listed}发布年报 营收同比增长{n_small}%", "{listed}拟收购同行 股价大涨",
            "{listed}获批新药临床试验", "快讯：{listed}盘中大涨{n_small}%", "{listed}一季度净利润下滑", "{listed}股东减持{n_small}%股份",
            "医药板块集体走强 {listed}领涨", "食品饮料板块午后拉升", "{listed}中标国家药品集中采购", "我国今年全面实行网上药品集中采购",
            "{listed}定增募资{money}", "{listed}回应市场传闻"],
    leads=["{m}月{d}日，{listed}股价午后快速下挫，截至收盘报{price}元。", "{listed}发布公告称，公司上半年实现营业收入{money}。",
           "受政策利好消息影响，医药板块今日表现活跃，{listed}等个股涨幅居前。"],
    details=["分析人士认为，行业集中度将进一步提升。", "公司表示经营情况正常。"], ends=[], fill=_fill, weight=2.0)

HOSPITAL_STORIES = Scenario(
    "hospitalstory", "none",
    titles=["女子扶摔倒老人被指肇事 垫付住院押金", "{county}好心人为重病男孩捐款{money}", "{hospital}医生跪地抢救晕倒乘客", "{scity}一院长获评全国优秀医师",
            "{county}两男子绑架中医院院长被批捕", "老人住院无人照料 民警当起临时家属", "{scity}一产妇在救护车上顺利分娩", "{hospital}护士节表彰优秀护士",
            "{county}福利院老人欢度重阳节", "{scity}一医院开通夜间门诊", "夫妇将女婴留在医院后失联", "{county}一患者出院送锦旗感谢医护人员",
            "{scity}医生下班途中救起落水儿童", "{hospital}门诊大楼搬迁", "{scity}一男子冒充医生行骗被拘"],
    leads=["{m}月{d}日，{county}一名老人在路边摔倒，路过的女子将其送往{hospital}，并垫付了住院押金。",
           "近日，{hospital}一名医生在高铁上遇到乘客突发疾病，当即跪地实施心肺复苏。",
           "{y}年{m}月，{county}警方成功解救被绑架的{hospital}院长，{n_small}名犯罪嫌疑人落网。"],
    details=["患者目前已脱离生命危险。", "家属送来锦旗表示感谢。", "此事在网上引发热议。"], ends=[],
    fill=lambda r, c: (_fill(r, c), c.update(hospital=c["brand"] + pick(r, ["医院", "人民医院", "中医院"]))), weight=2.0)

MISHAPS = Scenario(
    "mishaps", "none",
    titles=["{county}六岁男童吃午餐被鱼丸噎住 送医不治", "{scity}一男孩误食干燥剂送医", "{county}村民误食野生毒蘑菇 {n_small}人中毒",
            "{scity}一家人吃河豚中毒", "{county}老人误把农药当饮料喝下", "{scity}孩子乱扔鞭炮引燃居民楼杂物", "{county}一男子酒后坠楼身亡",
            "{scity}游客被海浪卷走", "{county}两名儿童在池塘溺亡", "{scity}一男子在家中煤气中毒", "{county}一家三口烧炭取暖一氧化碳中毒",
            "{scity}小区电梯困人 消防破门救援", "{county}一男子高空抛物被拘", "{scity}一大树倒下砸中路过车辆"],
    leads=["{m}月{d}日，{county}一户村民上山采摘野生蘑菇食用后，全家{n_small}人出现呕吐症状，被送往医院救治。",
           "{m}月{d}日，{scity}一名男孩误将食品袋中的干燥剂当成糖果吃下，家人急忙将其送医。",
           "{y}年{m}月{d}日凌晨，{county}一户居民家中发生一氧化碳中毒，{n_small}人被送医。"],
    details=["医生提醒，不要采摘、食用不认识的野生蘑菇。", "经抢救，患者已脱离危险。", "家长要看管好孩子。"], ends=[], fill=_fill, weight=2.0)

SCENARIOS = [TERROR_ABROAD, OTHER_ENFORCEMENT, MARKETS, HOSPITAL_STORIES, MISHAPS]
