"""review console: users, sessions, API keys, case locks and skips, exposure, org settings

Revision ID: 0002_review
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_review"
down_revision = "0001"
branch_labels = ("review",)
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "review_users",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("username", sa.String(length=255), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("blur_strength", sa.Integer(), nullable=True),
        sa.Column("greyscale", sa.Boolean(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_login_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "review_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_review_sessions_user_id", "review_sessions", ["user_id"])
    op.create_table(
        "review_api_keys",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("prefix", sa.String(length=32), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("revoked_at", TS, nullable=True),
        sa.Column("expires_at", TS, nullable=True),
        sa.Column("rotated_from", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("prefix"),
    )
    op.create_index("ix_review_api_keys_name", "review_api_keys", ["name"])
    op.create_table(
        "review_case_locks",
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("username", sa.String(length=255), nullable=False),
        sa.Column("claimed_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
    )
    op.create_index("ix_review_case_locks_user_id", "review_case_locks", ["user_id"])
    op.create_index("ix_review_case_locks_expires_at", "review_case_locks", ["expires_at"])
    op.create_table(
        "review_case_skips",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("until", TS, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "case_id"),
    )
    op.create_table(
        "review_exposure",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("reveals", sa.Integer(), nullable=False),
        sa.Column("cases_viewed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "day"),
    )
    op.create_table(
        "review_org_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.String(length=255), nullable=True),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_review_cases_queue_sev", "cases", ["queue", "status", "severity", "rank"])
    op.create_index("ix_review_cases_queue_created", "cases", ["queue", "status", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_review_cases_queue_created", table_name="cases")
    op.drop_index("ix_review_cases_queue_sev", table_name="cases")
    for t in ("review_org_settings", "review_exposure", "review_case_skips", "review_case_locks",
              "review_api_keys", "review_sessions", "review_users"):
        op.drop_table(t)
