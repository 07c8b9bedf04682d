"""Article search for analysts: the store's search (filters, highlights, facets) behind bounded parameters.

Highlight HTML from the index is re-sanitised here (see textsafe.em_html) so that only <em> survives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from classifier.entities import default_registry, merge_counts
from store import index_search
from store.search_index import IndexConfig, alias_name, make_client  # noqa: F401  (re-exported for the app)
from trustwatch.web.textsafe import clip

MAX_QUERY = 200
MAX_PAGE = 50
PAGE_SIZE = 20
CSV_MAX_ROWS = 5000
# facet name in the page -> field in the index
FACETS = {"label": "label", "district": "district", "source": "source", "enterprise": "enterprises"}


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def params_from_request(request) -> "SearchParams":
    """SearchParams from the query string (the page and the JSON API alike); bad values are dropped, not errors."""
    q = request.query_params
    page = q.get("page", "1")
    return SearchParams(
        q=q.get("q", ""), label=q.get("label") or q.get("domain"), district=q.get("district"),
        source=q.get("source"), enterprise=q.get("enterprise"), date_from=_date(q.get("date_from")),
        date_to=_date(q.get("date_to")), page=int(page) if page.isdigit() else 1)


def enterprise_forms(name: str) -> list[str]:
    """The name, its registered canonical name and every alias of it (品清湖酒楼 -> the full company name too)."""
    pairs = default_registry().names
    canonical = dict(pairs).get(name, name)
    return list(dict.fromkeys([name, canonical] + [alias for alias, c in pairs if c == canonical]))[:20]


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
        for name in FACETS:
            setattr(self, name, clip((getattr(self, name) or "").strip(), 100) or None)
        self.page = min(max(int(self.page or 1), 1), MAX_PAGE)
        self.size = min(max(int(self.size or PAGE_SIZE), 1), 100)

    def filters(self) -> dict:
        """The non-empty filters as URL parameters."""
        out = {k: getattr(self, k) for k in FACETS if getattr(self, k)}
        if self.date_from:
            out["date_from"] = self.date_from.isoformat()
        if self.date_to:
            out["date_to"] = self.date_to.isoformat()
        return out

    def index_filters(self) -> dict:
        """The filters as the store's search takes them; an enterprise also matches its registered aliases."""
        out = {FACETS[k]: getattr(self, k) for k in FACETS if getattr(self, k)}
        if self.enterprise:
            out["enterprises"] = enterprise_forms(self.enterprise)
        if self.date_from:
            out["published_from"] = self.date_from
        if self.date_to:
            out["published_to"] = self.date_to
        return out


def _unavailable(exc: Exception) -> SearchUnavailable:
    from elasticsearch import NotFoundError

    if isinstance(exc, NotFoundError):
        return SearchUnavailable("搜索索引尚未建立：请先运行 trustwatch reindex 或等待首批文章入库")
    return SearchUnavailable("搜索服务暂时不可用，请稍后再试")


def search(client, index: IndexConfig, params: SearchParams) -> index_search.SearchResult:
    """One page of results, with facets on page 1 (facet keys use the page's names: enterprise, not enterprises)."""
    from elasticsearch import ApiError, TransportError

    try:
        result = index_search.search_articles(client, index, params.q, params.index_filters(),
                                              page=params.page, size=params.size, facet_size=10)
    except (ApiError, TransportError, ConnectionError) as exc:
        raise _unavailable(exc) from exc
    if not result.facets:  # facets are counted for page 1 only
        return result
    result.facets = {name: result.facets.get(field_name, []) for name, field_name in FACETS.items()}
    # Names indexed by older extraction rules (送往医院, credit codes) are left out of the facet, and the
    # aliases of one enterprise (恒达五金厂, 陆丰市恒达五金制品厂) are counted under its canonical name.
    result.facets["enterprise"] = merge_counts(result.facets["enterprise"])
    return result


def iter_export(client, index: IndexConfig, params: SearchParams, limit: int = CSV_MAX_ROWS):
    """Every matching article for a CSV export (newest first), bounded by `limit` rows."""
    from elasticsearch import ApiError, TransportError

    filters = index_search.SearchFilters.coerce(params.index_filters())
    body = {"query": index_search.build_query(params.q, filters, synonyms=index_search.synonyms_of(index)), "size": 500,
            "sort": [{"@timestamp": {"order": "desc", "unmapped_type": "date"}}, {"url": "asc"}],
            "_source": ["title", "url", "source", "district", "label", "@timestamp", "enterprises", "event_id"]}
    sent = 0
    while sent < limit:
        try:
            resp = client.search(index=alias_name(index, "article"), **body)
        except (ApiError, TransportError, ConnectionError) as exc:
            raise _unavailable(exc) from exc
        hits = resp["hits"]["hits"]
        if not hits:
            return
        for h in hits[: limit - sent]:
            yield h["_id"], h.get("_source", {})
        sent += len(hits)
        body["search_after"] = hits[-1]["sort"]
