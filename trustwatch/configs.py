"""The typed configuration of each layer, built from the Settings and the config folder.

The application is the only reader of `Settings`: it builds one frozen config per package
(AlertingConfig, with the acknowledgement links; ClassifierConfig; IndexConfig; the local
Elasticsearch server) and passes it down. A file a folder named by TRUSTWATCH_CONFIG_DIR does not
hold is taken from the shipped config/ (a test's folder may hold only its sources); a new city is a
folder with its own departments.yaml, routing.yaml, dictionaries/districts.yaml and
dictionaries/userdict.txt.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alerts.ack_tokens import AckLinks
from alerts.channels import CHANNELS
from alerts.config import AlertingConfig, DeliveryOptions, load_alerting_config
from classifier.config import ClassifierConfig
from classifier.districts import DistrictTable, load_table
from store.es_server import LocalElasticsearch
from store.search_index import IndexConfig
from trustwatch.settings import PROJECT_ROOT, Settings

SHIPPED_CONFIG = PROJECT_ROOT / "config"


def config_file(settings: Settings, relative: str) -> Path:
    """`relative` in the settings' config folder, else the shipped one."""
    own = Path(settings.config_dir) / relative
    return own if own.exists() else SHIPPED_CONFIG / relative


def city_table(settings: Settings) -> DistrictTable:
    """The city of this deployment: its districts, towns and name (dictionaries/districts.yaml)."""
    return load_table(config_file(settings, "dictionaries/districts.yaml"))


def channel_options(settings: Settings) -> dict[str, dict]:
    """One options block per registered channel: the settings each channel names, then
    TRUSTWATCH_CHANNEL_OPTIONS (a channel added later needs no settings field of its own)."""
    blocks = {}
    for name, cls in CHANNELS.items():
        block = {option: getattr(settings, field) for option, field in cls.settings_fields.items()}
        block.update(settings.channel_options.get(name, {}))
        blocks[name] = block
    return blocks


ALERTING_FILES = ("departments.yaml", "routing.yaml", "dictionaries/districts.yaml")


def files_fingerprint(settings: Settings, relatives=ALERTING_FILES) -> tuple:
    """What changes when one of the files is edited, added or removed (path, mtime, size)."""
    out = []
    for relative in relatives:
        path = config_file(settings, relative)
        try:
            st = path.stat()
            out.append((str(path), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(path), None, None))
    return tuple(out)


def alerting_config(settings: Settings) -> AlertingConfig:
    """AlertingConfig from the settings and the config folder; raises ConfigError on a bad file."""
    return load_alerting_config(
        settings.config_dir, city_table(settings),
        event_window=dt.timedelta(days=settings.alert_event_window_days),
        auto_dispatch_severity=settings.alert_auto_dispatch_severity,
        channels=tuple(settings.alert_channels), channel_options=channel_options(settings),
        dry_run=settings.alert_dry_run,
        delivery=DeliveryOptions(lease_seconds=settings.alert_lease_seconds,
                                 backoff_seconds=settings.alert_backoff_seconds,
                                 backoff_max_seconds=settings.alert_backoff_max_seconds,
                                 max_attempts=settings.alert_max_attempts),
        links=ack_links(settings), timezone=settings.timezone,
    )


def ack_links(settings: Settings) -> AckLinks:
    """How acknowledgement links are signed and where they point (the web app checks them with it)."""
    return AckLinks(secret_key=settings.secret_key, base_url=settings.base_url,
                    valid_days=settings.alert_ack_token_days)


def index_config(settings: Settings) -> IndexConfig:
    """The search index's config: the cluster, the prefix, config/es templates and the query synonyms."""
    return IndexConfig(
        templates_dir=config_file(settings, "es"),
        url=settings.elasticsearch_url,
        prefix=settings.es_index_prefix,
        request_timeout=settings.es_request_timeout,
        api_key=settings.es_api_key.get_secret_value() if settings.es_api_key is not None else None,
        username=settings.es_username,
        password=settings.es_password.get_secret_value() if settings.es_password else None,
        verify_certs=settings.es_verify_certs,
        ca_certs=settings.es_ca_certs,
        synonyms_file=config_file(settings, "search_synonyms.txt"),
    )


def local_es_server(settings: Settings, *, name: str = "default", port: int | None = None) -> LocalElasticsearch:
    """The project's own single-node Elasticsearch of these settings (when no TRUSTWATCH_ES_URL is set)."""
    return LocalElasticsearch(cache_dir=settings.es_cache_dir, version=settings.es_version,
                              port=port or settings.es_port, heap=settings.es_heap, name=name)


def classifier_config(settings: Settings) -> ClassifierConfig:
    """The classifier's dictionaries (the user dictionary and the city's districts) from the config
    folder, its tokenizer backend and second stage from the settings."""
    return ClassifierConfig(userdict=config_file(settings, "dictionaries/userdict.txt"),
                            districts=config_file(settings, "dictionaries/districts.yaml"),
                            tokenizer=settings.classifier_tokenizer,
                            second_stage=settings.classifier_second_stage)
