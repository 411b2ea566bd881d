"""core: producer runs (freshness of store-level snapshot producers)

Revision ID: 0003_producer_runs
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_producer_runs"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "producer_runs",
        sa.Column("producer", sa.String(length=128), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("producer", "run_id"),
    )


def downgrade() -> None:
    op.drop_table("producer_runs")
