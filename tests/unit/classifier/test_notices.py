"""Official notices read by their structure: the law a decision cites, whether a sampling round failed."""

from __future__ import annotations

from classifier import artifact as artifacts
from classifier import lexicon, notices
from classifier.engine import Classifier

PRICE_DECISION = (
    "某市市场监督管理局行政处罚决定书（某市监罚〔2026〕12号）。当事人：某县城南文具批发部\n"
    "违法事实：经查，当事人在店内销售的笔记本、订书机等40种商品未标示价格。\n"
    "处罚依据：当事人的上述行为违反了《中华人民共和国价格法》第十三条的规定。\n"
    "处罚决定：警告，并处罚款人民币1000元。")
FOOD_DECISION = (
    "某市市场监督管理局行政处罚决定书（某市监罚〔2026〕15号）。当事人：某县鲜达冻品行\n"
    "违法事实：经查，当事人销售超过保质期的速冻水饺120袋，货值金额1800元。\n"
    "处罚依据：当事人的上述行为违反了《中华人民共和国食品安全法》第三十四条第十项的规定。\n"
    "处罚决定：没收违法经营的食品，并处罚款人民币5万元。")
PASSED_ROUND = (
    "某市市场监督管理局食品安全监督抽检信息公告（2026年第3期）。近期组织抽检了粮食加工品、饮料等食品"
    "120批次样品，经检验，本期抽检的120批次样品均符合食品安全国家标准，未发现不合格产品。")
FAILED_ROUND = (
    "某市市场监督管理局食品安全监督抽检信息公告（2026年第4期）。近期组织抽检了蔬菜制品等食品80批次样品，"
    "其中79批次合格，1批次不合格：某县鸿福超市销售的豇豆检出克百威超过限量值。")
NEWS_ABOUT_A_FINE = ("某县一餐馆使用过期食材被罚款五万元。据市场监管部门介绍，该餐馆后厨存放的过期牛肉已被没收，"
                     "依据《中华人民共和国广告法》另案处理其虚假宣传。")


def test_a_decision_under_a_law_outside_the_domains_is_pushed_down_on_every_event_label():
    r = notices.read(PRICE_DECISION)
    assert r.kind == "penalty" and r.laws == ["中华人民共和国价格法"]
    assert all(r.score[label] < 0 for label in ("food", "medical", "safety"))


def test_a_decision_under_the_food_safety_law_supports_food_only():
    r = notices.read(FOOD_DECISION)
    assert r.kind == "penalty"
    assert r.score["food"] > 0 and r.score["medical"] < 0 and r.score["safety"] < 0


def test_a_sampling_round_in_which_everything_passed_is_pushed_down_and_a_failed_one_is_left_alone():
    assert notices.read(PASSED_ROUND).kind == "sampling"
    assert all(v < 0 for v in notices.read(PASSED_ROUND).score.values())
    failed = notices.read(FAILED_ROUND)
    assert failed.kind is None and all(v == 0 for v in failed.score.values())


def test_news_about_a_fine_is_not_read_as_a_decision():
    # No field labels of a decision document: the cited advertising law must not push the food incident down.
    r = notices.read(NEWS_ABOUT_A_FINE)
    assert r.kind is None


def test_the_notice_group_can_be_switched_off_like_the_other_rule_groups():
    on = lexicon.evidence(PRICE_DECISION)
    off = lexicon.evidence(PRICE_DECISION, off=frozenset({"notice"}))
    assert on.score["food"] < off.score["food"]
    assert "-处罚依据非本领域" in on.hits["food"] and "-处罚依据非本领域" not in off.hits["food"]


def test_the_shipped_model_keeps_routine_notices_out_of_the_queue_and_flags_the_food_decision():
    clf = Classifier(artifacts.load(artifacts.DEFAULT_MODEL_DIR), second_stage=False)
    routine, food, passed, failed = clf.classify_many(
        [("", PRICE_DECISION), ("", FOOD_DECISION), ("", PASSED_ROUND), ("", FAILED_ROUND)])
    assert routine.label == "none" and passed.label == "none"
    assert food.label == "food" and failed.label == "food"
