"""index outbox: claims read the open rows in id order (ix_outbox_done, partial ix_outbox_open) instead of
visiting and sorting every pending row through (done_at, next_attempt_at)

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_OPEN = sa.text("done_at IS NULL AND dead_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table('index_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_pending')
        batch_op.create_index('ix_outbox_done', ['done_at'], unique=False)
        batch_op.create_index('ix_outbox_open', ['id'], unique=False, sqlite_where=_OPEN, postgresql_where=_OPEN)


def downgrade() -> None:
    with op.batch_alter_table('index_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_open')
        batch_op.drop_index('ix_outbox_done')
        batch_op.create_index('ix_outbox_pending', ['done_at', 'next_attempt_at'], unique=False)
