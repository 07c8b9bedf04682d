"""model artifact files in the store (every worker loads the same active model)

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa
import store.models


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'model_artifact_files',
        sa.Column('id', _ID, nullable=False),
        sa.Column('version', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', store.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('version', 'name'),
    )
    op.create_index('ix_model_artifact_files_version', 'model_artifact_files', ['version'])


def downgrade() -> None:
    op.drop_index('ix_model_artifact_files_version', table_name='model_artifact_files')
    op.drop_table('model_artifact_files')
