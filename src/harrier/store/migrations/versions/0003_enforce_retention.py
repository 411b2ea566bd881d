"""enforce: legal holds on cases; evidence bundles record when retention purged them

Revision ID: 0003_enforce_retention
Revises: 0002_enforce
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_enforce_retention"
down_revision = "0002_enforce"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("enforce_evidence_bundles") as batch:
        batch.add_column(sa.Column("purged_at", TS, nullable=True))
    op.create_table(
        "enforce_legal_holds",
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(length=255), nullable=False),
        sa.Column("set_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
    )


def downgrade() -> None:
    op.drop_table("enforce_legal_holds")
    with op.batch_alter_table("enforce_evidence_bundles") as batch:
        batch.drop_column("purged_at")
