"""Incidents outside mainland China that still belong to a domain (a foreign market fire is still 安全生产)."""

from __future__ import annotations

from classifier.data.seedgen.compose import Scenario
from classifier.data.seedgen.hardneg2 import COUNTRIES, FOREIGN_CITIES
from classifier.data.seedgen.slots import pick

REGIONS = ["台湾", "香港", "澳门"] + COUNTRIES


def _fill(rng, ctx):
    ctx["region"] = pick(rng, REGIONS)
    ctx["fcity"] = pick(rng, FOREIGN_CITIES + ["台北", "高雄", "彰化县", "九龙", "新界"])
    ctx["fvenue"] = pick(rng, ["市场", "面包店", "夜总会", "酒吧", "服装厂", "化工厂", "购物中心", "仓库", "医院", "旅馆", "烟花厂",
                               "炼油厂", "纺织厂", "超市", "餐厅", "工厂宿舍", "煤矿", "造船厂"])
    ctx["ffood"] = pick(rng, ["学校午餐", "婚宴", "街头小吃", "牛肉", "牛奶", "冷冻食品", "沙拉", "鸡蛋", "花生酱", "婴儿奶粉"])
    ctx["fdrug"] = pick(rng, ["止咳糖浆", "抗疟药", "疫苗", "抗生素", "减肥药", "眼药水"])


SAFETY_ABROAD = Scenario(
    "safetyabroad", "safety",
    titles=["{region}{fcity}一{fvenue}发生火灾 {dead}人死亡", "{region}一{fvenue}爆炸 {dead}死{hurt}伤", "{region}{fcity}{fvenue}大火致{dead}人丧生",
            "{region}一煤矿发生瓦斯爆炸 {dead}名矿工遇难", "{region}一工厂大楼倒塌 数百人被困", "{region}{fcity}一{fvenue}起火 火势蔓延至商业区"],
    leads=["据{region}媒体报道，{fcity}一家{fvenue}{m}月{d}日清晨发生火灾，造成{dead}人死亡。",
           "当地时间{m}月{d}日，{region}{fcity}一家{fvenue}发生爆炸，事故造成{dead}人死亡、{hurt}人受伤。",
           "{outlet}{m}月{d}日电 {region}{fcity}中心的一个{fvenue}{m}日突然起火，火势随即蔓延。"],
    details=["消防部门出动数十辆消防车灭火。", "初步调查显示，起火原因可能是电线短路。", "当局已逮捕该{fvenue}的负责人。",
             "当地政府宣布对所有同类场所进行安全检查。"], ends=["事故原因仍在调查中。"], fill=_fill, weight=1.5)

FOOD_ABROAD = Scenario(
    "foodabroad", "food",
    titles=["{region}{fcity}{n}名学生吃{ffood}后中毒", "{region}爆发食品安全丑闻 {ffood}被检出有害物质", "{region}一快餐巨头紧急召回受污染{ffood}",
            "{region}婚宴食物中毒 {dead}人死亡", "{region}查出{ffood}掺假 涉事企业被调查"],
    leads=["据外媒报道，{region}{fcity}一所学校{m}月{d}日提供的{ffood}导致{n}名学生出现食物中毒症状。",
           "{region}卫生部门{m}月{d}日宣布，在市场上销售的{ffood}中检出致病菌，涉事企业已被责令停产。"],
    details=["其中{dead}名儿童经抢救无效死亡。", "当局已逮捕涉事供应商。", "受污染产品已流入多个州。"], ends=[], fill=_fill, weight=1.0)

MEDICAL_ABROAD = Scenario(
    "medicalabroad", "medical",
    titles=["{region}劣质{fdrug}致{dead}名儿童死亡", "{region}警方捣毁假药生产网络", "{region}一医院违规操作致多名患者感染", "{region}一无牌诊所被查封"],
    leads=["{region}卫生部门证实，当地生产的一批{fdrug}含有有毒物质，已导致{dead}名儿童死亡。",
           "据外电报道，{region}警方近日捣毁一个制售假{fdrug}的犯罪网络，查获假药数万盒。"],
    details=["涉事药企已被吊销生产许可。", "世界卫生组织发布了产品警报。"], ends=[], fill=_fill, weight=0.8)

SCENARIOS = [SAFETY_ABROAD, FOOD_ABROAD, MEDICAL_ABROAD]
