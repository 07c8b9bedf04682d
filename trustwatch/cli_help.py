"""Every line of `trustwatch --help` in Chinese: argparse's own words and options registered without help."""

from __future__ import annotations

import argparse
import re

_HAN = re.compile(r"[\u4e00-\u9fff]")
# Options registered without a help text, by destination (they mean the same in every command).
BY_DEST = {
    "action": "要执行的操作", "batch_size": "每批处理的条数", "doc_type": "重建哪类索引：article 文章、event 事件、all 全部",
    "label": "领域：food 食品、medical 医疗、safety 安全生产、none 无关", "district": "区县，例如 海丰县",
    "source": "来源名称", "enterprise": "企业名称", "severity": "严重程度：low 一般、medium 较重、high 严重、critical 特别严重",
    "page": "页码（从 1 开始）", "size": "每页条数", "version": "模型版本号", "author": "操作人（记入审计日志）",
    "reason": "原因（记入审计日志）", "all": "包括已结束的", "id": "编号", "limit": "最多显示条数",
    "state": "只看该状态", "username": "登录名", "role": "角色：admin 管理员、reviewer 审核员、regulator 监管部门、analyst 分析员",
    "display_name": "显示名称（页面与记录中显示）", "host": "监听地址（默认 127.0.0.1）", "port": "端口",
}
# English help texts some commands still register, by their words.
BY_TEXT = {
    "show program's version number and exit": "显示版本号并退出",
    "debug logging": "输出调试日志",
    "seconds to wait for start-up": "等待启动的秒数",
    "keep draining until interrupted": "持续写入，直到被中断",
    "bulk requests in flight (drain without --loop)": "同时进行的批量请求数（不带 --loop 时）",
    "seconds between polls when idle (--loop)": "空闲时两次检查的间隔秒数（--loop）",
    "published on or after (YYYY-MM-DD)": "发布日期不早于（YYYY-MM-DD，北京时间）",
    "published on or before (YYYY-MM-DD)": "发布日期不晚于（YYYY-MM-DD，北京时间）",
    "machine-readable output": "输出 JSON（供程序读取）",
    "how long, e.g. 30m, 2h, 1d (default 2h)": "持续时间，例如 30m、2h、1d（默认 2h）",
    "TCP port (0 lets the OS pick one)": "TCP 端口（0 表示由系统分配）",
    "address to bind (default 127.0.0.1)": "监听地址（默认 127.0.0.1）",
    "publish a new incident article from the pool every SECONDS (0 = never)": "每隔多少秒发布一篇新的事件文章（0 表示不发布）",
    "delay of the slow trap page (default 5)": "慢速陷阱页面的延迟秒数（默认 5）",
}


class ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with a Chinese usage line."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


def localize(parser: argparse.ArgumentParser) -> None:
    """Give `parser` and every sub-command parser Chinese headings and help lines (in place)."""
    parser.formatter_class = ChineseHelpFormatter
    parser._positionals.title = "位置参数"
    parser._optionals.title = "选项"
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                localize(sub)
            continue
        if isinstance(action, argparse._HelpAction):
            action.help = "显示本帮助并退出"
        elif action.help is argparse.SUPPRESS:
            continue
        elif action.help and not _HAN.search(action.help):
            action.help = BY_TEXT.get(action.help, action.help)
        elif not action.help:
            action.help = BY_DEST.get(action.dest)
