"""Enterprise names, registry aliases and Shanwei districts in sentences with known answers."""

from __future__ import annotations

import pytest

from classifier.districts import find_district
from classifier.entities import extract_enterprises, load_registry


@pytest.mark.parametrize("text, expected", [
    ("执法人员在汕尾市鑫达食品有限公司仓库发现过期原料", ["汕尾市鑫达食品有限公司"]),
    ("据了解，广州白云区宏发塑料厂发生火灾", ["广州白云区宏发塑料厂"]),
    ("陆丰市东海街道康宁大药房销售假药", ["陆丰市东海街道康宁大药房"]),
    ("一家无证诊所被查封", []),
    ("陆丰市市场监督管理局通报", []),
])
def test_suffix_patterns(text, expected):
    assert extract_enterprises(text) == expected


def test_registry_alias_maps_to_canonical_name():
    found = extract_enterprises("记者在品清湖酒楼门口看到，酒楼已贴上封条；福临门饭店也被检查。")
    assert found[:2] == ["汕尾市品清湖海鲜酒楼有限公司", "海丰县海城镇福临门饭店"]


def test_registry_file_with_bad_code_is_refused(tmp_path):
    bad = tmp_path / "enterprises.yaml"
    bad.write_text("enterprises:\n  - name: 测试食品厂\n    credit_code: \"91441500TLR8R8659J\"\n", encoding="utf-8")
    with pytest.raises(ValueError, match="enterprises.yaml.*测试食品厂.*GB 32100"):
        load_registry(bad)


@pytest.mark.parametrize("text, district", [
    ("陆丰市碣石镇一家餐馆发生食物中毒", "陆丰市"),
    ("汕尾市海丰县梅陇镇一电子厂起火", "海丰县"),
    ("汕尾海城镇某酒楼被查", "海丰县"),          # town -> district
    ("汕尾市城区新港街道一药店", "城区"),
    ("红海湾遮浪街道一民宿", "红海湾开发区"),
    ("陆河县河田镇学校食堂", "陆河县"),
    ("汕尾市华侨管理区侨兴超市", "华侨管理区"),
    ("汕尾市区一家超市", "汕尾市"),              # only the city is named
    ("江苏丹阳一中学食物中毒", None),
    ("广州城区一家工厂", None),                  # 城区 alone is not Shanwei's 城区
])
def test_find_district(text, district):
    assert find_district(text) == district
