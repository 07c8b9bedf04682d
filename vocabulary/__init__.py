"""The one vocabulary: every state machine and label of Trustwatch, each value with its one Chinese name.

A top-level package rather than a module of `store`: it is the bottom of the import graph and imports
nothing of the project, so the classifier (text in, verdict out) and the crawler can use it as well
as the store, alerts and the web app without depending on the database layer. Values are the codes
stored in the database and in the search index; `.display` is what a user reads. Sets of states that
several layers ask about ("open", "awaiting acknowledgement") are defined here once, too.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "AWAITING_ACK_ALERT_STATES", "AlertState", "AuditAction", "CrawlErrorKind", "CrawlFlag", "CrawlRunState", "DeliveryState", "EVENT_LABELS", "EventState",
    "Label", "OPEN_ALERT_STATES", "OPEN_DELIVERY_STATES", "OPEN_EVENT_STATES", "QueueState", "REVIEW_QUEUE_STATES",
    "ReviewAction", "Role", "Severity", "Vocabulary", "display",
]


class Vocabulary(StrEnum):
    """A StrEnum whose members are (code, Chinese display name); compares and serialises as the code."""

    display: str

    def __new__(cls, value: str, display_name: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.display = display_name
        return member

    @classmethod
    def names(cls) -> dict[str, str]:
        """Code -> Chinese display name, in definition order (what templates and exports look up)."""
        return {m.value: m.display for m in cls}

    @classmethod
    def display_of(cls, code: str | None, default: str | None = None) -> str:
        """The Chinese name of `code`; an unknown code comes back as `default` (or the code itself)."""
        try:
            return cls(code).display
        except ValueError:
            return (code or "") if default is None else default


class EventState(Vocabulary):
    """An event's review state (alerts.workflow): new -> in_review -> confirmed | dismissed | merged."""

    NEW = "new", "待审核"
    IN_REVIEW = "in_review", "审核中"
    CONFIRMED = "confirmed", "已确认"
    DISMISSED = "dismissed", "已驳回"
    MERGED = "merged", "已合并"


class AlertState(Vocabulary):
    """An alert's life at one department: pending -> sent -> acknowledged -> resolved.

    `sent` means a notification really reached the department (a delivery was sent), hence 已送达;
    an overdue alert is not a state of its own: escalation adds a pending alert at the next level.
    """

    PENDING = "pending", "待发送"
    SENT = "sent", "已送达"
    ACKNOWLEDGED = "acknowledged", "已签收"
    RESOLVED = "resolved", "已办结"


class DeliveryState(Vocabulary):
    """One message in the delivery outbox: pending -> sending -> sent | dead; cancelled when withdrawn."""

    PENDING = "pending", "待投递"
    SENDING = "sending", "投递中"
    SENT = "sent", "已投递"
    DEAD = "dead", "投递失败"
    CANCELLED = "cancelled", "已取消"


class QueueState(Vocabulary):
    """A row of a lease queue (store.queue: the index and delivery outboxes), as `outbox status` counts it."""

    PENDING = "pending", "排队中"
    LEASED = "leased", "处理中"
    DEAD = "dead", "死信（已停止重试）"
    DONE = "done", "已处理"


class CrawlRunState(Vocabulary):
    """One crawl of one source: running -> finished | failed; interrupted when its process died."""

    RUNNING = "running", "运行中"
    FINISHED = "finished", "已完成"
    FAILED = "failed", "失败"
    INTERRUPTED = "interrupted", "已中断"


class CrawlFlag(Vocabulary):
    """A warning on a finished crawl run (crawler.monitor.health_flags)."""

    QUIET = "quiet", "无新文章"
    LAYOUT_CHANGED = "layout-changed", "页面结构变化"
    UNREACHABLE = "unreachable", "无法访问"
    SELECTORS_EMPTY = "selectors-empty", "选择器未匹配到内容"


class CrawlErrorKind(Vocabulary):
    """What a failed request is counted as (crawler.errors.classify_failure)."""

    HTTP_5XX = "http_5xx", "服务器错误（5xx）"
    HTTP_4XX = "http_4xx", "请求被拒（4xx）"
    PRIVATE_ADDRESS = "private_address", "内网地址（已拦截）"
    ROBOTS = "robots", "robots 协议禁止"
    OFFSITE = "offsite", "站外链接"
    IGNORED = "ignored", "已忽略"
    TIMEOUT = "timeout", "超时"
    MAXSIZE = "maxsize", "页面过大"
    DNS = "dns", "域名解析失败"
    DATA_LOSS = "data_loss", "数据不完整"
    CONNECTION = "connection", "连接失败"
    OTHER = "other", "其他错误"


class Label(Vocabulary):
    """The classifier's label of an article or event; `none` is not an event.

    `.display` is the label's name (tags, filters, exports); `.domain` is the regulatory field it
    belongs to, the phrase notices and digests use (「食品安全失信事件」).
    """

    FOOD = "food", "食品"
    MEDICAL = "medical", "医疗"
    SAFETY = "safety", "安全生产"
    NONE = "none", "无关"

    @property
    def domain(self) -> str:
        """The regulatory field's name, as notices to departments write it."""
        return _DOMAINS[self]

    @classmethod
    def domains(cls) -> dict[str, str]:
        """Code -> regulatory field name."""
        return {m.value: m.domain for m in cls}


_DOMAINS = {Label.FOOD: "食品安全", Label.MEDICAL: "医疗卫生", Label.SAFETY: "安全生产", Label.NONE: "其他"}


class Severity(Vocabulary):
    """How serious an event is, lowest first (definition order is the rank)."""

    LOW = "low", "一般"
    MEDIUM = "medium", "较重"
    HIGH = "high", "严重"
    CRITICAL = "critical", "特别严重"

    @property
    def rank(self) -> int:
        """1 for low up to 4 for critical."""
        return list(type(self)).index(self) + 1

    @classmethod
    def ranks(cls) -> dict[str, int]:
        """Code -> rank (1 = low)."""
        return {m.value: m.rank for m in cls}


class Role(Vocabulary):
    """What a signed-in user may do."""

    ADMIN = "admin", "管理员"
    REVIEWER = "reviewer", "宣传部门审核员"
    REGULATOR = "regulator", "监管部门"
    ANALYST = "analyst", "分析员"


class ReviewAction(StrEnum):
    """A reviewer's transition of an event (the audit log names it `event.<action>`)."""

    START = "start"
    CONFIRM = "confirm"
    DISMISS = "dismiss"
    RELABEL = "relabel"
    MERGE = "merge"

    @property
    def audit(self) -> "AuditAction":
        """The audit action that records this transition."""
        return AuditAction(f"event.{self.value}")


class AuditAction(Vocabulary):
    """What an audit entry records (`AuditEntry.action`): `<entity>.<what happened>`."""

    EVENT_CREATE = "event.create", "系统发现事件"
    EVENT_START = "event.start", "认领（开始审核）"
    EVENT_CONFIRM = "event.confirm", "确认事件"
    EVENT_DISMISS = "event.dismiss", "驳回事件"
    EVENT_RELABEL = "event.relabel", "更改领域"
    EVENT_MERGE = "event.merge", "合并事件"
    ALERT_CREATE = "alert.create", "生成预警"
    ALERT_SENT = "alert.sent", "预警已送达"
    ALERT_PENDING = "alert.pending", "预警待发送"
    ALERT_ACKNOWLEDGED = "alert.acknowledged", "预警已签收"
    ALERT_RESOLVED = "alert.resolved", "登记处置结果"
    ALERT_ESCALATE = "alert.escalate", "逾期升级报送"
    ALERT_OVERDUE = "alert.overdue", "确认逾期"
    ALERT_NOTIFY = "alert.notify.notify", "发送预警通知"
    ALERT_NOTIFY_REPEAT = "alert.notify.repeat", "发送续报"
    ALERT_NOTIFY_ESCALATION = "alert.notify.escalation", "发送升级通知"
    ALERT_NOTIFY_WITHDRAWAL = "alert.notify.withdrawal", "发送撤销通知"
    DELIVERY_DEAD = "delivery.dead", "投递失败（已停止重试）"
    DELIVERY_DRY_RUN = "delivery.dry_run", "演示模式：未实际发送"
    DELIVERY_RETRY = "delivery.retry", "投递重试"
    DEPARTMENT_SYNC = "department.sync", "同步部门"
    SILENCE_ADD = "silence.add", "设置静默"
    SILENCE_EXPIRE = "silence.expire", "解除静默"
    USER_ADD = "user.add", "新增账号"
    USER_DISABLE = "user.disable", "停用账号"
    USER_ENABLE = "user.enable", "启用账号"
    USER_UNLOCK = "user.unlock", "解除锁定"
    USER_LOGIN = "user.login", "账号登录"
    ARTICLE_LABEL = "article.label", "标注文章类别（待确认）"
    ENTERPRISE_INTERVIEW = "enterprise.interview", "登记约谈"
    ENTERPRISE_WARNING = "enterprise.warning", "登记警示"
    ENTERPRISE_REPAIR = "enterprise.repair", "登记信用修复告知"


# Labels that make an event (the classifier's positive classes).
EVENT_LABELS = (Label.FOOD, Label.MEDICAL, Label.SAFETY)
# Events still in play: routed, notified and escalated.
OPEN_EVENT_STATES = (EventState.NEW, EventState.IN_REVIEW, EventState.CONFIRMED)
# Events waiting for a reviewer.
REVIEW_QUEUE_STATES = (EventState.NEW, EventState.IN_REVIEW)
# Alerts not yet resolved.
OPEN_ALERT_STATES = (AlertState.PENDING, AlertState.SENT, AlertState.ACKNOWLEDGED)
# Alerts nobody has acknowledged yet: these can become overdue and escalate.
AWAITING_ACK_ALERT_STATES = (AlertState.PENDING, AlertState.SENT)
# Deliveries still in the outbox.
OPEN_DELIVERY_STATES = (DeliveryState.PENDING, DeliveryState.SENDING)

_BY_KIND: dict[str, type[Vocabulary]] = {
    "event_state": EventState, "alert_state": AlertState, "delivery_state": DeliveryState,
    "queue_state": QueueState, "crawl_state": CrawlRunState, "crawl_flag": CrawlFlag, "crawl_error": CrawlErrorKind, "label": Label, "severity": Severity, "role": Role,
}


def display(code: str | None, kind: str) -> str:
    """The Chinese name of `code` in vocabulary `kind` (event_state, alert_state, ...); unknown codes pass through."""
    return _BY_KIND[kind].display_of(code)
