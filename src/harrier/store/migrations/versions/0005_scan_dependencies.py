"""core: scans record their context digest and run; per-item scan errors

Revision ID: 0005_scan_dependencies
Revises: 0004_extra_and_changes

Scan rows written before this revision have no context digest: post and comment scans among them are
pending once more (what context they saw is unknown), media and account scans have no context and stay done.
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_scan_dependencies"
down_revision = "0004_extra_and_changes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("detector_scans") as batch:
        batch.add_column(sa.Column("run_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("context", sa.String(length=64), nullable=True))
    op.create_table(
        "scan_errors",
        sa.Column("detector", sa.String(length=128), nullable=False),
        sa.Column("detector_version", sa.String(length=64), nullable=False),
        sa.Column("subject_type", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.String(length=255), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("detector", "detector_version", "subject_type", "subject_id"),
    )


def downgrade() -> None:
    op.drop_table("scan_errors")
    with op.batch_alter_table("detector_scans") as batch:
        batch.drop_column("context")
        batch.drop_column("run_id")
