"""The command line as a user runs it: classify JSONL round trip, evaluate, train/list/promote/rollback."""

from __future__ import annotations

import io
import json
import sys

from trustwatch.cli import main

ARTICLES = [
    {"id": "n1", "title": "陆丰市东海街道康宁大药房销售假药被查",
     "text": "陆丰市市场监督管理局查获康宁大药房销售假药，统一社会信用代码：91441500TLR8R8659J，货值5.6万元。"},
    {"id": "n2", "title": "海丰县梅陇镇一电子厂发生爆炸 3人死亡", "text": "事故造成3人死亡、5人受伤，企业负责人已被控制。"},
    {"id": "n3", "title": "北京队2-1战胜上海队", "text": "", "extra": "kept"},
]


def _env(monkeypatch, settings):
    monkeypatch.setenv("TRUSTWATCH_HOME", str(settings.home))
    monkeypatch.setenv("TRUSTWATCH_DB_URL", settings.database_url)
    monkeypatch.setenv("TRUSTWATCH_ENV", "test")


def test_classify_round_trip_files(tmp_path, monkeypatch, settings):
    _env(monkeypatch, settings)
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    assert main(["classify", "--input", str(src), "--output", str(dst)]) == 0
    out = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [o["id"] for o in out] == ["n1", "n2", "n3"] and out[2]["extra"] == "kept"
    for o in out:
        assert set(o) >= {"label", "scores", "terms", "enterprises", "credit_codes", "district", "severity"}
        assert abs(sum(o["scores"].values()) - 1) < 0.01
    assert out[0]["label"] == "medical" and "假药" in out[0]["terms"]
    assert out[0]["enterprises"] == ["陆丰市东海街道康宁大药房"] and out[0]["district"] == "陆丰市"
    assert out[0]["credit_codes"] == [{"code": "91441500TLR8R8659J", "valid": False}]
    assert out[1]["label"] == "safety" and out[1]["severity"] == "critical" and out[1]["district"] == "海丰县"
    assert out[2]["label"] == "none"


def test_classify_stdin_stdout_and_bad_line(monkeypatch, settings, capsys):
    _env(monkeypatch, settings)
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(ARTICLES[1], ensure_ascii=False) + "\n"))
    assert main(["classify", "--input", "-", "--output", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["label"] == "safety"
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"id": 1}\nnot json\n'))
    assert main(["classify", "--input", "-", "--output", "-"]) == 1
    assert "stdin:2: not a JSON object" in capsys.readouterr().err


def test_evaluate_prints_report_and_json(tmp_path, monkeypatch, settings, capsys):
    _env(monkeypatch, settings)
    data = tmp_path / "labelled.jsonl"
    labels = ["medical", "safety", "food"]  # the third is wrong on purpose
    data.write_text("".join(json.dumps(dict(a, label=l), ensure_ascii=False) + "\n" for a, l in zip(ARTICLES, labels)),
                    encoding="utf-8")
    assert main(["classifier", "evaluate", "--data", str(data)]) == 0
    text = capsys.readouterr().out
    assert "macro-F1" in text and "confusion" in text and "n3: truth=food predicted=none" in text
    assert main(["classifier", "evaluate", "--data", str(data), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["per_label"]["medical"]["recall"] == 1.0 and report["errors"] == [
        {"id": "n3", "truth": "food", "pred": "none"}]
    assert report["confusion"]["food"]["none"] == 1 and report["model_version"] == "default"


def test_train_list_promote_rollback(monkeypatch, settings, small_labelled, capsys):
    _env(monkeypatch, settings)
    args = ["classifier", "train", "--no-seed", "--extra", str(small_labelled), "--no-reviews"]
    assert main(args + ["--version", "t1"]) == 0
    assert main(args + ["--version", "t2", "--activate"]) == 0
    capsys.readouterr()
    assert main(["classifier", "list"]) == 0
    listing = capsys.readouterr().out
    assert "* t2" in listing and "  t1" in listing
    meta = json.loads((settings.home / "models" / "t1" / "metadata.json").read_text(encoding="utf-8"))
    assert meta["data"]["extra"][0]["sha256"] and meta["scores"]["heldout"]["macro_f1"] >= 0
    assert main(["classifier", "promote", "t1"]) == 0
    assert main(["classifier", "rollback"]) == 0
    assert "模型 t2 重新启用" in capsys.readouterr().out
    assert main(["classifier", "promote", "nope"]) == 1
    assert "no model version 'nope'" in capsys.readouterr().err


def test_evaluate_folds_compares_the_active_model_with_the_shipped_one_fold_by_fold(tmp_path):
    from classifier import artifact as artifacts
    from trustwatch.classifier_cli import format_fold_comparison

    shipped = artifacts.read_metadata(artifacts.DEFAULT_MODEL_DIR)
    retrained = json.loads(json.dumps(shipped))
    retrained["version"] = "nightly"
    first = sorted(retrained["scores"]["folds"])[0]
    retrained["scores"]["folds"][first]["macro_f1"] = 0.5
    text = format_fold_comparison(shipped, retrained)
    row = next(line for line in text.splitlines() if line.startswith(first))
    assert row.split()[-1] == "0.500" and row.split()[-2] == f"{shipped['scores']['folds'][first]['macro_f1']:.3f}"
    assert "医疗 召回率" in text and "不能直接比较" not in text
    retrained["scores"]["heldout_method"] = "5-fold cross-validation by template group"
    assert "不能直接比较" in format_fold_comparison(shipped, retrained)
