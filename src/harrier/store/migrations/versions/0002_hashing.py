"""hashing: hash banks, bank entries, incremental match state

Revision ID: 0002_hashing
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = '0002_hashing'
down_revision = '0001'
branch_labels = ('hashing',)
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table('hash_banks',
    sa.Column('id', BigId, autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('threshold', sa.Integer(), nullable=False),
    sa.Column('quality_floor', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('config_version', sa.BigInteger(), nullable=False),
    sa.Column('created_at', TS, nullable=False),
    sa.Column('updated_at', TS, nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name'),
    )
    op.create_table('hash_bank_entries',
    sa.Column('id', BigId, autoincrement=True, nullable=False),
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('quality', sa.Integer(), nullable=True),
    sa.Column('source_id', sa.String(length=255), nullable=True),
    sa.Column('labels', sa.Text(), nullable=True),
    sa.Column('added_version', sa.BigInteger(), nullable=False),
    sa.Column('added_at', TS, nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('bank_id', 'hash', name='uq_hash_bank_entries_bank_hash'),
    )
    op.create_index('ix_hash_bank_entries_bank_id', 'hash_bank_entries', ['bank_id'], unique=False)
    op.create_table('hash_matches',
    sa.Column('id', BigId, autoincrement=True, nullable=False),
    sa.Column('media_id', sa.String(length=255), nullable=False),
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('entry_id', sa.BigInteger(), nullable=False),
    sa.Column('hash_kind', sa.String(length=16), nullable=False),
    sa.Column('media_hash', sa.String(length=64), nullable=False),
    sa.Column('distance', sa.Integer(), nullable=False),
    sa.Column('created_at', TS, nullable=False),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_hash_matches_media_id', 'hash_matches', ['media_id'], unique=False)
    op.create_index('ix_hash_matches_bank_id', 'hash_matches', ['bank_id'], unique=False)
    op.create_index('ix_hash_matches_entry_id', 'hash_matches', ['entry_id'], unique=False)
    op.create_index('ix_hash_matches_media_entry', 'hash_matches', ['media_id', 'entry_id'], unique=True)
    op.create_table('hash_media',
    sa.Column('media_id', sa.String(length=255), nullable=False),
    sa.Column('pdq', sa.String(length=64), nullable=True),
    sa.Column('quality', sa.Integer(), nullable=True),
    sa.Column('md5', sa.String(length=32), nullable=True),
    sa.Column('matched_at', TS, nullable=False),
    sa.PrimaryKeyConstraint('media_id'),
    )
    op.create_table('hash_bank_state',
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('matched_version', sa.BigInteger(), nullable=False),
    sa.Column('matched_config_version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('bank_id'),
    )
    op.create_table('hashing_state',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key'),
    )


def downgrade() -> None:
    for t in ('hashing_state', 'hash_bank_state', 'hash_media', 'hash_matches', 'hash_bank_entries', 'hash_banks'):
        op.drop_table(t)
