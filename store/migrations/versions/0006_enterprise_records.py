"""enterprises and the regulators' actions on them (约谈, 警示, 信用修复告知)

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa
import store.models


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'enterprises',
        sa.Column('id', _ID, nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('credit_code', sa.String(length=18), nullable=True),
        sa.Column('repair_note', sa.Text(), nullable=True),
        sa.Column('created_at', store.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
        sa.UniqueConstraint('credit_code'),
    )
    op.create_table(
        'enterprise_actions',
        sa.Column('id', _ID, nullable=False),
        sa.Column('enterprise_id', _ID, nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('happened_on', sa.Date(), nullable=False),
        sa.Column('department_name', sa.String(length=200), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('attachment_url', sa.String(length=1000), nullable=True),
        sa.Column('actor', sa.String(length=100), nullable=False),
        sa.Column('created_at', store.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_enterprise_actions_enterprise_id', 'enterprise_actions', ['enterprise_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_enterprise_actions_enterprise_id', table_name='enterprise_actions')
    op.drop_table('enterprise_actions')
    op.drop_table('enterprises')
