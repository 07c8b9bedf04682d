"""Enterprise names a regulator can act on: no fragments, codes or treating hospitals; aliases merged."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from classifier.entities import enterprise_codes, extract_enterprises, load_registry, merge_aliases, tidy_names
from classifier.enterprise_names import brand, plausible

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
from enterprise_extraction import load_cases, score  # noqa: E402


@pytest.mark.parametrize("fragment", ["半夜赶紧送去医院", "送往医院", "已送县人民医院", "厂原料仓库", "县人民医院",
                                      "南塘一五金厂", "五金厂", "91441521357924687X）仓库", "已流入市场",
                                      "海丰县卫生健康局依法吊销海丰县仁康诊所"])
def test_fragments_are_not_names(fragment):
    assert not plausible(fragment)


def test_hospital_where_victims_were_taken_is_not_the_enterprise():
    text = "海丰县城东镇福源餐厅聚餐后，9人被紧急送往海丰县人民医院救治，另有2人到城区人民医院就诊。"
    assert extract_enterprises(text) == ["海丰县城东镇福源餐厅"]


def test_hospital_at_fault_is_kept():
    assert extract_enterprises("患者在陆丰市仁爱医院接受手术后死亡，家属质疑存在医疗事故。") == ["陆丰市仁爱医院"]


def test_aliases_in_one_text_merge_into_the_complete_name():
    text = "陆丰市南塘镇金瑞五金制品厂发生事故。记者赶到金瑞五金厂时，南塘一五金厂的工人说金瑞五金厂已停工。"
    assert extract_enterprises(text) == ["陆丰市南塘镇金瑞五金制品厂"]


def test_merge_prefers_the_registered_name_and_keeps_different_brands():
    names = ["品清湖酒楼", "汕尾市品清湖海鲜酒楼有限公司", "海丰县鸿发食品厂", "鸿发食品厂", "鸿发超市"]
    assert merge_aliases(names) == ["汕尾市品清湖海鲜酒楼有限公司", "海丰县鸿发食品厂", "鸿发超市"]


def test_credit_code_is_attached_not_named():
    text = "经核查，汕尾市城区顺达燃气供应站（统一社会信用代码：91441502PGL2PA2HH5）违规充装。"
    names = extract_enterprises(text)
    assert names == ["汕尾市城区顺达燃气供应站"]
    assert enterprise_codes(text, names) == {"汕尾市城区顺达燃气供应站": "91441502PGL2PA2HH5"}


def test_tidy_names_cleans_names_stored_by_older_rules():
    stored = ["陆丰市恒达五金制品厂", "恒达五金厂", "五金厂", "南塘一五金厂", "送往医院", "91441581223344556X",
              {"name": "半夜赶紧送去医院"}, "厂原料仓库"]
    assert tidy_names(stored) == ["陆丰市恒达五金制品厂"]


def test_brand_strips_places_and_trade_words():
    assert brand("陆丰市南塘镇恒达五金制品厂") == "恒达"
    assert brand("陆丰市湖东镇海丰源冷冻厂") == "海丰源"
    assert brand("学校周边商店") == ""


def test_labelled_sentences_meet_the_floors():
    result = score(extract_enterprises, load_cases())
    assert result["precision"] >= 0.95 and result["recall"] >= 0.90, result["failures"]


def test_a_credit_code_after_an_alias_is_attached_to_the_canonical_name():
    text = ("陆丰市恒达五金制品厂发生机械伤害事故。恒达五金厂（统一社会信用代码：92441581MA4WQ2J8PE）已停产。"
            "另一家企业的信用代码92441581MA4WQ2J8PF有误。")
    assert enterprise_codes(text, ["陆丰市恒达五金制品厂"]) == {"陆丰市恒达五金制品厂": "92441581MA4WQ2J8PE"}
    assert enterprise_codes("恒达五金厂（信用代码：92441581MA4WQ2J8PF）", ["陆丰市恒达五金制品厂"]) == {}  # fails the check


def test_public_hospital_is_a_party_only_when_its_sentence_says_what_it_did():
    assert extract_enterprises("海丰县人民医院专家提醒市民不要采食野生蘑菇。") == []
    assert extract_enterprises("患者在陆河县人民医院住院期间摔倒骨折，家属认为院方护理不到位。") == ["陆河县人民医院"]


def test_a_kind_of_business_after_a_quantifier_is_no_name():
    assert extract_enterprises("海丰县可塘镇珠宝城内一家首饰加工作坊发生粉尘爆炸。") == []
    assert extract_enterprises("汕尾市城区马宫街道金海湾冻品行销售来源不明的带鱼，冻品行业协会已介入。") == [
        "汕尾市城区马宫街道金海湾冻品行"]


def test_group_in_brackets_is_part_of_the_legal_form():
    assert extract_enterprises("汕尾市金源（集团）有限公司下属冷库氨气泄漏。") == ["汕尾市金源（集团）有限公司"]


@pytest.mark.parametrize("text, names", [
    ("海丰县城东镇宏发冷库储存的冻鸡爪无检疫证明。", ["海丰县城东镇宏发冷库"]),
    ("陆丰市甲子镇联发造船厂一名焊工坠落身亡。", ["陆丰市甲子镇联发造船厂"]),
    ("汕尾市城区凤山街道永盛家具行销售的儿童床甲醛超标。", ["汕尾市城区凤山街道永盛家具行"]),
    # a workplace head inside the brand (生态园) with the kind right after it: one name, not two
    ("陆河县新田镇绿源生态园农家菜馆的客人食物中毒。", ["陆河县新田镇绿源生态园农家菜馆"]),
    ("海丰县可塘镇金顺搅拌站粉尘超标被罚。", ["海丰县可塘镇金顺搅拌站"]),
    # composed: a goods word and a workplace head the dictionary never joins (口腔 of 口腔医院 + 门诊, 液化气 + 站)
    ("陆丰市南塘镇康美口腔门诊违规开展种植牙。", ["陆丰市南塘镇康美口腔门诊"]),
    ("海丰县鹅埠镇顺安液化气站储罐泄漏。", ["海丰县鹅埠镇顺安液化气站"]),
    ("汕尾市城区捷胜镇金海冷冻库断电致冻品变质。", ["汕尾市城区捷胜镇金海冷冻库"]),
    ("陆河县水唇镇永发采砂场非法采砂。", ["陆河县水唇镇永发采砂场"]),  # made like 采石场
    ("陆丰市碣石镇龙潭农庄的野菜宴致人中毒。", ["陆丰市碣石镇龙潭农庄"]),
    ("海丰县陶河镇鑫源废品回收站起火。", ["海丰县陶河镇鑫源废品回收站"]),
    ("陆丰市碣石镇海湾鲍鱼场的鲍鱼检出孔雀石绿。", ["陆丰市碣石镇海湾鲍鱼场"]),  # a noun of one character: 鱼|场
    ("海丰县城东镇欢乐谷电玩城发生踩踏。", ["海丰县城东镇欢乐谷电玩城"]),  # 城 after goods: a place of play or trade
    ("陆丰市东海街道康健体检中心出具虚假体检报告。", ["陆丰市东海街道康健体检中心"]),
    ("汕尾市城区凤山街道爱家家政服务中心一名保姆烫伤老人。", ["汕尾市城区凤山街道爱家家政服务中心"]),
    # 部 after a service; a rare noun holding a denied word (卡丁车|场, not 车场); goods the dictionary lacks
    # before a stall (牛杂|档); a common word as the brand after a town (南海); farms and kilns
    ("陆丰市东海街道美佳电器维修部私拉电线引发火灾。", ["陆丰市东海街道美佳电器维修部"]),
    ("陆河县新田镇飞扬卡丁车场一名游客受伤。", ["陆河县新田镇飞扬卡丁车场"]),
    ("陆丰市博美镇强记牛杂档使用过期调料。", ["陆丰市博美镇强记牛杂档"]),
    ("海丰县鲘门镇南海冰室出售的冰粉不合格。", ["海丰县鲘门镇南海冰室"]),
    ("海丰县赤坑镇绿源蔬菜种植基地的菜心农药残留超标。", ["海丰县赤坑镇绿源蔬菜种植基地"]),
    ("海丰县梅陇镇宏发砖窑发生坍塌。", ["海丰县梅陇镇宏发砖窑"]),
    # a trade the dictionary lacks before 中心 (纹眉); a point of trade; a club; a hall of medicine; a camp
    ("汕尾市城区凤山街道丽颜纹眉中心致顾客眉部感染。", ["汕尾市城区凤山街道丽颜纹眉中心"]),
    ("海丰县城东镇宏利废品收购点焚烧电线。", ["海丰县城东镇宏利废品收购点"]),
    ("陆丰市碣石镇海鹰潜水俱乐部一名学员溺亡。", ["陆丰市碣石镇海鹰潜水俱乐部"]),
    ("海丰县梅陇镇同济大药堂销售假药。", ["海丰县梅陇镇同济大药堂"]),
    ("陆河县水唇镇山野露营地发生山洪。", ["陆河县水唇镇山野露营地"]),
    # 长期 after a kind is no 厂长; 家人 inside a brand; 矿 inside 矿泉水
    ("陆丰市东海街道顺心饭店长期违规排放油烟。", ["陆丰市东海街道顺心饭店"]),
    ("海丰县城东镇万家人超市销售过期牛奶。", ["海丰县城东镇万家人超市"]),
    ("陆河县河田镇山泉矿泉水厂的桶装水不合格。", ["陆河县河田镇山泉矿泉水厂"]),
])
def test_a_placed_name_ending_in_a_mined_or_composed_kind_of_business_is_found(text, names):
    assert extract_enterprises(text) == names


@pytest.mark.parametrize("text", [
    "海丰县气象站发布暴雨预警。", "陆丰市疾控中心提醒市民注意饮食卫生。", "海丰县公平水库水位上涨。",
    "陆丰市看守所一名在押人员死亡。", "海丰县政务服务中心开设专窗。", "陆丰市东海街道食品安全状况有所好转。",
    "汕尾市城区凤山街道综合文化站举办讲座。", "陆丰市潭西镇养猪场污水直排。", "陆丰市东海街道多家建材行被查。",
    "华侨管理区建设现代化海洋牧场，投放人工鱼礁。", "陆丰市市场监管局执法人员进行现场检查。",
    "陆丰市非遗保护中心组织传承人进校园。", "海丰县林业管理站开展巡查。", "海丰县黄羌镇环境监测站发布数据。",
    "陆丰市东海街道永兴停车场发生车辆剐蹭。",
    # a subject and a verb before the kind: the kind is the verb's object (家属质疑|会所)
    "患者家属投诉诊所收费过高。", "海丰县城东镇居民质疑酒店卫生。",
    # a centre with a verb of governance, or serving a public, is a public body; a town's nickname is no shop
    "陆丰市湖东镇野生动物救助站收治一只受伤海龟。", "海丰县鹅埠镇莲花山景区游客服务中心提醒游客注意防暑。",
    "陆河县螺溪镇欧田村居民活动中心举办讲座。", "海丰县红城美食节开幕。", "汕尾市城区老城区改造启动。",
    # a description between 一家 and the kind (一家无证经营的牙科诊所)
    "一家无证经营的牙科诊所被取缔。",
    # a common noun is no brand even after a town (垃圾, 政务); a base for teaching; 部 of a body or a part
    "汕尾市城区新港街道垃圾填埋场渗滤液外溢。", "陆丰市东海街道政务服务中心窗口延时服务。",
    "海丰县城东镇禁毒教育基地向市民开放。", "陆丰市东海街道内部道路积水。", "海丰县梅陇镇武装部组织民兵训练。",
    # public points, centres and clubs; a health station that only bandaged victims
    "陆丰市东海街道核酸采样点排起长队。", "海丰县梅陇镇防汛安置点转移群众。", "陆丰市东海街道便民服务中心开设窗口。",
    "汕尾市城区东涌镇新时代文明实践中心开展活动。", "汕尾市城区老干部俱乐部举办联欢会。",
    "陆河县河田镇社区卫生服务站医生为伤者包扎。",
    # people whose word ends in a head (村干部) after a public body and a verb
    "陆丰市文化馆组织村干部开展宣传。", "海丰县梅陇镇召集团干部学习安全知识。",
])
def test_public_bodies_places_and_generic_mentions_ending_like_a_workplace_are_no_names(text):
    assert extract_enterprises(text) == []


def test_the_mined_kinds_file_is_what_the_installed_jieba_gives():
    root = Path(__file__).resolve().parents[3]
    sys.path.insert(0, str(root / "scripts"))
    import make_business_kinds

    kinds, _ = make_business_kinds.mine()
    assert (root / "classifier" / "data" / "business_kinds.txt").read_text(encoding="utf-8") == \
        make_business_kinds.render(kinds, make_business_kinds._jieba_dict()[1])
    for path, text in make_business_kinds.outputs().items():  # the kinds, the common words, the word classes
        assert path.read_text(encoding="utf-8") == text, f"regenerate {path.name} with scripts/make_business_kinds.py"
    assert {"冷库", "物流园", "建材行", "砖场", "搅拌站"} <= set(kinds) and not {"派出所", "水库", "广场"} & set(kinds)


# Held-out 19's three shapes, with other names: a chain's store, a town's health centre that only received the
# sick, a signboard in brackets after the full name.
def test_a_chain_companys_store_is_one_name():
    text = "海丰县永安大药房连锁有限公司梅陇店销售无批准文号的药品，被没收违法所得。"
    assert extract_enterprises(text) == ["海丰县永安大药房连锁有限公司梅陇店"]


def test_a_registry_alias_inside_a_longer_name_does_not_replace_it(tmp_path):
    path = tmp_path / "enterprises.yaml"
    path.write_text("enterprises:\n  - name: 陆河县河田镇百草大药房\n    aliases: [百草大药房]\n", encoding="utf-8")
    registry = load_registry(path)
    text = "陆河县百草大药房连锁有限公司河田店被查出销售过期药品。"
    assert extract_enterprises(text, registry) == ["陆河县百草大药房连锁有限公司河田店"]
    # the alias alone still names the registered shop
    assert extract_enterprises("百草大药房被查出销售过期药品。", registry) == ["陆河县河田镇百草大药房"]


@pytest.mark.parametrize("fragment", ["连锁有限公司河田店", "有限公司梅陇店", "连锁有限公司"])
def test_a_legal_form_without_its_company_is_no_name(fragment):
    assert extract_enterprises(f"执法人员检查了{fragment}的药品柜台。") == []


@pytest.mark.parametrize("text", [
    "陆河县河田镇中心卫生院接收了6名腹痛的工人，均无生命危险。",
    "海丰县梅陇镇社区卫生服务中心先后接收3名呕吐的村民，目前病情稳定。",
    "6名工人被送至陆河县河口镇卫生院进行救治。",
])
def test_a_town_health_centre_that_received_the_sick_is_no_party(text):
    assert extract_enterprises(text) == []


def test_a_town_health_centre_at_fault_is_kept():
    text = "陆河县河田镇中心卫生院违规使用过期疫苗，被责令整改。"
    assert extract_enterprises(text) == ["陆河县河田镇中心卫生院"]


def test_a_signboard_in_brackets_is_the_full_names_alias():
    text = "陆丰市金海湾餐饮有限公司东海店（金海湾酒楼）承办的寿宴上，12名宾客腹泻。"
    assert extract_enterprises(text) == ["陆丰市金海湾餐饮有限公司东海店"]
    assert merge_aliases(["汕尾市金海湾餐饮有限公司城区香洲店", "金海湾酒楼"]) == ["汕尾市金海湾餐饮有限公司城区香洲店"]
