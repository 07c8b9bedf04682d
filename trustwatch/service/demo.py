"""`trustwatch run-demo`: the demo news site, demo accounts, a local mail folder, the scheduler and the web app."""

from __future__ import annotations

import logging
import re
import secrets
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit

from sqlalchemy import select

from store.db import Database
from store.models import Department, User
from trustwatch.service.jsonlog import configure_logging

log = logging.getLogger("trustwatch.demo")
# Regulators the demo's own incidents reach without anybody reviewing first: the shipped routing sends
# every severe safety event to the city's emergency bureau and to its district's, and the high-severity
# policy dispatches them before review (the 南塘 factory death reaches both; most food and medical
# incidents are of medium severity and reach a bureau after review).
DEMO_REGULATORS = {"city": "sw-emergency", "county": "lufeng-emergency"}
DEMO_ACCOUNTS = (  # username, role, department, display name
    ("demo-reviewer", "reviewer", None, "演示审核员（宣传部门）"),
    ("demo-regulator", "regulator", DEMO_REGULATORS["city"], "演示监管员（汕尾市应急管理局）"),
    ("demo-county", "regulator", DEMO_REGULATORS["county"], "演示监管员（陆丰市应急管理局）"),
    ("demo-analyst", "analyst", None, "演示分析员"),
)
# Only e-mail has a receiver in the demo (the local mail folder); the robot and SMS contacts are placeholders
# without secrets, so those channels are off instead of retrying against 127.0.0.1:9.
DEMO_CHANNELS = ["email"]


def ensure_demo_accounts(db: Database, settings) -> list[tuple[str, str, str, str]]:
    """Create the demo accounts (or give them fresh passwords); returns (username, role name, who, password)."""
    from alerts.departments import sync_departments
    from trustwatch.auth import ROLE_NAMES, add_user, hash_password
    from trustwatch.configs import alerting_config

    created = []
    with db.session() as s:
        sync_departments(s, alerting_config(settings).departments, actor="run-demo")
    for username, role, department, display in DEMO_ACCOUNTS:
        password = secrets.token_urlsafe(9)
        with db.session() as s:
            user = s.scalar(select(User).where(User.username == username))
            if user is None:
                add_user(s, username, password, role, display_name=display, department_code=department,
                         actor="run-demo")
            else:  # a second `make run`: the old password was only printed, so issue a new one
                user.password_hash, user.disabled = hash_password(password), False
                user.failed_logins, user.locked_until = 0, None
                user.display_name = display
                user.department_id = s.scalar(select(Department.id).where(Department.code == department)) \
                    if department else None
        created.append((username, ROLE_NAMES.get(role, role), display, password))
    return created


class DemoSiteProcess:
    """The demo news site (`trustwatch demo-site`) in a process of its own: the demo is a tool beside
    the product, so the production package does not import it."""

    START_LINE = re.compile(r"演示站点已启动：(http://127\.0\.0\.1:\d+)/")

    def __init__(self, port: int, publish_every: float, now: str):
        self.command = [sys.executable, "-m", "trustwatch.cli", "demo-site", "--port", str(port),
                        "--publish-every", f"{publish_every:g}", "--now", now]
        self.proc: subprocess.Popen | None = None
        self.base_url = ""

    def start(self, timeout: float = 60.0) -> "DemoSiteProcess":
        """Start the site and wait for the address it prints; raises RuntimeError if it does not come up."""
        self.proc = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, text=True, encoding="utf-8")
        found = threading.Event()

        def read() -> None:  # keeps draining the pipe after the start line, so the site never blocks
            for line in self.proc.stdout:
                match = self.START_LINE.search(line)
                if match and not found.is_set():
                    self.base_url = match.group(1)
                    found.set()
                log.debug("demo site: %s", line.rstrip()[:300])

        threading.Thread(target=read, name="demo-site-output", daemon=True).start()
        deadline = time.monotonic() + timeout
        while not found.wait(0.2):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"演示新闻站未能启动（{' '.join(self.command[2:])}）")
        return self

    def stop(self) -> None:
        """Stop the site (SIGTERM, then kill after 10 s)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


def _banner(web: str, site_url: str, mail_dir, accounts) -> str:
    lines = ["", "=" * 64, "诚信哨兵 Trustwatch 演示已启动", "=" * 64,
             f"网页入口：      {web}/", f"审核队列：      {web}/queue", f"监管收件箱：    {web}/inbox",
             f"新闻检索：      {web}/search", f"态势看板：      {web}/dashboard", f"接口说明：      {web}/api/openapi.json",
             f"运行指标：      {web}/metrics", f"健康检查：      {web}/healthz",
             f"演示新闻站：    {site_url}/", f"通知邮件目录：  {mail_dir}",
             "通知渠道：      仅邮件（企业微信、钉钉、飞书、Webhook、短信未配置密钥，演示中关闭）",
             "", "演示账号（密码仅本次显示）："]
    lines += [f"  {name:<16} {role:<10} {display:<22} 密码：{password}" for name, role, display, password in accounts]
    lines += ["", "演示站会不时发布新文章，审核队列会随之更新。按 Ctrl-C 停止。", "=" * 64, ""]
    return "\n".join(lines)


def run_demo(settings, args) -> int:
    """Run the whole demo until Ctrl-C or SIGTERM; everything stays on 127.0.0.1."""
    from trustwatch.service.commands import run_serve
    from trustwatch.service.mailsink import start_mail_folder
    from trustwatch.service.runtime import ServiceOptions, StopSignals

    configure_logging(args.log_format, getattr(args, "verbose", False))
    signals = StopSignals().install()
    db = Database.migrated(settings.database_url)
    mail_dir = settings.home / "demo-mail"
    try:
        smtp = start_mail_folder(mail_dir)
    except ImportError:  # aiosmtpd comes with the dev extra (`make run` installs it)
        smtp, mail_dir = None, "（未安装 aiosmtpd：通知以 dry-run 方式只写入日志）"
    # The site writes its news portal's relative dates (3小时前) against the clock the crawls read them
    # with: it publishes live, so the real one (the corpus's fixed instant would date its newest
    # reports today, and split an incident into two events).
    # A naive crawl_now is Beijing time, as the crawler reads it (demo-site takes it so).
    now = settings.crawl_now.isoformat() if settings.crawl_now is not None else "live"
    try:
        site = DemoSiteProcess(args.demo_port, args.publish_every, now).start()
    except RuntimeError as exc:
        if smtp is not None:
            smtp.stop()
        print(f"trustwatch run-demo：{exc}", file=sys.stderr)
        return 1
    try:
        port = args.port or urlsplit(settings.base_url).port or 8000  # TRUSTWATCH_BASE_URL's port, as for serve
        web = f"http://{args.host}:{port}"
        mail = ({"smtp_host": smtp.hostname, "smtp_port": smtp.port, "smtp_starttls": False, "smtp_ssl": False,
                 "smtp_username": None, "alert_dry_run": False} if smtp else {"alert_dry_run": True})
        mail["alert_channels"] = DEMO_CHANNELS
        settings = settings.model_copy(update={"demo_base_url": site.base_url.rstrip("/"), "base_url": web, **mail})
        accounts = ensure_demo_accounts(db, settings)
        db.dispose()
        options = ServiceOptions(crawl_interval=args.crawl_interval)
        banner = _banner(web, site.base_url.rstrip("/"), mail_dir, accounts)
        return run_serve(settings, options, args.host, port, signals=signals,
                         on_started=lambda _url: print(banner, flush=True))
    finally:
        site.stop()
        if smtp is not None:
            smtp.stop()
