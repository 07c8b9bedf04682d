"""Domain-adjacent news that is not an incident (label none): policy, tips, statistics, good news."""

from __future__ import annotations

from classifier.data.seedgen.compose import Scenario
from classifier.data.seedgen.slots import pick

DOMAINS = ["食品安全", "药品安全", "安全生产", "医疗保障", "消防安全", "校园食品安全", "疫苗管理", "医疗卫生", "危险化学品安全"]
LAWS = ["《食品安全法实施条例》", "《医疗保障基金使用监督管理条例》", "《安全生产法》", "《药品管理法》", "《疫苗管理法》",
        "《消防法》", "《网络餐饮服务食品安全监督管理办法》", "《学校食品安全与营养健康管理规定》", "《医疗器械监督管理条例》",
        "《危险化学品安全管理条例》", "《食品添加剂使用标准》"]


def _fill(rng, ctx):
    ctx["domain"] = pick(rng, DOMAINS)
    ctx["law"] = pick(rng, LAWS)
    ctx["season"] = pick(rng, ["夏季", "冬季", "春节期间", "高温天气", "雨季", "开学季", "中秋国庆期间", "汛期"])
    ctx["gov"] = pick(rng, ["市政府", "县委", "市场监管局", "卫健委", "应急管理局", "医保局", "食安办", "安委会", "国务院", "省政府"])
    ctx["food"] = pick(rng, ["野生蘑菇", "四季豆", "隔夜菜", "海鲜", "剩饭剩菜", "豆浆", "发芽土豆", "生鱼片", "腌制食品", "蛋糕"])
    ctx["disease"] = pick(rng, ["高血压", "糖尿病", "流感", "手足口病", "骨质疏松", "胃病", "失眠", "颈椎病", "过敏性鼻炎", "中暑"])
    ctx["hospital"] = ctx["brand"] + pick(rng, ["医院", "人民医院", "中医院", "妇幼保健院"])
    ctx["company"] = ctx["brand"] + pick(rng, ["食品有限公司", "制药股份有限公司", "化工集团", "电子有限公司", "实业有限公司"])


POLICY = Scenario(
    "policy", "none",
    titles=["{scity}召开{domain}工作会议", "{gov}印发{domain}专项整治工作方案", "{law}{m}月{d}日起施行", "{scity}部署{season}{domain}工作",
            "{county}开展{domain}宣传周活动", "{gov}出台{domain}监管新规", "{sprov}启动{domain}专项检查行动", "{scity}召开{domain}委员会全体会议",
            "{county}举办{domain}知识培训班", "{scity}召开安全生产电视电话会议", "{gov}就{law}修订草案公开征求意见", "{scity}全面推进{domain}示范城市创建",
            "{county}开展安全生产月活动", "{scity}举行消防应急演练", "{county}组织化工企业开展应急演练", "{sprov}表彰{domain}先进集体和个人"],
    leads=["{m}月{d}日，{scity}召开{domain}工作会议，总结上一年度工作，部署下一阶段重点任务。",
           "为进一步加强{domain}工作，{gov}近日印发专项整治工作方案，明确了{n_small}个方面的重点任务。",
           "{law}将于{y}年{m}月{d}日起正式施行，新规对企业主体责任、监管职责等作出明确规定。",
           "{y}年{m}月{d}日，{county}在{town}举行{domain}宣传活动，向群众发放宣传资料{batches}份。",
           "会议强调，要坚持人民至上、生命至上，压紧压实各方责任，坚决守住{domain}底线。",
           "{m}月{d}日，{county}组织{n}家企业开展消防应急演练，提高员工自救互救能力。"],
    details=["会议要求，各地各部门要以高度的政治责任感抓好{domain}各项工作。", "活动现场还设置了咨询台，工作人员耐心解答群众提问。",
             "据介绍，今年将重点加强对学校食堂、农村集体聚餐等的监管。", "新规明确，违法企业将被纳入信用黑名单。",
             "演练过程中，员工在{n_small}分钟内全部安全撤离。", "{gov}主要负责同志出席会议并讲话。"],
    ends=["会议还通报了近期工作情况。", "下一步，{county}将持续加强宣传，营造良好社会氛围。"],
    fill=_fill, weight=2.5)

TIPS = Scenario(
    "tips", "none",
    titles=["{season}如何预防食物中毒？专家支招", "专家提醒：{food}这样吃可能中毒", "{disease}患者冬季要注意什么", "买药时如何辨别真假药品",
            "{season}安全用电小贴士", "医生提醒：{disease}要早筛查早治疗", "健康提示：{season}谨防{disease}", "科普｜{food}到底能不能吃？",
            "发生火灾时如何逃生？消防员教你几招", "{disease}的五个常见误区", "医保报销怎么办理？一图读懂", "网购食品要注意哪些问题"],
    leads=["{season}气温升高，食物容易变质，专家提醒市民注意饮食卫生，预防食物中毒。",
           "{hospital}专家表示，{disease}早期症状不明显，很多人容易忽视，建议定期体检。",
           "消防部门提醒，{season}用火用电增多，家庭要注意检查电线，不要私拉乱接。",
           "很多人喜欢吃{food}，但如果处理不当，可能会对健康造成影响。"],
    details=["专家建议，食物要煮熟煮透，生熟分开。", "如出现不适，应及时就医。", "市民可通过官方渠道查询药品批准文号。",
             "保持良好的生活习惯是预防疾病的关键。"],
    ends=["（本文内容仅供参考）"], fill=_fill, weight=2.2)

STATS = Scenario(
    "stats", "none",
    titles=["{scity}食品抽检合格率达{pct}", "{y}年全国生产安全事故起数同比下降", "{sprov}医保基金运行平稳 参保率{pct}",
            "{scity}上半年食品安全抽检{batches}批次", "全国药品抽检总体合格率{pct}", "{county}去年查处食品违法案件{n}起", "{scity}消防火灾起数同比下降{n_small}成",
            "{sprov}{y}年安全生产形势总体稳定"],
    leads=["记者从{scity}市场监管局获悉，今年以来全市共完成食品安全抽检{batches}批次，总体合格率为{pct}。",
           "据应急管理部统计，{y}年全国共发生各类生产安全事故起数和死亡人数同比分别下降。",
           "{y}年，{county}共查处各类食品药品违法案件{n}起，罚没款{money}。"],
    details=["抽检覆盖粮食加工品、食用油、肉制品、乳制品等{n_small}大类食品。", "数据显示，全市安全生产形势持续稳定向好。"],
    ends=["相关部门表示将继续加大监管力度。"], fill=_fill, weight=1.8)

GOOD_NEWS = Scenario(
    "goodnews", "none",
    titles=["{hospital}成功完成首例{disease}微创手术", "{scity}第{n_small}届美食节开幕", "{company}新厂区投产", "{county}特色{food}喜获丰收",
            "{hospital}专家团队下乡义诊", "{scity}新建{n_small}所学校食堂明厨亮灶全覆盖", "{company}在港交所上市", "{scity}人民医院新院区启用",
            "{county}举办农民丰收节", "{scity}一餐饮企业获评放心餐厅", "{county}开展安全生产检查 未发现重大隐患", "{company}获评省级安全生产标准化企业",
            "{scity}医保实现跨省直接结算", "{county}药店开展免费测血压活动", "{scity}新开一家大型超市", "{scity}海鲜大排档成网红打卡地"],
    leads=["近日，{hospital}成功为一名{disease}患者实施手术，标志着该院诊疗水平迈上新台阶。",
           "{m}月{d}日，{scity}第{n_small}届美食节在{town}开幕，吸引了大批市民和游客品尝地方特色美食。",
           "{company}投资{money}建设的新厂区日前正式投产，预计年产值可达{money}。",
           "{y}年{m}月，{county}组织检查组对辖区{n}家企业开展安全生产检查，企业总体情况良好。"],
    details=["活动现场人头攒动，热闹非凡。", "该项目投产后可提供就业岗位{n}个。", "医疗团队为村民免费测量血压、血糖。"],
    ends=["活动将持续{n_small}天。"], fill=_fill, weight=2.2)

SCENARIOS = [POLICY, TIPS, STATS, GOOD_NEWS]
