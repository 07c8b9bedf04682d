"""`trustwatch users add|list|disable|enable|unlock|passwd`, `trustwatch secret generate` and `trustwatch web`."""

from __future__ import annotations

import getpass
import sys

from store.db import Database
from trustwatch.auth import (ROLE_NAMES, ROLES, AccountError, add_user, list_users, set_disabled, set_password,
                             unlock)
from trustwatch.login_throttle import account_blocked


def _database(settings) -> Database:
    # Users may be the first thing set up on a fresh install: bring the schema up to date (idempotent).
    return Database.migrated(settings.database_url)


def _read_password(args) -> str | None:
    """The new password from standard input or typed twice; None when the two do not match."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("密码：")
    if getpass.getpass("再次输入密码：") != password:
        print("两次输入的密码不一致", file=sys.stderr)
        return None
    return password


def _account_change(settings, command: str, change) -> int:
    """Run `change(session) -> message` in one transaction; an AccountError is one line and exit 2."""
    db = _database(settings)
    try:
        with db.session() as s:
            message = change(s)
        print(message)
    except AccountError as exc:
        print(f"trustwatch users {command}: {exc}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    return 0


def _users_add(args, settings) -> int:
    password = _read_password(args)
    if password is None:
        return 2

    def change(s):
        user = add_user(s, args.username, password, args.role, display_name=args.display_name,
                        department_code=args.department, actor="cli")
        return f"已创建用户 {user.username}（{ROLE_NAMES[user.role]}）"
    return _account_change(settings, "add", change)


def _users_list(args, settings) -> int:
    from store.models import utcnow

    now = utcnow()
    db = _database(settings)
    try:
        with db.session() as s:
            users = list_users(s)
            print(f"{'用户名':<16}{'角色':<10}{'部门':<24}状态")
            for u in users:
                state = "已停用" if u.disabled else ("登录受限（失败过多）" if account_blocked(s, u.username, now) else "正常")
                dept = u.department.code if u.department else "-"
                print(f"{u.username:<18}{u.role:<12}{dept:<26}{state}")
    finally:
        db.dispose()
    return 0


def _users_disable(args, settings, disabled: bool = True) -> int:
    def change(s):
        set_disabled(s, args.username, disabled, actor="cli")
        return f"用户 {args.username} {'已停用' if disabled else '已启用'}"
    return _account_change(settings, "disable" if disabled else "enable", change)


def _users_unlock(args, settings) -> int:
    def change(s):
        cleared = unlock(s, args.username, actor="cli")
        return f"用户 {args.username} 的登录限制已解除（{cleared} 个来源地址）"
    return _account_change(settings, "unlock", change)


def _users_passwd(args, settings) -> int:
    password = _read_password(args)
    if password is None:
        return 2

    def change(s):
        set_password(s, args.username, password, actor="cli")
        return f"用户 {args.username} 的密码已重置，其所有登录会话已失效"
    return _account_change(settings, "passwd", change)


def _web(args, settings) -> int:
    import uvicorn

    from trustwatch.web import create_app

    db = _database(settings)
    if args.sample:
        from sqlalchemy import func, select

        from store.models import Event, User
        from trustwatch.web.sample_data import PASSWORD, seed

        with db.session() as s:
            used = (s.scalar(select(func.count(User.id))) or 0) + (s.scalar(select(func.count(Event.id))) or 0)
        if used:
            print("trustwatch web --sample: 数据库中已有用户或事件，样例数据只写入空数据库", file=sys.stderr)
            return 2
        seed(db, settings)
        print(f"已写入样例数据；用户 admin / shenhe / haifeng / chengqu / fenxi，密码 {PASSWORD}")
    app = create_app(settings, db=db)
    print(f"诚信哨兵 web: http://{args.host}:{args.port}/  (OpenAPI: /api/openapi.json)")
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", proxy_headers=False)
    return 0


def _secret_generate(args, settings) -> int:
    from trustwatch.settings import generate_secret_key

    print(generate_secret_key())
    return 0


def register(subparsers) -> None:
    """Add the `users`, `secret` and `web` commands."""
    secret = subparsers.add_parser("secret", help="签名密钥：生成 TRUSTWATCH_SECRET_KEY")
    secret_sub = secret.add_subparsers(dest="secret_command", metavar="ACTION", required=True)
    gen = secret_sub.add_parser("generate", help="打印一个新的随机密钥")
    # Runs without settings: it is how one fixes a key that the settings refuse.
    gen.set_defaults(handler=_secret_generate, needs_settings=False)
    users = subparsers.add_parser("users", help="网页账户：添加、列表、停用、启用、解除登录限制、重置密码")
    sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="创建用户（询问密码）")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--department", help="部门代码（监管部门用户必填）")
    add.add_argument("--display-name")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码")
    add.set_defaults(handler=_users_add)
    lst = sub.add_parser("list", help="列出用户")
    lst.set_defaults(handler=_users_list)
    dis = sub.add_parser("disable", help="停用用户（结束其所有会话）")
    dis.add_argument("username")
    dis.set_defaults(handler=_users_disable)
    en = sub.add_parser("enable", help="重新启用用户（并解除登录限制）")
    en.add_argument("username")
    en.set_defaults(handler=lambda a, s: _users_disable(a, s, disabled=False))
    unl = sub.add_parser("unlock", help="解除用户在所有地址上的登录限制")
    unl.add_argument("username")
    unl.set_defaults(handler=_users_unlock)
    pw = sub.add_parser("passwd", help="重置用户密码（结束其所有会话）")
    pw.add_argument("username")
    pw.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码")
    pw.set_defaults(handler=_users_passwd)
    web = subparsers.add_parser("web", help="只运行网页（不运行调度器）")
    web.add_argument("--host", default="127.0.0.1")
    web.add_argument("--port", type=int, default=8000)
    web.add_argument("--sample", action="store_true",
                     help="先向空数据库写入样例部门、用户、事件和预警")
    web.set_defaults(handler=_web)
