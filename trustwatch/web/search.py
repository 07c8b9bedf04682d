"""Article search for analysts: filters, highlighted snippets, facet counts, pagination, CSV rows.

Uses `store.search_index` for the index name and client when available; the query is built here so
that highlights use private markers (see textsafe) and never raw HTML from crawled text.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field

from trustwatch.web.textsafe import HL_POST, HL_PRE, clip

MAX_QUERY = 200
MAX_PAGE = 50
PAGE_SIZE = 20
CSV_MAX_ROWS = 5000
FACETS = {"label": "label", "district": "district", "source": "source", "enterprise": "enterprises"}


class SearchUnavailable(RuntimeError):
    """The search index cannot be reached; the message says so in Chinese."""


@dataclass
class SearchParams:
    """What an analyst asked for; every value bounded."""

    q: str = ""
    label: str | None = None
    district: str | None = None
    source: str | None = None
    enterprise: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    page: int = 1
    size: int = PAGE_SIZE

    def __post_init__(self):
        self.q = clip((self.q or "").strip(), MAX_QUERY)
        for name in ("label", "district", "source", "enterprise"):
            value = (getattr(self, name) or "").strip()
            setattr(self, name, clip(value, 100) or None)
        self.page = min(max(int(self.page or 1), 1), MAX_PAGE)
        self.size = min(max(int(self.size or PAGE_SIZE), 1), 100)

    def filters(self) -> dict:
        """The non-empty filters as a dict (also used to build links)."""
        out = {k: getattr(self, k) for k in ("label", "district", "source", "enterprise") if getattr(self, k)}
        if self.date_from:
            out["date_from"] = self.date_from.isoformat()
        if self.date_to:
            out["date_to"] = self.date_to.isoformat()
        return out


@dataclass
class SearchHit:
    """One article found, with safe-to-render highlight fragments (still marker-encoded)."""

    id: str
    title: str
    url: str
    source: str
    district: str
    label: str
    published_at: str
    enterprises: list[str]
    event_id: int | None
    title_fragments: list[str] = field(default_factory=list)
    body_fragments: list[str] = field(default_factory=list)
    body_start: str = ""


@dataclass
class SearchResult:
    """Hits of one page, the total and the facet counts."""

    hits: list[SearchHit]
    total: int
    facets: dict[str, list[tuple[str, int]]]
    took_ms: int = 0


def articles_index(settings) -> str:
    """The alias that analysts search (the store's when it defines one)."""
    module = _search_index_module()
    for attr in ("articles_alias", "article_alias", "alias_name"):
        fn = getattr(module, attr, None) if module else None
        if callable(fn):
            try:
                return fn(settings, "article") if attr == "alias_name" else fn(settings)
            except TypeError:
                continue
    return f"{settings.es_index_prefix}-articles"


def _search_index_module():
    try:
        return importlib.import_module("store.search_index")
    except ModuleNotFoundError:
        return None


def make_client(settings):
    """An Elasticsearch client for the settings (the store's factory when present)."""
    module = _search_index_module()
    if module is not None and hasattr(module, "make_client"):
        return module.make_client(settings)
    from elasticsearch import Elasticsearch

    return Elasticsearch(settings.elasticsearch_url, request_timeout=settings.es_request_timeout)


def build_query(params: SearchParams) -> dict:
    """The Elasticsearch request body for `params`."""
    must: list[dict] = []
    if params.q:
        must.append({"multi_match": {"query": params.q, "fields": ["title^3", "title.bigram^2", "body",
                                                                   "body.bigram"],
                                     "type": "most_fields", "operator": "and"}})
    filters: list[dict] = []
    for name, field_name in FACETS.items():
        value = getattr(params, name)
        if value:
            filters.append({"term": {field_name: value}})
    if params.date_from or params.date_to:
        rng = {}
        if params.date_from:
            rng["gte"] = params.date_from.isoformat()
        if params.date_to:
            rng["lte"] = params.date_to.isoformat() + "T23:59:59"
        filters.append({"range": {"published_at": rng}})
    query = {"bool": {"must": must or [{"match_all": {}}], "filter": filters}}
    return {
        "query": query,
        "from": (params.page - 1) * params.size,
        "size": params.size,
        "track_total_hits": True,
        "sort": ["_score", {"published_at": {"order": "desc", "missing": "_last"}}],
        "_source": ["title", "url", "source", "district", "label", "published_at", "enterprises", "event_id",
                    "body"],
        "highlight": {
            "pre_tags": [HL_PRE], "post_tags": [HL_POST], "encoder": "default",
            "fields": {"title": {"number_of_fragments": 0}, "body": {"fragment_size": 120, "number_of_fragments": 3},
                       "title.bigram": {"number_of_fragments": 0},
                       "body.bigram": {"fragment_size": 120, "number_of_fragments": 3}},
        },
        "aggs": {name: {"terms": {"field": f, "size": 10}} for name, f in FACETS.items()},
    }


def _as_str(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(_as_str(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("name") or "")
    return str(value)


def parse_response(resp) -> SearchResult:
    """SearchResult from an Elasticsearch response (bounded strings)."""
    body = resp.body if hasattr(resp, "body") else resp
    hits = []
    for h in body.get("hits", {}).get("hits", []):
        src = h.get("_source", {})
        hl = h.get("highlight", {})
        event_id = src.get("event_id")
        hits.append(SearchHit(
            id=str(h.get("_id")), title=clip(src.get("title"), 300), url=clip(src.get("url"), 2048),
            source=clip(_as_str(src.get("source")), 100), district=clip(_as_str(src.get("district")), 50),
            label=clip(_as_str(src.get("label")), 20), published_at=clip(src.get("published_at"), 25),
            enterprises=[clip(_as_str(e), 100) for e in (src.get("enterprises") or [])][:10],
            event_id=event_id if isinstance(event_id, int) else None,
            title_fragments=(hl.get("title") or hl.get("title.bigram") or [])[:1],
            body_fragments=(hl.get("body") or hl.get("body.bigram") or [])[:3],
            body_start=clip(src.get("body"), 160),
        ))
    facets = {name: [(clip(_as_str(b.get("key")), 100), int(b.get("doc_count", 0)))
                     for b in agg.get("buckets", [])]
              for name, agg in (body.get("aggregations") or {}).items()}
    total = body.get("hits", {}).get("total", {})
    total = total.get("value", 0) if isinstance(total, dict) else int(total or 0)
    return SearchResult(hits=hits, total=int(total), facets=facets, took_ms=int(body.get("took", 0)))


def search(client, settings, params: SearchParams) -> SearchResult:
    """Run the search; SearchUnavailable when the index cannot answer."""
    from elasticsearch import ApiError, TransportError

    try:
        resp = client.search(index=articles_index(settings), body=build_query(params))
    except (ApiError, TransportError, ConnectionError) as exc:
        raise SearchUnavailable("搜索服务暂时不可用，请稍后再试") from exc
    return parse_response(resp)


def iter_export(client, settings, params: SearchParams, limit: int = CSV_MAX_ROWS):
    """Every hit for a CSV export, page by page, bounded by `limit` rows."""
    size = 200
    fetched = 0
    page_params = SearchParams(**{**params.__dict__, "page": 1, "size": size})
    body = build_query(page_params)
    body.pop("aggs")
    body.pop("highlight")
    body["sort"] = [{"published_at": {"order": "desc", "missing": "_last"}}, {"_doc": "asc"}]
    body["from"] = 0
    while fetched < limit:
        resp = client.search(index=articles_index(settings), body=body)
        result = parse_response(resp)
        raw_hits = (resp.body if hasattr(resp, "body") else resp)["hits"]["hits"]
        if not result.hits:
            return
        for hit in result.hits[: limit - fetched]:
            yield hit
        fetched += len(result.hits)
        body["search_after"] = raw_hits[-1]["sort"]
