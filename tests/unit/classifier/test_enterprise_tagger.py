"""The CRF fallback for enterprise names: a kind of business the rules lack is found where they find nothing, and a
span the CRF proposes is kept only with the rules' shape of a name (no public body, fragment or non-business)."""

from __future__ import annotations

import hashlib
import json

import pytest

from classifier import enterprise_tagger
from classifier.engine import load_classifier
from classifier.enterprise_tagger import find_enterprises
from classifier.entities import extract_enterprises


def test_a_name_of_a_kind_no_training_sentence_has_is_found_where_the_rules_find_none():
    text = "梅陇镇乐享桌游吧被查出多项安全隐患，执法人员责令其停业整改。"  # 桌游吧 is in no labelled set
    assert extract_enterprises(text) == []
    assert find_enterprises(text) == ["梅陇镇乐享桌游吧"]


def test_the_rules_answer_is_kept_when_they_find_a_name():
    text = "海丰县城东镇福源餐厅聚餐后，9人被紧急送往海丰县人民医院救治。"
    assert find_enterprises(text) == extract_enterprises(text) == ["海丰县城东镇福源餐厅"]


@pytest.mark.parametrize("text", [
    "梅陇镇林业管理站工作人员到场处置，伤者被送往海丰县人民医院救治。",  # a public body, a treating hospital
    "五金厂工人被送往县人民医院，厂方负责人已到场。",  # fragments without a place
    "陆河县螺溪镇综合文化站联合镇机关干部开展防溺水宣传，现场发放资料200余份。",
    "记者在汕尾市城区香洲街道道路改造工地看到，网格员正逐户登记。",
])
def test_public_bodies_fragments_and_generic_places_are_not_names(text):
    assert find_enterprises(text) == []


@pytest.mark.parametrize("span", ["海丰县市场监督管理局", "陆丰市文物保护中心", "汕尾市城区游客服务中心", "陆丰市甲子镇河堤施工现场",
                                  "海丰县可塘镇机关干部", "陆河县人民医院", "五金厂", "陆丰市91441521357924687X厂"])
def test_the_shape_check_refuses_what_names_no_business(span):
    text = span + "有关负责人介绍了情况。"
    assert not enterprise_tagger.name_shape(text, 0, len(span))


@pytest.mark.parametrize("span", ["陆丰市悦康植发中心", "陆河县河田镇星空露营地", "陆丰市东海街道海鸿再生资源回收点"])
def test_the_shape_check_keeps_names_of_a_kind_of_business(span):
    text = span + "被责令停业整改。"
    assert enterprise_tagger.name_shape(text, 0, len(span))


def test_the_shipped_model_matches_its_sidecar():
    sidecar = json.loads(enterprise_tagger.MODEL.with_suffix(".json").read_text(encoding="utf-8"))
    assert hashlib.sha256(enterprise_tagger.MODEL.read_bytes()).hexdigest() == sidecar["model_sha256"]
    assert sidecar["negatives"]["seed"] and len(sidecar["training_files"]) >= 19


def test_a_flagged_article_names_the_enterprise_the_rules_miss():
    verdict = load_classifier().classify(
        "梅陇镇一桌游吧多名顾客食物中毒", "梅陇镇乐享桌游吧售卖的自制饮料导致多名顾客食物中毒，市场监管部门已对该店出售的饮料进行抽检，责令停业整改。")
    assert verdict.label != "none"
    assert "梅陇镇乐享桌游吧" in verdict.enterprises
