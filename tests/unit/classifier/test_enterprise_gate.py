"""Quality gate for enterprise names: the issue's floors (precision 0.95, recall 0.90) on every labelled set.

The sets are pinned by hash, so a sentence changed to make the gate pass shows up as a changed hash
in review, not as a quietly easier test (bench/enterprise_extraction.py prints the same figures)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from classifier.entities import extract_enterprises

DATA = Path(__file__).resolve().parents[3] / "bench" / "data"
SETS = {  # file -> first 16 hex digits of its sha256
    "enterprise_sentences.yaml": "7c051fd8711754cf",
    "enterprise_sentences_heldout.yaml": "bbce45a0fff288f4",
    "enterprise_sentences_heldout2.yaml": "32bc003e8acc0927",
    "enterprise_sentences_heldout3.yaml": "5c3bb5193f6eb471",
    "enterprise_sentences_shapes.yaml": "c63370d9f960cd1f",
    # held-out 4-10 were each scored blind once (4: P 0.818 R 0.818, 5: 0.842 / 0.842, 6: 0.947 / 0.947,
    # 7: 0.944 / 0.895, 8: 1.000 / 0.917, 9: 0.958 / 0.958, 10: 0.950 / 0.864); once their failures were fixed they are no longer held out and
    # are gated like the others, so a later rule cannot undo those fixes unseen.
    "enterprise_sentences_heldout4.yaml": "864e32f96eea2967",
    "enterprise_sentences_heldout5.yaml": "30242210f186ed0d",
    "enterprise_sentences_heldout6.yaml": "50ed73d04a1b83fc",
    "enterprise_sentences_heldout7.yaml": "8508b43746fbc9ff",
    "enterprise_sentences_heldout8.yaml": "838c30742700ff89",
    "enterprise_sentences_heldout9.yaml": "d4e6d665388af459",
    "enterprise_sentences_heldout10.yaml": "71cb3132a2d0f0ac",
    # held-out 11 and 12 (blind: 0.952 / 0.870, 1.000 / 0.833), fixed by composed kinds of business (口腔|门诊)
    "enterprise_sentences_heldout11.yaml": "514a59031d4fdd05",
    "enterprise_sentences_heldout12.yaml": "d48a3c657506dd33",
    # held-out 13 and 14 (blind: 0.950 / 0.792, 0.944 / 0.708), after a head of one noun (蚝|场), 城, 中心 with a
    # verb of service, a description after 一家: 1.000 / 0.917 and 1.000 / 1.000
    "enterprise_sentences_heldout13.yaml": "595dee029bc4fa1b",
    "enterprise_sentences_heldout14.yaml": "f1f945456146ad79",
    # held-out 15, blind 1.000 / 0.958 with the rules as they were (卡丁车场 missed), gated as scored
    "enterprise_sentences_heldout15.yaml": "24222b6adb735178",
    # held-out 16 and 17 (blind: 0.870 / 0.800, 1.000 / 0.750), after 医堂, 点 of trade, 营地, 俱乐部, a trade
    # word the dictionary lacks before 中心, 长期 and 矿泉 no ends of a name: 1.000 / 1.000 both
    "enterprise_sentences_heldout16.yaml": "f11f91c240b224e6",
    "enterprise_sentences_heldout17.yaml": "dd0bee51c0227d67",
    # held-out 18, blind 1.000 / 1.000 (rules alone and with the tagger), gated as scored
    "enterprise_sentences_heldout18.yaml": "f3ff9082e8bcfcf5",
    # held-out 19, blind 0.879 / 0.967, fixed: a chain company's store is one name (a registered alias inside it
    # does not replace it, 连锁/有限公司 never start a name), a town health centre receiving the sick is no party,
    # a company store's signboard merges into it: 1.000 / 1.000
    "enterprise_sentences_heldout19.yaml": "2a47627b81b056b5",
}
PRECISION, RECALL = 0.95, 0.90


@pytest.mark.parametrize("name", sorted(SETS))
def test_enterprise_names_meet_the_floors(name):
    raw = (DATA / name).read_bytes()
    assert hashlib.sha256(raw).hexdigest()[:16] == SETS[name], f"{name} changed: re-pin its hash on purpose"
    tp = fp = fn = 0
    for case in yaml.safe_load(raw.decode("utf-8"))["cases"]:
        found, truth = set(extract_enterprises(case["text"])), set(case["enterprises"])
        tp, fp, fn = tp + len(found & truth), fp + len(found - truth), fn + len(truth - found)
    assert tp / max(1, tp + fp) >= PRECISION and tp / max(1, tp + fn) >= RECALL, (name, tp, fp, fn)
