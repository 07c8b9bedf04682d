"""General news outside the three domains (label none): the bulk of what a crawl sees."""

from __future__ import annotations

from classifier.data.seedgen.compose import Scenario
from classifier.data.seedgen.slots import pick


def _fill(rng, ctx):
    ctx["team"] = pick(rng, ["广州队", "上海队", "北京队", "山东队", "深圳队", "辽宁队", "浙江队", "湖人", "勇士", "皇马", "巴萨", "曼联", "国足", "女排"])
    ctx["team2"] = pick(rng, ["天津队", "河南队", "江苏队", "四川队", "火箭", "凯尔特人", "拜仁", "切尔西", "日本队", "韩国队"])
    ctx["score"] = f"{rng.randint(0, 5)}-{rng.randint(0, 5)}"
    ctx["stock"] = pick(rng, ["沪指", "深成指", "创业板指", "A股", "港股", "恒指"])
    ctx["star"] = pick(rng, ["周某伦", "刘某华", "杨某", "赵某", "王某", "李某"]) if rng.random() < 0.3 else pick(rng, ["某知名歌手", "某女星", "某导演", "某演员"])
    ctx["gadget"] = pick(rng, ["新款手机", "折叠屏手机", "平板电脑", "智能手表", "新能源汽车", "显卡", "游戏主机", "无人机"])
    ctx["fund"] = pick(rng, ["基金", "银行理财", "保险", "债券", "黄金", "楼市", "房贷利率"])
    ctx["event"] = pick(rng, ["招聘会", "马拉松", "文化节", "音乐节", "高考", "中考", "灯光秀", "龙舟赛", "读书会", "志愿服务活动"])


SPORTS = Scenario("sports", "none",
    titles=["{team}{score}战胜{team2}", "{team}主场{score}惜败{team2}", "{team}签下新外援", "{team2}主帅下课", "{team}队长伤愈复出",
            "{scity}马拉松鸣枪开跑 {n}万人参赛", "中国选手夺得世锦赛金牌", "{team}季后赛首轮晋级"],
    leads=["在昨晚进行的联赛第{n_small}轮比赛中，{team}客场{score}击败{team2}。", "{m}月{d}日，{scity}马拉松在{town}鸣枪开跑。"],
    details=["本场比赛{team}控球率占优。", "赛后主教练表示对球员表现满意。"], fill=_fill, weight=1.5)
FINANCE = Scenario("finance", "none",
    titles=["{stock}收涨{n_small}% 成交额突破万亿", "{fund}收益率持续走低", "央行宣布降准0.5个百分点", "{scity}楼市新政出台 首付比例下调",
            "{company}发布年报 净利润同比增长", "人民币汇率小幅回升", "基金网上直销再遇银行加价", "{sprov}GDP增长{n_small}%"],
    leads=["{m}月{d}日，{stock}全天震荡上行，截至收盘上涨{n_small}%。", "{scity}住建局发布通知，进一步优化房地产调控政策。"],
    details=["分析人士认为，市场信心正在逐步恢复。", "业内人士表示，政策效果有待观察。"], fill=lambda r, c: (_fill(r, c), c.update(company=c["brand"] + "股份")), weight=1.5)
ENTERTAINMENT = Scenario("ent", "none",
    titles=["{star}新电影定档{m}月", "{star}演唱会{scity}站门票售罄", "电视剧收视率排行榜出炉", "{star}晒全家福 网友送祝福",
            "某综艺节目第{n_small}季开播", "{star}获最佳男主角"],
    leads=["{star}主演的新片近日宣布定档，影片讲述了一个关于亲情的故事。"], details=["影片由知名导演执导。"], fill=_fill, weight=1.2)
TECH = Scenario("tech", "none",
    titles=["{gadget}正式发布 售价{fine}起", "国产芯片取得新突破", "{scity}5G基站覆盖率达{pct}", "人工智能大会在{scity}开幕",
            "{gadget}销量突破{n}万台", "{scity}数字经济产业园揭牌"],
    leads=["{m}月{d}日，某科技公司举行发布会，推出{gadget}。", "{y}年人工智能大会在{scity}开幕，{n}家企业参展。"],
    details=["新品搭载最新处理器。", "业内认为这将推动产业升级。"], fill=_fill, weight=1.3)
SOCIETY = Scenario("society", "none",
    titles=["{scity}举办{event}", "{county}{event}吸引{n}万人参加", "{scity}新开通{n_small}条公交线路", "{county}老旧小区改造完工",
            "{scity}{y}年高考成绩公布", "{town}村民喜迁新居", "{scity}一男孩救起落水同伴获表彰", "{county}举办乡村振兴成果展",
            "{scity}地铁{n_small}号线开通运营", "{county}一老人走失 民警帮助其回家", "{scity}发布高温橙色预警", "{scity}明起降温 最低气温{n_small}℃",
            "{county}小学生暑期游泳溺水 提醒家长加强看护", "{scity}一男子河边钓鱼触电身亡", "{scity}游客在景区坠崖身亡"],
    leads=["{m}月{d}日，{scity}{event}在{town}举行，吸引众多市民参与。", "为方便市民出行，{scity}公交公司新开通{n_small}条线路。",
           "{m}月{d}日，{county}{town}一名小学生在水库游泳时溺水身亡。"],
    details=["活动现场气氛热烈。", "市民纷纷点赞。", "当地教育部门提醒家长加强暑期安全教育。"], fill=_fill, weight=2.2)
POLITICS = Scenario("politics", "none",
    titles=["{sprov}党政代表团赴{scity}考察", "{scity}召开人大常委会会议", "{county}开展主题教育", "{scity}市长接待来访群众",
            "{sprov}召开经济工作会议", "{scity}与{team2}签署战略合作协议", "外交部发言人答记者问", "{county}换届选举工作顺利完成"],
    leads=["{m}月{d}日，{scity}召开会议，研究部署下一阶段经济社会发展工作。", "{sprov}党政代表团一行来到{scity}考察学习。"],
    details=["会议听取了有关工作汇报。", "双方就进一步深化合作进行了交流。"], fill=_fill, weight=1.5)
EDUCATION = Scenario("edu", "none",
    titles=["{scity}{n_small}所新学校秋季开学", "{y}年考研报名人数公布", "{county}教师招聘公告", "{scity}义务教育招生政策发布",
            "高校毕业生就业率达{pct}", "{county}中学生获机器人大赛一等奖"],
    leads=["今年秋季，{scity}新增学位{n}万个。", "{county}教育局发布公告，公开招聘教师{n}名。"],
    details=["招生工作将于{m}月开始。"], fill=_fill, weight=1.2)

SCENARIOS = [SPORTS, FINANCE, ENTERTAINMENT, TECH, SOCIETY, POLITICS, EDUCATION]
