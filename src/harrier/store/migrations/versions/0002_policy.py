"""policy: rule hits (live and shadow)

Revision ID: 0002_policy
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_policy"
down_revision = "0001"
branch_labels = ("policy",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "policy_rule_hits",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("rule", sa.String(length=128), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("account_id", sa.String(length=255), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_policy_rule_hits_run_id", "policy_rule_hits", ["run_id"])
    op.create_index("ix_policy_rule_hits_account_id", "policy_rule_hits", ["account_id"])
    op.create_index("ix_policy_rule_hits_rule", "policy_rule_hits", ["rule", "mode"])


def downgrade() -> None:
    op.drop_table("policy_rule_hits")
