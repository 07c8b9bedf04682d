"""article certainty (how near the verdict sat to a threshold) and reviewers' article-level labels

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa
import store.models


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('articles') as batch:
        batch.add_column(sa.Column('certainty', sa.Float(), nullable=True))
    op.create_index('ix_articles_certainty', 'articles', ['certainty'], unique=False)
    op.create_table(
        'article_label_decisions',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('article_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('label', sa.String(length=20), nullable=False),
        sa.Column('predicted', sa.String(length=20), nullable=True),
        sa.Column('certainty', sa.Float(), nullable=True),
        sa.Column('model_version', sa.String(length=64), nullable=True),
        sa.Column('actor', sa.String(length=100), nullable=False),
        sa.Column('created_at', store.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_article_label_decisions_article_id', 'article_label_decisions', ['article_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_article_label_decisions_article_id', table_name='article_label_decisions')
    op.drop_table('article_label_decisions')
    op.drop_index('ix_articles_certainty', table_name='articles')
    with op.batch_alter_table('articles') as batch:
        batch.drop_column('certainty')
