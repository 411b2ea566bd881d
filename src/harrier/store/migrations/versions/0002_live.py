"""live: item claims, worker heartbeats, refresh state

Revision ID: 0002_live
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_live"
down_revision = "0001"
branch_labels = ("live",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "live_claims",
        sa.Column("detector", sa.String(length=128), nullable=False),
        sa.Column("subject_type", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.String(length=255), nullable=False),
        sa.Column("worker", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("detector", "subject_type", "subject_id"),
    )
    op.create_index("ix_live_claims_worker", "live_claims", ["worker"])
    op.create_index("ix_live_claims_expires_at", "live_claims", ["expires_at"])
    op.create_table(
        "live_workers",
        sa.Column("worker", sa.String(length=64), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("stats", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("worker"),
    )
    op.create_index("ix_live_workers_heartbeat_at", "live_workers", ["heartbeat_at"])
    op.create_table(
        "live_state",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("live_state")
    op.drop_table("live_workers")
    op.drop_table("live_claims")
