"""More event stories: food exposés and consumer complaints, small shop fires, demolition, illegal mines."""

from __future__ import annotations

from classifier.data.seedgen.compose import Scenario
from classifier.data.seedgen.slots import pick

FOODS = ["木耳", "香油", "麻油", "蜂蜜", "茶叶", "枸杞", "红枣", "虾仁", "牛肉干", "羊肉串", "鸭血", "粉条", "辣条", "腊肉", "海参", "燕窝",
         "小龙虾", "凉皮", "奶茶", "面包", "月饼", "粽子", "汤圆", "蛋黄派", "方便面", "火腿肠", "酸奶", "饮料", "矿泉水", "大米"]
TRICKS = ["加沙增重", "用色素染色", "用工业原料勾兑", "注胶增重", "用过期原料翻新", "用硫磺熏制", "掺杂使假", "以次充好", "用地沟油炸制",
          "用嫩肉粉处理腐肉", "用回收油加工", "重新包装更改生产日期"]
FOREIGN = ["异物", "苍蝇", "头发", "虫子", "玻璃碴", "铁丝", "塑料片", "蟑螂", "老鼠屎"]
SHOPS = ["水暖器材店", "五金店", "家具店", "服装店", "餐馆", "理发店", "便利店", "电动车维修店", "汽修厂", "烧烤店", "洗浴中心", "小旅馆",
         "批发部", "仓储店", "印刷厂", "加工作坊"]


def _fill(rng, ctx):
    ctx["food"] = pick(rng, FOODS)
    ctx["trick"] = pick(rng, TRICKS)
    ctx["foreign"] = pick(rng, FOREIGN)
    ctx["shop"] = pick(rng, SHOPS)
    ctx["maker"] = ctx["brand"] + pick(rng, ["食品公司", "食品厂", "糕点厂", "饮料厂", "作坊"])
    ctx["dept"] = pick(rng, ["市场监管局", "食药监局", "工商局", "质监局"])
    ctx["hospital"] = ctx["brand"] + "医院"


EXPOSE = Scenario(
    "expose", "food",
    titles=["调查发现部分{food}{trick}", "知情人揭开{food}内幕：{trick}", "小贩现场{trick}制作{food}被识破", "记者暗访：{county}{food}作坊{trick}",
            "{food}里吃出{foreign} 厂家拒不回应", "消费者投诉：{maker}{food}中有{foreign}", "曝光！{scity}市场上的{food}竟然{trick}",
            "央视曝光{food}造假黑幕", "买到假{food}！{scity}市民投诉商家", "{food}被曝{trick} 监管部门介入", "网帖称{food}养殖违规用药 对人体有害"],
    leads=["记者调查发现，{county}一些作坊为牟取暴利，将{food}{trick}后销往各地批发市场。",
           "市民{person}近日向本报反映，她在超市购买的{food}开袋后发现里面有{foreign}，与厂家交涉数月未果。",
           "据知情人透露，部分商贩{trick}，普通消费者很难辨别。", "{scity}{dept}根据媒体曝光的线索，对{maker}进行突击检查。"],
    details=["执法人员当场查封问题{food}{kg}公斤。", "厂家客服称会给予调查，但至今没有回复。", "专家表示，这类{food}长期食用会危害健康。",
             "{dept}已对涉事商户立案调查。"], ends=["本报将持续关注。"], fill=_fill, weight=2.2)

SMALL_FIRE = Scenario(
    "smallfire", "safety",
    titles=["{shop}失火 消防官兵救出{n_small}人", "{county}一{shop}凌晨起火 店主被困", "{scity}一{shop}发生火灾致{dead}人死亡", "{scity}一{shop}燃气罐爆炸",
            "{county}拆房时墙体坍塌 压死{dead}名工人", "拆迁楼房突然坍塌 {scity}{dead}名工人被埋", "{county}一{shop}违规住人起火", "{scity}一游乐设施故障 游客悬空",
            "{county}黑煤窑发生事故 {dead}人死亡", "{county}非法采矿点塌方 老板潜逃", "{scity}一小作坊起火 {dead}名工人遇难", "{county}商铺液化气泄漏爆炸"],
    leads=["{m}月{d}日凌晨，{county}一家{shop}突然起火，住在店内阁楼的{n_small}人被困，消防官兵破拆卷帘门将其救出。",
           "{y}年{m}月{d}日，{scity}一处拆迁工地在拆除楼房时，墙体突然坍塌，{dead}名工人被埋。",
           "{m}月{d}日，{county}一处无证开采的黑煤窑发生事故，{dead}名矿工遇难，窑主逃匿。",
           "{m}月{d}日中午，{county}一家{shop}内液化气罐发生爆炸，{hurt}人受伤。"],
    details=["经查，该店违规在经营场所内住人。", "当地已对辖区“三小”场所开展消防安全排查。", "事故责任人已被警方控制。",
             "调查发现，该工地未取得施工许可，拆除作业无安全措施。"], ends=["事故原因正在调查中。"], fill=_fill, weight=2.0)

SCENARIOS = [EXPOSE, SMALL_FIRE]
