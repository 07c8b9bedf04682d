"""Full-text search of articles for the web app and `trustwatch search`: hits, highlights, facets."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from elasticsearch import Elasticsearch, NotFoundError

from store.index_documents import query_tokens
from store.search_index import IndexConfig, alias_name

FACETS = ("label", "district", "source", "enterprises")
MAX_QUERY_CHARS = 200
MAX_TERMS = 10
MAX_PAGE_SIZE = 100
MAX_WINDOW = 10_000  # Elasticsearch's index.max_result_window
SNIPPET_CHARS = 160
# The shipped synonyms: what the pure query builders use when no config's synonyms are given.
SYNONYMS_FILE = Path(__file__).resolve().parent.parent / "config" / "search_synonyms.txt"
MAX_VARIANTS = 6
BEIJING = "+08:00"
# What a hit shows (SearchHit): only these come back in _source. Not the body (the snippet comes from
# highlighting, which reads the stored source itself), nor terms, scores and fetch times.
HIT_SOURCE = ["title", "url", "source", "district", "label", "severity", "enterprises", "event_id", "@timestamp"]


@dataclass
class SearchFilters:
    """Exact-match filters (each a value or a list of values: any matches) and a published-time range."""

    label: str | list[str] | None = None
    district: str | list[str] | None = None
    source: str | list[str] | None = None
    enterprises: str | list[str] | None = None
    severity: str | list[str] | None = None
    event_id: int | str | list | None = None
    url: str | list[str] | None = None
    published_from: dt.date | dt.datetime | str | None = None  # inclusive
    published_to: dt.date | dt.datetime | str | None = None  # inclusive (a date means the whole day)

    @classmethod
    def coerce(cls, value: "SearchFilters | Mapping | None") -> "SearchFilters":
        """Filters from a dict (unknown keys are an error) or None."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        known = {f.name for f in fields(cls)}
        unknown = set(value) - known
        if unknown:
            raise ValueError(f"unknown search filter(s): {', '.join(sorted(unknown))}")
        return cls(**dict(value))


@dataclass
class SearchHit:
    """One article found; `title_html` and `snippet_html` are escaped, with <em> around matches."""

    id: int
    score: float | None
    title: str
    title_html: str
    snippet_html: str
    url: str | None
    source: str | None
    district: str | None
    label: str | None
    severity: str | None
    enterprises: list[str]
    event_id: int | None
    published_at: str | None


@dataclass
class SearchResult:
    """A page of hits, the total, and facet counts [(value, count), ...] per facet field (page 1 only)."""

    total: int
    page: int
    size: int
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    took_ms: int = 0

    @property
    def pages(self) -> int:
        return (min(self.total, MAX_WINDOW) + self.size - 1) // self.size if self.size else 0


def query_terms(query: str) -> list[str]:
    """The whitespace-separated terms of a user query, bounded in number and length."""
    return [t for t in (query or "")[:MAX_QUERY_CHARS].split() if t][:MAX_TERMS]


@lru_cache(maxsize=4)
def load_synonyms(path: Path | str = SYNONYMS_FILE) -> dict[str, tuple[str, ...]]:
    """word -> its synonym group (itself first), from a file of comma-separated groups; a missing file is none."""
    groups: dict[str, tuple[str, ...]] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return groups
    for line in lines:
        line = line.split("#", 1)[0].strip()
        words = [w.strip() for w in line.replace("，", ",").split(",") if w.strip()]
        for w in words:
            groups[w] = tuple(dict.fromkeys([w] + words))
    return groups


def synonyms_of(config: IndexConfig) -> Mapping[str, tuple[str, ...]]:
    """The synonym groups of an index config (none when it names no file)."""
    return load_synonyms(config.synonyms_file) if config.synonyms_file else {}


def variants(term: str, synonyms: Mapping[str, tuple[str, ...]] | None = None) -> list[str]:
    """The term and its synonyms (爆炸 -> 爆炸, 爆燃, 闪爆 ...), bounded; `synonyms` None: the shipped ones."""
    groups = load_synonyms() if synonyms is None else synonyms
    return list(groups.get(term, (term,)))[:MAX_VARIANTS]


def _term_clause(term: str, fields_: tuple[str, ...], synonyms=None) -> dict:
    """A term matches as itself or as any of its synonyms."""
    clauses = [_variant_clause(v, fields_) for v in variants(term, synonyms)]
    return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses, "minimum_should_match": 1}}


_HAN_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")


def needs_chars(term: str) -> bool:
    """True unless `term` is two or more Han characters, whose bigram phrase already finds every match.

    The bigram field indexes only pairs of neighbouring tokens, so a term that is one token (one
    character, a Latin word, a number) is found only through `.chars`; for a run of Han characters
    the two phrases match the same documents, and the `.chars` one costs a third of the search."""
    return not _HAN_WORD.fullmatch(term)


def _variant_clause(term: str, fields_: tuple[str, ...]) -> dict:
    should = []
    chars = needs_chars(term)
    for f, boost in zip(fields_, (4.0, 2.0)):
        # Phrase over bigrams = the term as a contiguous substring; `.chars` finds one-token terms.
        should.append({"match_phrase": {f: {"query": term, "boost": boost}}})
        if chars:
            should.append({"match_phrase": {f"{f}.chars": {"query": term, "boost": boost / 4}}})
        tokens = query_tokens(term)
        if tokens:
            should.append({"match": {f"{f}_jieba": {"query": tokens, "operator": "and", "boost": boost / 2}}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _values(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        return [str(v) for v in value if v not in (None, "")]
    return [str(value)] if value != "" else []


def _bound(value, end: bool) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and len(value) == 10:
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"not a date (expected YYYY-MM-DD): {value!r}") from None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat() + ("||+1d/d" if end else "")
    return str(value)


def build_query(query: str, filters: SearchFilters, text_fields=("title", "body"), synonyms=None) -> dict:
    """The bool query: every term must match (as bigrams, characters or jieba tokens), filters exact."""
    terms = query_terms(query)
    must = [_term_clause(t, text_fields, synonyms) for t in terms] or [{"match_all": {}}]
    flt = []
    for name in ("label", "district", "source", "enterprises", "severity", "event_id", "url"):
        values = _values(getattr(filters, name))
        if values:
            flt.append({"terms": {name: values}})
    lo, hi = _bound(filters.published_from, False), _bound(filters.published_to, True)
    if lo or hi:
        rng = {}
        if lo:
            rng["gte"] = lo
        if hi:
            rng["lt" if hi.endswith("||+1d/d") else "lte"] = hi
        rng["time_zone"] = BEIJING  # a date in a filter is a Beijing day; times with an offset keep theirs
        flt.append({"range": {"@timestamp": rng}})
    return {"bool": {"must": must, "filter": flt}}


def _highlight_words(terms: list[str], synonyms=None) -> list[str]:
    """What to mark in a hit: each term, its synonyms, and their words (过期食品 -> 过期, 食品), as found by jieba."""
    words: list[str] = []
    for t in terms:
        for v in variants(t, synonyms):
            for w in [v] + query_tokens(v).split():
                if w and w not in words and (len(w) >= 2 or len(v) == 1):
                    words.append(w)
    return words[:40]


def _highlight(terms: list[str], synonyms=None) -> dict:
    words = _highlight_words(terms, synonyms)
    chars = any(needs_chars(w) for w in words)  # the `.chars` fields are highlighted only when they can differ
    clauses = [{"match_phrase": {f"{f}{sub}": w}} for w in words for f in ("title", "body")
               for sub in (("", ".chars") if needs_chars(w) else ("",))]
    hq = {"bool": {"should": clauses}} if clauses else {"match_none": {}}
    common = {"type": "unified", "highlight_query": hq}
    body = {**common, "fragment_size": SNIPPET_CHARS, "number_of_fragments": 2}
    fields_ = {
        "title": {**common, "number_of_fragments": 0},
        "body": {**body, "no_match_size": SNIPPET_CHARS},  # no match: the opening, escaped
    }
    if chars:
        fields_.update({"title.chars": {**common, "number_of_fragments": 0}, "body.chars": body})
    return {
        "encoder": "html",  # crawled text is hostile: escaped, only our <em> tags survive
        "pre_tags": ["<em>"], "post_tags": ["</em>"],
        "require_field_match": False,
        "fields": fields_,
    }


def _to_hit(raw: dict) -> SearchHit:
    src, hl = raw.get("_source", {}), raw.get("highlight", {})
    title = src.get("title") or ""
    title_html = (hl.get("title") or hl.get("title.chars") or [html.escape(title)])[0]
    body_hl, chars_hl = hl.get("body") or [], hl.get("body.chars") or []
    # "body" falls back to the opening when only single characters matched: prefer real matches.
    if chars_hl and not any("<em>" in f for f in body_hl):
        body_hl = chars_hl
    snippet = " … ".join(body_hl)
    event_id = src.get("event_id")
    return SearchHit(
        id=int(raw["_id"]), score=raw.get("_score"), title=title, title_html=title_html,
        snippet_html=snippet, url=src.get("url"), source=src.get("source"), district=src.get("district"),
        label=src.get("label"), severity=src.get("severity"), enterprises=list(src.get("enterprises") or []),
        event_id=int(event_id) if event_id else None, published_at=src.get("@timestamp"),
    )


def search_articles(client: Elasticsearch, config: IndexConfig, query: str = "",
                    filters: SearchFilters | Mapping | None = None, page: int = 1, size: int = 20,
                    facet_size: int = 20) -> SearchResult:
    """Search articles through the alias: relevance (then newest) for a query, newest first without."""
    filters = SearchFilters.coerce(filters)
    page, size = max(1, int(page)), max(1, min(int(size), MAX_PAGE_SIZE))
    start = (page - 1) * size
    if start + size > MAX_WINDOW:
        raise ValueError(f"page {page} is beyond the first {MAX_WINDOW} results; narrow the search")
    body = search_body(query, filters, page, size, facet_size, synonyms=synonyms_of(config))
    try:
        resp = client.search(index=alias_name(config, "article"), **body)
    except NotFoundError:  # nothing indexed yet: the alias is created by the first drain
        return SearchResult(total=0, page=page, size=size, facets={name: [] for name in FACETS})
    result = SearchResult(total=resp["hits"]["total"]["value"], page=page, size=size,
                          took_ms=resp.get("took", 0))
    result.hits = [_to_hit(h) for h in resp["hits"]["hits"]]
    if "aggs" in body:
        for name in FACETS:
            buckets = resp.get("aggregations", {}).get(name, {}).get("buckets", [])
            result.facets[name] = [(b["key"], b["doc_count"]) for b in buckets]
    return result


def search_body(query: str, filters: SearchFilters, page: int, size: int, facet_size: int = 20,
                synonyms=None) -> dict:
    """The request body of one page; facets only on page 1 (the filters, hence the counts, are the same after)."""
    terms = query_terms(query)
    body = {
        "query": build_query(query, filters, synonyms=synonyms),
        "from": (page - 1) * size, "size": size,
        "track_total_hits": True,
        "sort": (["_score"] if terms else []) + [{"@timestamp": {"order": "desc", "unmapped_type": "date"}}],
        "_source": HIT_SOURCE,
        "highlight": _highlight(terms, synonyms),
    }
    if page == 1:
        body["aggs"] = {name: {"terms": {"field": name, "size": facet_size}} for name in FACETS}
    return body
