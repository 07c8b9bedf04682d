"""Rebuild an index from the store into a new version and swap the alias with no gap in search."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from elasticsearch import Elasticsearch
from elasticsearch.helpers import streaming_bulk

from store.index_documents import stream_documents
from store.models import utcnow
from store.outbox import requeue_done_since
from store.search_index import (
    SearchIndexError, alias_name, doc_type_of, existing_versions, indices_behind, load_template,
    IndexConfig, put_template,
    versioned_name,
)

log = logging.getLogger(__name__)


@dataclass
class ReindexResult:
    """What a reindex did."""

    doc_type: str
    new_index: str
    old_indices: list[str]
    documents: int
    requeued: int
    seconds: float


def reindex(db, client: Elasticsearch, config: IndexConfig, doc_type: str, *, chunk_size: int = 500,
            progress: Callable[[int], None] | None = None, grace: float = 1.0) -> ReindexResult:
    """Build `<alias>-v(N+1)` from the store, swap the alias atomically, then drop the old version."""
    doc_type = doc_type_of(doc_type)
    started_clock, started_at = time.monotonic(), utcnow()
    alias = alias_name(config, doc_type)
    put_template(client, config, doc_type)
    old = indices_behind(client, alias)
    if not old and client.indices.exists(index=alias):
        raise SearchIndexError(f"{alias} exists as a plain index, not an alias; delete it first")
    new = versioned_name(config, doc_type, max(existing_versions(client, config, doc_type), default=0) + 1)
    # No refreshes while loading: faster, and readers keep using the old version through the alias.
    client.indices.create(index=new, settings={"index": {"refresh_interval": "-1"}})
    count = 0
    try:
        with db.session() as session:
            actions = ({"_index": new, "_id": str(i), "_source": doc}
                       for i, doc in stream_documents(session, doc_type, chunk=chunk_size))
            for ok, item in streaming_bulk(client, actions, chunk_size=chunk_size, raise_on_error=False,
                                           max_retries=5, initial_backoff=1, max_backoff=30):
                if not ok:
                    raise SearchIndexError(f"reindex of {alias} failed on a document: {str(item)[:500]}")
                count += 1
                if progress and count % 10_000 == 0:
                    progress(count)
        template_refresh = load_template(config, doc_type)["template"]["settings"].get("refresh_interval", "1s")
        client.indices.put_settings(index=new, settings={"index": {"refresh_interval": template_refresh}})
        client.indices.refresh(index=new)
        client.cluster.health(index=new, wait_for_status="yellow", timeout="60s")
    except BaseException:
        client.indices.delete(index=new, ignore_unavailable=True)
        raise
    actions = [{"remove": {"index": name, "alias": alias}} for name in old]
    actions.append({"add": {"index": new, "alias": alias, "is_write_index": True}})
    client.indices.update_aliases(actions=actions)  # one call: readers never see the alias missing
    # Writes drained while we copied may have reached only the old version: send them again.
    requeued = requeue_done_since(db, doc_type, started_at)
    if old:
        time.sleep(grace)  # let searches that resolved the alias just before the swap finish
        client.indices.delete(index=",".join(old), ignore_unavailable=True)
    result = ReindexResult(doc_type, new, old, count, requeued, time.monotonic() - started_clock)
    log.info("reindexed %d %ss into %s (was %s); %d outbox rows requeued", count, doc_type, new,
             ", ".join(old) or "none", requeued)
    return result
