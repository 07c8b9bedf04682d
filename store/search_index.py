"""The search index: client factory, versioned index names behind aliases, templates from config/es."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch import BadRequestError

# doc_type (as in IndexOutbox.doc_type) -> the plural used in index names and on the command line
DOC_TYPES = {"article": "articles", "event": "events"}
PLURALS = {v: k for k, v in DOC_TYPES.items()}


class SearchIndexError(RuntimeError):
    """The search index is missing, misconfigured or unreachable; the message says which."""


def redact_url(url: str) -> str:
    """`url` without any user:password part, safe for logs and errors."""
    parts = urlsplit(url)
    if not (parts.username or parts.password):
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"***@{host}"))


_PREFIX = re.compile(r"^[a-z][a-z0-9_-]*$")


@dataclass(frozen=True)
class IndexConfig:
    """What the search index needs: the cluster, the index prefix, the templates and the query synonyms.

    Built once per process by the application (trustwatch.configs.index_config) from its settings and
    the config folder; the store reads no application settings. Secrets are left out of the repr."""

    templates_dir: Path  # the folder holding analysis.json, articles.json and events.json (config/es)
    url: str = "http://127.0.0.1:9200"
    prefix: str = "trustwatch"
    request_timeout: float = 30.0
    api_key: str | None = field(default=None, repr=False)
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    verify_certs: bool = True
    ca_certs: Path | None = None
    synonyms_file: Path | None = None  # comma-separated groups; None: no synonyms

    def __post_init__(self):
        if not _PREFIX.match(self.prefix or ""):
            raise ValueError(f"index prefix {self.prefix!r}: lower-case letters, digits, '-' and '_', "
                             "starting with a letter")
        if not self.request_timeout > 0:
            raise ValueError(f"request timeout must be positive, not {self.request_timeout!r}")


def make_client(config: IndexConfig, **overrides) -> Elasticsearch:
    """An Elasticsearch client for the configured cluster (URL, API key or basic auth, TLS options)."""
    kwargs: dict = {
        "hosts": [config.url],
        "request_timeout": config.request_timeout,
    }
    if config.api_key is not None:
        kwargs["api_key"] = config.api_key
    elif config.username:
        kwargs["basic_auth"] = (config.username, config.password or "")
    if config.url.startswith("https"):
        kwargs["verify_certs"] = config.verify_certs
        if config.ca_certs:
            kwargs["ca_certs"] = str(config.ca_certs)
    kwargs.update(overrides)
    return Elasticsearch(**kwargs)


def doc_type_of(name: str) -> str:
    """`article`/`event` from either spelling (`articles`, `event`, ...)."""
    if name in DOC_TYPES:
        return name
    if name in PLURALS:
        return PLURALS[name]
    raise ValueError(f"unknown document type {name!r}; expected one of: articles, events")


def alias_name(config: IndexConfig, doc_type: str) -> str:
    """The alias every reader and writer uses, e.g. `trustwatch-articles`."""
    return f"{config.prefix}-{DOC_TYPES[doc_type_of(doc_type)]}"


def versioned_name(config: IndexConfig, doc_type: str, version: int) -> str:
    """The concrete index behind the alias, e.g. `trustwatch-articles-v2`."""
    return f"{alias_name(config, doc_type)}-v{version}"


def load_template(config: IndexConfig, doc_type: str) -> dict:
    """The composable index template for `doc_type` from config/es, with the shared analysis merged in."""
    es_dir = Path(config.templates_dir)
    try:
        body = json.loads((es_dir / f"{DOC_TYPES[doc_type_of(doc_type)]}.json").read_text("utf-8"))
        analysis = json.loads((es_dir / "analysis.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise SearchIndexError(f"cannot read the index templates in {es_dir}: {exc}") from exc
    analysis.pop("_comment", None)
    body["template"]["settings"]["analysis"] = analysis
    body["index_patterns"] = [f"{alias_name(config, doc_type)}-v*"]
    return body


def put_template(client: Elasticsearch, config: IndexConfig, doc_type: str) -> None:
    """Install (or update) the index template; it applies to indices created afterwards."""
    body = load_template(config, doc_type)
    client.indices.put_index_template(name=alias_name(config, doc_type), **body)


def indices_behind(client: Elasticsearch, alias: str) -> list[str]:
    """The concrete indices the alias points at (empty if the alias does not exist)."""
    try:
        return sorted(client.indices.get_alias(name=alias).body)
    except NotFoundError:
        return []


def existing_versions(client: Elasticsearch, config: IndexConfig, doc_type: str) -> dict[int, str]:
    """Every `<alias>-vN` index that exists, by N."""
    alias = alias_name(config, doc_type)
    found = client.indices.get(index=f"{alias}-v*", allow_no_indices=True, expand_wildcards="open,closed")
    pattern = re.compile(rf"^{re.escape(alias)}-v(\d+)$")
    return {int(m.group(1)): name for name in found.body if (m := pattern.match(name))}


def ensure_index(client: Elasticsearch, config: IndexConfig, doc_type: str) -> str:
    """Make sure the template, a versioned index and its alias exist; return the index behind the alias."""
    alias = alias_name(config, doc_type)
    current = indices_behind(client, alias)
    if current:  # a changed template reaches existing data through `trustwatch reindex`
        return current[-1]
    put_template(client, config, doc_type)
    if client.indices.exists(index=alias) and not current:
        current = indices_behind(client, alias)  # another drainer may have just created it
        if current:
            return current[-1]
        raise SearchIndexError(f"{alias} exists as a plain index, not an alias; delete it or reindex")
    versions = existing_versions(client, config, doc_type)
    name = versioned_name(config, doc_type, max(versions, default=0) + 1)
    try:
        client.indices.create(index=name, aliases={alias: {"is_write_index": True}})
    except BadRequestError as exc:
        if exc.error != "resource_already_exists_exception":
            raise
        client.indices.update_aliases(actions=[{"add": {"index": name, "alias": alias}}])
    client.cluster.health(index=name, wait_for_status="yellow", timeout="30s")
    return name


def ensure_indices(client: Elasticsearch, config: IndexConfig) -> None:
    """Templates, indices and aliases for articles and events."""
    for doc_type in DOC_TYPES:
        ensure_index(client, config, doc_type)


def delete_all(client: Elasticsearch, config: IndexConfig) -> None:
    """Remove every index and template under the prefix (tests and `make clean` use it)."""
    for doc_type in DOC_TYPES:
        alias = alias_name(config, doc_type)
        client.indices.delete(index=f"{alias}-v*", allow_no_indices=True, ignore_unavailable=True)
        try:
            client.indices.delete_index_template(name=alias)
        except NotFoundError:
            pass
