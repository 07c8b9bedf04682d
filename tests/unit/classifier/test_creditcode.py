"""GB 32100-2015 unified social credit codes: check character, validation and extraction from text."""

from __future__ import annotations

import pytest
import yaml

from classifier.creditcode import ALPHABET, check_character, find_codes, is_valid
from classifier.entities import DEFAULT_REGISTRY

# Codes built for this test: body chosen, check character computed by hand from the standard's weights.
#   91441500TLR8R8659 -> weighted sum mod 31 = 11 -> 31 - 11 = 20 -> ALPHABET[20] = "K"



def test_check_character_follows_the_standard_worked_example():
    # 9135010 0M000100Y4 is the example often quoted for the standard; its check character is 3.
    assert check_character("91350100M000100Y4") == "3"
    assert check_character("91441500TLR8R8659") == "K"


@pytest.mark.parametrize("code", ["91441500TLR8R8659K", "91350100M000100Y43", "91110000600037341L"])
def test_valid_codes_pass(code):
    assert is_valid(code)
    assert is_valid(code.lower())  # users type lower case


@pytest.mark.parametrize("code", [
    "91441500TLR8R8659J",   # wrong check character
    "91441500TLR8R8658K",   # one body character changed
    "91441500TLR8R859K",    # too short
    "91441500TLR8R8659KK",  # too long
    "91441500TLR8I8659K",   # I is not in the alphabet
    "9144150OTLR8R8659K",   # letter O in the division code
    "",
])
def test_corrupted_codes_fail(code):
    assert not is_valid(code)


def test_every_single_character_corruption_is_caught():
    code = "91441500TLR8R8659K"
    for i in range(18):
        for ch in ALPHABET:
            if ch != code[i]:
                corrupted = code[:i] + ch + code[i + 1:]
                if corrupted[2:8].isdigit():
                    assert not is_valid(corrupted), corrupted


def test_labelled_invalid_code_is_reported_as_invalid_never_dropped():
    text = "该公司统一社会信用代码：91441500TLR8R8659J，法定代表人张某。"
    assert find_codes(text) == [{"code": "91441500TLR8R8659J", "valid": False}]


def test_bare_valid_code_is_found_but_bare_id_numbers_are_not():
    text = "涉事企业（91350100M000100Y43）已被立案；当事人身份证号441521199001011234。"
    assert find_codes(text) == [{"code": "91350100M000100Y43", "valid": True}]


def test_registry_codes_are_all_valid():
    data = yaml.safe_load(DEFAULT_REGISTRY.read_text(encoding="utf-8"))
    codes = [e["credit_code"] for e in data["enterprises"]]
    assert codes and all(is_valid(c) for c in codes)
