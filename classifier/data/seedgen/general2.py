"""More general news (label none): prices, brands and business, animals, lifestyle, law and society."""

from __future__ import annotations

from classifier.data.seedgen.compose import Scenario
from classifier.data.seedgen.slots import pick


def _fill(rng, ctx):
    ctx["goods"] = pick(rng, ["猪肉", "鸡蛋", "蔬菜", "大蒜", "水果", "牛奶", "食用油", "大米", "黄金", "原油", "二手房", "汽油"])
    ctx["corp"] = ctx["brand"] + pick(rng, ["集团", "科技", "电器", "汽车", "地产", "服饰", "物流", "传媒", "电商", "航空"])
    ctx["corp2"] = pick(rng, ["格力", "海尔", "美的", "华为", "小米", "腾讯", "阿里", "京东", "万科", "恒大", "比亚迪", "吉利"])
    ctx["animal"] = pick(rng, ["大熊猫", "东北虎", "中华白海豚", "候鸟", "野猪", "猴子", "流浪猫", "鲸鱼", "小鸟", "海龟"])
    ctx["celebrity"] = pick(rng, ["某知名主持人", "某影星", "某球星", "某网红", "某企业家"])


PRICES = Scenario("prices", "none",
    titles=["{goods}价格持续走高", "{sprov}{m}月CPI同比上涨{n_small}%", "{goods}价格回落 市民菜篮子减负", "食品价格轮番上涨 引发市场关注",
            "{scity}{goods}批发价一周上涨{n_small}成", "国家统计局：{m}月居民消费价格指数发布", "{scity}启动储备{goods}投放稳定市场"],
    leads=["从前段时间的水果、大蒜，到近期的{goods}，价格轮番上涨，增加了消费者的生活成本。", "国家统计局今日发布数据，{m}月份全国居民消费价格同比上涨{n_small}%。"],
    details=["业内人士分析，季节性因素是主要原因。", "预计后期价格将趋于平稳。"], ends=[], fill=_fill, weight=1.4)
BUSINESS = Scenario("business", "none",
    titles=["{corp2}举报{corp}产品质量问题 双方越闹越大", "{corp}宣布裁员{n_small}%", "{corp}与{corp2}签署战略合作", "{corp}发布新品牌战略",
            "{corp2}起诉{corp}侵犯专利", "潮流品牌与{corp}推出联名款", "{corp}新任CEO上任", "{corp}破产重整", "消费者协会约谈{corp}",
            "{corp}被曝拖欠供应商货款", "{corp}回应“员工猝死”传闻"],
    leads=["{m}月{d}日，{corp}宣布与{corp2}达成战略合作协议。", "{corp2}近日公开举报{corp}，双方的纠纷引发舆论关注。",
           "在过去的24个小时里，再次传来了三笔签约和一个裁员的消息。"],
    details=["双方将在多个领域展开合作。", "公司表示目前经营一切正常。"], ends=[], fill=_fill, weight=1.6)
NATURE = Scenario("nature", "none",
    titles=["{county}发现{n_small}只野生{animal}", "男子每年用弹弓射杀{n_big}只小鸟被拘", "{scity}救助受伤{animal}", "{animal}现身{county}山林",
            "{scity}湿地迎来{n_big}只候鸟越冬", "{county}一男子非法捕猎野生动物被判刑", "{scity}海域发现搁浅{animal}"],
    leads=["近日，{county}林业部门在巡护中发现野生{animal}的活动踪迹。", "{scity}市民在海边发现一头搁浅的{animal}，随即报警求助。"],
    details=["工作人员已将其放归自然。", "专家表示这说明当地生态环境持续向好。"], ends=[], fill=_fill, weight=1.3)
LIFE = Scenario("life", "none",
    titles=["{celebrity}晒出健身照", "{scity}网红餐厅排队三小时", "年轻人流行“特种兵式旅游”", "{scity}新晋网红打卡地", "{county}举办美食文化节",
            "{scity}夜市经济火热", "{celebrity}直播带货销售额破亿", "{scity}咖啡店数量突破千家", "过年回家该不该催婚", "{scity}推出十大必吃美食榜单",
            "{scity}中秋月饼销售火爆", "{county}特产{goods}走俏市场"],
    leads=["周末，{scity}一家网红餐厅门口排起长队，不少市民慕名而来。", "{m}月{d}日，{county}美食文化节开幕，上百种地方小吃集中亮相。"],
    details=["店主表示将继续保持菜品质量。", "游客纷纷拍照留念。"], ends=[], fill=_fill, weight=1.6)
LAW = Scenario("law", "none",
    titles=["{county}法院审结一起离婚纠纷案", "{scity}一男子冒充警察诈骗被判刑", "{county}男子酒驾被吊销驾照", "{scity}破获一起入室盗窃案",
            "{county}一男子因琐事殴打邻居被拘", "{scity}法院执结一批拖欠农民工工资案件", "{county}一女子网恋被骗{money}", "{scity}一外卖骑手见义勇为获表彰"],
    leads=["{county}人民法院近日审结一起民事纠纷案件。", "{m}月{d}日，{scity}警方通报，一男子因冒充警察实施诈骗被依法判刑。"],
    details=["法院依法作出判决。", "警方提醒市民提高警惕。"], ends=[], fill=_fill, weight=1.6)

SCENARIOS = [PRICES, BUSINESS, NATURE, LIFE, LAW]
