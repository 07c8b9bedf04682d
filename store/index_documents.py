"""Search documents built from store rows: articles and events, with jieba tokens for Chinese text."""

from __future__ import annotations

import datetime as dt
import re
from collections import namedtuple
from collections.abc import Iterable

import orjson
import rjieba
from sqlalchemy import JSON, Text, cast, select
from sqlalchemy.orm import Session

from store.models import Article, Event, Source

MAX_TITLE_CHARS = 500
MAX_BODY_CHARS = 50_000  # crawled text is hostile: bound what reaches the index
_WORD = re.compile(r"\w+")
# Texts tokenized in one rjieba call are joined by this character: not Chinese, not a space, so it is a
# token of its own and no word spans it (jieba cuts each run of Chinese/alphanumerics on its own). A
# text holding it has it replaced by another such character, which its cleaning drops the same way.
_JOIN, _JOIN_STAND_IN = "\x00", "\x01"
# At most this many characters per rjieba call (~55 articles): the ~6,000 token strings of one call
# stay in the cache while they are cleaned; one call per 200,000 characters (a whole batch) had 10x
# the last-level cache misses for the same instructions (cachegrind) and ran ~8 % slower.
_CALL_CHARS = 20_000


def _cut_for_search(text: str) -> list[str]:
    # rjieba yields the same tokens as jieba's cut_for_search, ~25x faster
    return rjieba.cut_for_search(text)


def _cut_precise(text: str) -> list[str]:
    return rjieba.cut(text)


def _clean(tokens: list[str]) -> str:
    # Punctuation and spaces become separators for the whitespace analyzer, so only word tokens are
    # indexed: the word runs (`\w+`) of the tokens joined by spaces, lower-cased. Most tokens are one
    # word run already (isalnum is \w without "_"), so only the others go through the regex.
    words = []
    for token in tokens:
        if token.isalnum():
            words.append(token)
        else:
            words += _WORD.findall(token)
    return " ".join(words).lower()


def jieba_tokens(text: str) -> str:
    """Search-mode jieba tokens, lower-cased, joined by spaces, punctuation dropped (for *_jieba fields)."""
    return _clean(_cut_for_search(text))


def query_tokens(text: str) -> str:
    """Precise-mode jieba tokens of a query term; each is also among the search-mode tokens indexed."""
    return _clean(_cut_precise(text))


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.timezone.utc).isoformat() if value else None


def _strs(values: Iterable | None) -> list[str]:
    out = []
    for v in values or ():
        if isinstance(v, dict):  # the classifier may store {"name": ..., "code": ...}
            v = v.get("name") or v.get("code")
        if v:
            out.append(str(v)[:200])
    return out


def tokenize_texts(texts: list[str]) -> list[str]:
    """jieba_tokens of each text, in order (what a TokenizerPool does on several cores).

    One rjieba call takes many texts joined by a separator (rjieba releases the GIL while it cuts), and
    the tokens are cleaned in one pass, split back at the separators: the same tokens as text by text."""
    out: list[str] = []
    start = 0
    while start < len(texts):
        end, size = start, 0
        while end < len(texts) and (end == start or size + len(texts[end]) <= _CALL_CHARS):
            size += len(texts[end]) + 1
            end += 1
        out += _tokenize_joined(texts[start:end])
        start = end
    return out


def _tokenize_joined(texts: list[str]) -> list[str]:
    joined = _JOIN.join(t.replace(_JOIN, _JOIN_STAND_IN) if _JOIN in t else t for t in texts)
    out: list[str] = []
    words: list[str] = []
    for token in _cut_for_search(joined):
        if token.isalnum():
            words.append(token)
        elif token == _JOIN:
            out.append(" ".join(words).lower())
            words = []
        else:  # punctuation mostly, the same few marks again and again: their word runs from a dict
            runs = _odd_runs.get(token)
            if runs is None:
                runs = _WORD.findall(token)
                if len(_odd_runs) < _ODD_RUNS_KEPT:
                    _odd_runs[token] = runs
            words += runs
    out.append(" ".join(words).lower())
    return out if texts else []


# The word runs of tokens that are not one word run, looked up instead of a regex call (~4 us less
# per article); bounded, since crawled text may hold any number of distinct ones.
_odd_runs: dict[str, list[str]] = {}
_ODD_RUNS_KEPT = 4096


class TokenizerPool:
    """tokenize_texts on every core, in processes: rjieba releases the GIL only while it cuts, and the
    tokens' Python strings and their cleaning hold it.

    Use as a context manager; calling it tokenizes a list of texts, split into one chunk per process."""

    def __init__(self, processes: int | None = None):
        import multiprocessing
        import os
        from concurrent.futures import ProcessPoolExecutor

        self.processes = processes or os.cpu_count() or 1
        # spawn: the caller may run threads (drainers, a scheduler), which fork would copy mid-lock
        self._pool = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"))

    def __call__(self, texts: list[str]) -> list[str]:
        step = max(1, -(-len(texts) // self.processes))
        chunks = [texts[i:i + step] for i in range(0, len(texts), step)]
        return [tokens for part in self._pool.map(tokenize_texts, chunks) for tokens in part]

    def __enter__(self) -> "TokenizerPool":
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(cancel_futures=True)


def _article_texts(article: Article) -> tuple[str, str]:
    return (article.title or "")[:MAX_TITLE_CHARS], (article.body or "")[:MAX_BODY_CHARS]


def article_document(article: Article, source_name: str | None = None,
                     tokens: tuple[str, str] | None = None) -> dict:
    """The search document of one article (its `_id` is the article id); `tokens`: its title's and body's
    jieba_tokens when already computed (in a batch)."""
    title, body = _article_texts(article)
    title_tokens, body_tokens = tokens if tokens is not None else (jieba_tokens(title), jieba_tokens(body))
    scores = article.scores if isinstance(article.scores, dict) else None
    score = None
    if scores and article.label in scores:
        try:
            score = float(scores[article.label])
        except (TypeError, ValueError):
            score = None
    return {
        "@timestamp": _iso(article.published_at or article.fetched_at),
        "fetched_at": _iso(article.fetched_at),
        "title": title,
        "body": body,
        "title_jieba": title_tokens,
        "body_jieba": body_tokens,
        "url": article.url,
        "source": source_name,
        "author": article.author,
        "district": article.district,
        "label": article.label,
        "score": score,
        "scores": scores,
        "terms": _strs(article.terms)[:50],
        "enterprises": _strs(article.enterprises),
        "credit_codes": _strs(article.credit_codes),
        "severity": article.severity,
        "event_id": str(article.event_id) if article.event_id else None,
        "model_version": article.model_version,
    }


def event_document(event: Event, title_tokens: str | None = None) -> dict:
    """The search document of one event (its `_id` is the event id); `title_tokens`: its title's
    jieba_tokens when already computed (in a batch)."""
    title = (event.title or "")[:MAX_TITLE_CHARS]
    return {
        "@timestamp": _iso(event.first_seen),
        "first_seen": _iso(event.first_seen),
        "last_seen": _iso(event.last_seen),
        "updated_at": _iso(event.updated_at),
        "title": title,
        "title_jieba": jieba_tokens(title) if title_tokens is None else title_tokens,
        "label": event.label,
        "district": event.district,
        "severity": event.severity,
        "enterprises": _strs(event.enterprises),
        "state": event.state,
        "event_id": str(event.id),
        "merged_into": str(event.merged_into_id) if event.merged_into_id else None,
        "article_count": event.article_count,
        "source_count": event.source_count,
    }


_ARTICLE_COLUMNS = (Article.id, Article.title, Article.body, Article.url, Article.author, Article.published_at,
                    Article.fetched_at, Article.district, Article.label, Article.scores, Article.terms,
                    Article.enterprises, Article.credit_codes, Article.severity, Article.event_id,
                    Article.model_version)
_EVENT_COLUMNS = (Event.id, Event.title, Event.label, Event.district, Event.severity, Event.enterprises, Event.state,
                  Event.merged_into_id, Event.first_seen, Event.last_seen, Event.updated_at, Event.article_count,
                  Event.source_count)
# Rows as named tuples: a Row's attribute look-up costs ~1 us, twenty per document.
_ArticleRow = namedtuple("_ArticleRow", [c.key for c in _ARTICLE_COLUMNS] + ["source_name"])
_EventRow = namedtuple("_EventRow", [c.key for c in _EVENT_COLUMNS])


def _selected(columns: tuple) -> tuple[list, list[int]]:
    """The columns to select, JSON ones as their text, and the positions of those: orjson parses them in
    a fifth of the time of the column type's json.loads (~8 us per article)."""
    selected, positions = [], []
    for i, column in enumerate(columns):
        if isinstance(column.type, JSON):
            selected.append(cast(column, Text).label(column.key))
            positions.append(i)
        else:
            selected.append(column)
    return selected, positions


def _rows(result, make, positions: list[int]) -> list:
    loads, rows = orjson.loads, []
    for row in result:
        row = list(row)
        for i in positions:
            if row[i] is not None:
                row[i] = loads(row[i])
        rows.append(make(row))
    return rows


_ARTICLE_SELECT, _ARTICLE_JSON = _selected(_ARTICLE_COLUMNS)
_EVENT_SELECT, _EVENT_JSON = _selected(_EVENT_COLUMNS)


def load_documents(session: Session, doc_type: str, ids: Iterable[int], tokenize=tokenize_texts) -> dict[int, dict]:
    """Documents for the rows that exist among `ids` (a missing id means: delete it from the index).

    `tokenize` turns the list of every title and body into their jieba tokens at once (a TokenizerPool
    spreads it over the cores)."""
    ids = list(ids)
    if not ids:
        return {}
    if doc_type == "article":
        # Core rows of the needed columns (attribute access like the model's), not ORM objects.
        rows = _rows(session.execute(
            select(*_ARTICLE_SELECT, Source.name.label("source_name"))
            .outerjoin(Source, Article.source_id == Source.id).where(Article.id.in_(ids))),
            _ArticleRow._make, _ARTICLE_JSON)
        tokens = tokenize([text for a in rows for text in _article_texts(a)])
        return {a.id: article_document(a, a.source_name, (tokens[2 * i], tokens[2 * i + 1]))
                for i, a in enumerate(rows)}
    if doc_type == "event":
        events = _rows(session.execute(select(*_EVENT_SELECT).where(Event.id.in_(ids))), _EventRow._make, _EVENT_JSON)
        titles = tokenize([(e.title or "")[:MAX_TITLE_CHARS] for e in events])
        return {e.id: event_document(e, titles[i]) for i, e in enumerate(events)}
    raise ValueError(f"unknown document type {doc_type!r}")


def stream_documents(session: Session, doc_type: str, chunk: int = 1000):
    """(id, document) for every row of `doc_type`, read in chunks by id (for reindexing)."""
    model = Article if doc_type == "article" else Event
    last = 0
    while True:
        ids = session.scalars(select(model.id).where(model.id > last).order_by(model.id).limit(chunk)).all()
        if not ids:
            return
        docs = load_documents(session, doc_type, ids)
        for i in ids:
            if i in docs:
                yield i, docs[i]
        last = ids[-1]
        session.expunge_all()  # keep memory flat over 100,000s of rows
