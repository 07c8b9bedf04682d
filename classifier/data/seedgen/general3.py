"""Everyday headlines from many desks (label none): exams, funds, games, property, science, world, celebrities."""

from __future__ import annotations

from classifier.data.seedgen.compose import Scenario
from classifier.data.seedgen.slots import pick

EXAMS = ["托福", "雅思", "考研", "高考", "中考", "公务员考试", "四六级", "GRE", "司法考试", "自学考试"]
FUNDS = ["华夏", "易方达", "南方", "嘉实", "博时", "广发", "诺安", "大成", "汇添富", "富国"]
GAMES = ["网络游戏", "手游", "电子竞技", "主机游戏", "魔兽世界", "英雄联盟", "王者荣耀"]
SPACE = ["火星探测器", "空间站", "月球车", "天文望远镜", "卫星", "量子计算机", "新型电池", "基因编辑"]
STARS = ["李某", "王某某", "张某某", "陈某", "刘某", "周某", "某天后", "某影帝", "某名模", "某歌手"]
WORLD = ["美国", "英国", "日本", "俄罗斯", "法国", "德国", "印度", "巴西", "韩国", "澳大利亚", "联合国", "欧盟"]


def _fill(rng, ctx):
    ctx["exam"] = pick(rng, EXAMS)
    ctx["fundco"] = pick(rng, FUNDS)
    ctx["game"] = pick(rng, GAMES)
    ctx["space"] = pick(rng, SPACE)
    ctx["star"] = pick(rng, STARS)
    ctx["world"] = pick(rng, WORLD)
    ctx["world2"] = pick(rng, WORLD)
    ctx["school"] = pick(rng, ["北大", "清华", "复旦", "中山大学", "浙大", "一所中学", "某重点小学", "某职业学院"])
    ctx["estate"] = ctx["brand"] + pick(rng, ["花园", "华府", "广场", "新城", "豪庭"])


HEADLINES = Scenario(
    "headlines", "none",
    titles=["{exam}备考经验谈：回归原文做整句分析", "{y}年{exam}报名时间公布", "{exam}成绩今日放榜", "{school}公布自主招生名单", "{exam}阅读高分技巧",
            "{fundco}基金{m}月{d}日起暂停申购", "{fundco}基金经理变更公告", "{fundco}旗下基金分红", "{fundco}基金认购旗下新基金{money}",
            "{game}新版本上线", "{game}职业联赛开幕", "{game}玩家数量突破{n}万", "国产{game}出海成绩亮眼",
            "{estate}开盘 均价每平方米{batches}元", "{scity}土地拍卖溢价{n_small}成", "房地产市场最坏的情况过去了？", "{scity}二手房成交量回升",
            "{space}取得新进展", "科学家发现新的系外行星", "{world}发射新一代{space}", "研究称每天喝咖啡或有益健康",
            "{world}总统访问{world2}", "{world}举行大选", "{world}与{world2}举行会谈", "{world}宣布新一轮制裁措施", "{world}司法部介入调查窃听丑闻",
            "{star}为拍戏增肥{n_small}公斤", "{star}香港婚宴直播", "{star}被求婚后首度现身", "{star}新剧开拍 全程记录拍摄花絮",
            "{star}否认恋情传闻", "{star}获封影后", "村长涉嫌倒卖土地潜逃多年被抓", "男子盗取公款后隐匿乡下", "教辅书东拼西凑 广告夸大",
            "{scity}学生被要求购买指定作业本", "网站传播不良内容被查处", "连锁店销售额环比增长{n_small}%", "{corp}终止收购计划以保留现金",
            "期货期权对冲汇率风险", "拍卖会上一幅古画拍出{money}", "{scity}一男子彩票中奖{money}", "{county}发现明代古墓", "{scity}举办国际马拉松"],
    leads=["{m}月{d}日，{world}与{world2}领导人举行会谈，双方就共同关心的问题交换了意见。", "{fundco}基金管理有限公司发布公告，旗下基金将暂停大额申购业务。",
           "{y}年{exam}报名工作将于{m}月启动，考生可登录官网报名。", "{estate}项目{m}月{d}日开盘，吸引不少购房者到场。"],
    details=["业内人士认为这一趋势将持续。", "相关负责人表示将认真听取各方意见。"], ends=[],
    fill=lambda r, c: (_fill(r, c), c.update(corp=c["brand"] + pick(r, ["集团", "控股", "国际"]))), weight=6.0)

SCENARIOS = [HEADLINES]
