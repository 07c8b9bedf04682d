"""articles: drop duplicate_of_id (never written: a re-published copy is a sighting of the article)

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    # PostgreSQL drops the column's foreign key with it; SQLite's batch mode copies the table without it.
    with op.batch_alter_table('articles') as batch:
        batch.drop_column('duplicate_of_id')


def downgrade() -> None:
    with op.batch_alter_table('articles') as batch:
        batch.add_column(sa.Column('duplicate_of_id', _ID, nullable=True))
        batch.create_foreign_key('articles_duplicate_of_id_fkey', 'articles', ['duplicate_of_id'], ['id'])
