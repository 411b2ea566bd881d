"""review console: failed sign-ins and API-key checks, for login throttling

Revision ID: 0003_review_throttle
Revises: 0002_review
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_review_throttle"
down_revision = "0002_review"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "review_auth_failures",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_review_auth_failures_at", "review_auth_failures", ["at"])
    op.create_index("ix_review_auth_failures_scope_key_at", "review_auth_failures", ["scope", "key", "at"])


def downgrade() -> None:
    op.drop_table("review_auth_failures")
