"""Chinese display names for the codes stored in the database (audit actions, statuses, kinds, routes)."""

from __future__ import annotations

from vocabulary import AuditAction, CrawlErrorKind, CrawlFlag, CrawlRunState, Role

AUDIT_ACTIONS = AuditAction.names()
ENTITY_TYPES = {"event": "事件", "alert": "预警", "user": "账号", "silence": "静默规则", "department": "部门",
                "delivery": "投递", "source": "来源",
                "article": "文章", "enterprise": "企业"}
CRAWL_STATUS = CrawlRunState.names()
SOURCE_KINDS = {"list": "列表页", "rss": "RSS 订阅", "sitemap": "站点地图", "json": "JSON 接口", "gkmlpt": "政府信息公开",
                "board": "留言板"}
CRAWL_FLAGS = CrawlFlag.names()
CRAWL_ERRORS = CrawlErrorKind.names()
# Keys of audit details as a reader sees them; values that are codes are translated by value_name().
DETAIL_KEYS = {"before": "原状态", "after": "新状态", "reason": "理由", "role": "角色", "username": "登录名",
               "department": "部门", "code": "编号", "address": "地址", "deliveries": "投递数", "articles": "报道数",
               "disposal": "处置结果", "name": "名称", "date": "日期", "label": "领域", "merged_into": "并入事件",
               "display_name": "显示名称", "created": "新增", "updated": "更新", "removed": "移除", "kind": "类型",
               "channel": "渠道", "error": "错误", "attempts": "尝试次数", "until": "截止", "matchers": "匹配条件",
               "route": "路由", "policy": "推送依据", "event": "事件", "first_article": "首篇报道", "district": "区县"}
# Why an alert went out (alerts.notifications): after a reviewer's confirmation, or by policy before review.
POLICY_NAMES = {"confirmed": "审核确认后推送", "auto-dispatch": "按规则先行推送（审核前）"}
ROLE_NAMES = Role.names()  # the same names as the account pages (trustwatch.auth)


def value_name(value) -> str:
    """An audit detail value with state, role and domain codes in Chinese."""
    from trustwatch.web.queries import ALERT_STATES, EVENT_STATES, LABEL_NAMES

    if isinstance(value, str):
        for table in (EVENT_STATES, ALERT_STATES, ROLE_NAMES, LABEL_NAMES):
            if value in table:
                return table[value]
        return value
    if isinstance(value, (list, tuple)):
        return "、".join(value_name(v) for v in value)
    return "" if value is None else str(value)


# Route names of config/routing.yaml as a user reads them beside the department.
ROUTE_TITLES = {
    "propaganda": "网信部门全量跟踪", "food-city": "市级：严重食品事件", "medical-city": "市级：严重医疗事件",
    "medical-insurance": "医保相关事件", "safety-city": "市级：严重安全生产事件", "wide-spread": "广泛传播事件",
    "food": "食品事件按区县", "medical": "医疗事件按区县", "safety": "安全生产事件按区县",
}


def audit_action(code: str | None) -> str:
    """The Chinese name of an audit action; an unknown code says what kind of record it is about."""
    code = code or ""
    if code in AUDIT_ACTIONS:
        return AUDIT_ACTIONS[code]
    head = code.split(".", 1)[0]
    return f"{ENTITY_TYPES.get(head, '系统')}操作"


def route_title(name: str | None) -> str:
    """The Chinese title of a route, "" for an unnamed or unknown one (never the English key)."""
    if not name:
        return ""
    if name in ROUTE_TITLES:
        return ROUTE_TITLES[name]
    return name if not name.isascii() else ""
