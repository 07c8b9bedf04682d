"""The system of record (SQLAlchemy + Alembic) and the Elasticsearch search index fed from an outbox."""
