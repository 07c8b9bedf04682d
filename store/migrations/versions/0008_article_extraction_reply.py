"""articles: the extraction method of each field, and a board thread's official reply

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('articles') as batch:
        batch.add_column(sa.Column('extraction', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('reply', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('articles') as batch:
        batch.drop_column('reply')
        batch.drop_column('extraction')
