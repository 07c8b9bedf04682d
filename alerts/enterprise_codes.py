"""Credit codes onto enterprise records: a code a report gives beside an enterprise's name, once it validates."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from classifier.creditcode import is_valid
from classifier.entities import enterprise_codes, merge_aliases
from store.enterprise_models import record_credit_code
from store.models import Article, Event

log = logging.getLogger(__name__)
MAX_CHARS = 20_000  # the part of a report the classifier read for names and codes


def _same(a: str, b: str) -> bool:
    return a == b or len(merge_aliases([a, b])) == 1


def attach_credit_codes(session: Session, pairs: list[tuple[Article, Event]]) -> int:
    """For each (article, its event): a valid code the article gives right after one of the event's enterprises
    (or an alias of it) is kept on that enterprise's row (store.enterprise_models.record_credit_code).

    Only articles whose verdict found a valid code are read again. Returns how many codes were recorded."""
    recorded = 0
    for article, event in pairs:
        if not any(isinstance(c, dict) and c.get("valid") for c in article.credit_codes or ()):
            continue
        names = [n for n in event.enterprises or () if isinstance(n, str)]
        if not names:
            continue
        text = f"{article.title or ''}\n{(article.body or '')[:MAX_CHARS]}"
        for name, code in enterprise_codes(text, names).items():
            if not is_valid(code):
                continue
            try:  # a 约谈 registered at this moment may create the row first: this code waits for the next report
                with session.begin_nested():
                    row = record_credit_code(session, name, code, _same)
            except IntegrityError:
                log.info("企业信用代码未记录（企业记录同时被修改）：%s %s", name, code)
                continue
            recorded += row is not None
    return recorded
