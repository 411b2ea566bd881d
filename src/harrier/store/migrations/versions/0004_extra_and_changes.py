"""core: keep unknown fields on every entity; content changes make earlier signals stale

Revision ID: 0004_extra_and_changes
Revises: 0003_producer_runs
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_extra_and_changes"
down_revision = "0003_producer_runs"
branch_labels = None
depends_on = None

TABLES = ("media", "follows", "interactions", "message_edges")


def upgrade() -> None:
    for name in TABLES:
        with op.batch_alter_table(name) as batch:
            batch.add_column(sa.Column("extra", sa.JSON(), nullable=True))
    op.create_table(
        "content_changes",
        sa.Column("subject_type", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.String(length=255), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("subject_type", "subject_id"),
    )


def downgrade() -> None:
    op.drop_table("content_changes")
    for name in TABLES:
        with op.batch_alter_table(name) as batch:
            batch.drop_column("extra")
