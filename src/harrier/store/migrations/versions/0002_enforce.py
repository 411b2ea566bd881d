"""enforce: webhook outbox, CyberTipline reports, evidence bundles, settings

Revision ID: 0002_enforce
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_enforce"
down_revision = "0001"
branch_labels = ("enforce",)
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "enforce_webhook_deliveries",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("delivery_id", sa.String(length=64), nullable=False),
        sa.Column("decision_id", sa.BigInteger(), nullable=True),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_url", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", TS, nullable=False),
        sa.Column("lease_until", TS, nullable=True),
        sa.Column("lease_token", sa.String(length=64), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("delivered_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("delivery_id"),
    )
    op.create_index("ix_enforce_webhook_deliveries_decision_id", "enforce_webhook_deliveries", ["decision_id"])
    op.create_index("ix_enforce_webhook_deliveries_state", "enforce_webhook_deliveries", ["state"])
    op.create_index("ix_enforce_webhook_due", "enforce_webhook_deliveries", ["state", "next_attempt_at"])

    op.create_table(
        "enforce_cybertipline_reports",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("decision_id", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("incident_type", sa.String(length=128), nullable=True),
        sa.Column("xml", sa.Text(), nullable=True),
        sa.Column("xml_sha256", sa.String(length=64), nullable=True),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("endpoint", sa.Text(), nullable=True),
        sa.Column("ncmec_report_id", sa.String(length=64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", TS, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_enforce_cybertipline_reports_case_id", "enforce_cybertipline_reports", ["case_id"])
    op.create_index("ix_enforce_cybertipline_reports_decision_id", "enforce_cybertipline_reports", ["decision_id"])
    op.create_index("ix_enforce_cybertipline_reports_status", "enforce_cybertipline_reports", ["status"])
    op.create_index("ix_enforce_cybertipline_reports_xml_sha256", "enforce_cybertipline_reports", ["xml_sha256"])

    op.create_table(
        "enforce_evidence_bundles",
        sa.Column("bundle_id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("decision_id", sa.BigInteger(), nullable=True),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("file_count", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("includes_media", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("retention_until", TS, nullable=False),
        sa.PrimaryKeyConstraint("bundle_id"),
    )
    op.create_index("ix_enforce_evidence_bundles_case_id", "enforce_evidence_bundles", ["case_id"])
    op.create_index("ix_enforce_evidence_bundles_decision_id", "enforce_evidence_bundles", ["decision_id"])
    op.create_index("ix_enforce_evidence_bundles_retention_until", "enforce_evidence_bundles", ["retention_until"])

    op.create_table(
        "enforce_settings",
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("enforce_settings")
    op.drop_index("ix_enforce_evidence_bundles_retention_until", table_name="enforce_evidence_bundles")
    op.drop_index("ix_enforce_evidence_bundles_decision_id", table_name="enforce_evidence_bundles")
    op.drop_index("ix_enforce_evidence_bundles_case_id", table_name="enforce_evidence_bundles")
    op.drop_table("enforce_evidence_bundles")
    op.drop_index("ix_enforce_cybertipline_reports_xml_sha256", table_name="enforce_cybertipline_reports")
    op.drop_index("ix_enforce_cybertipline_reports_status", table_name="enforce_cybertipline_reports")
    op.drop_index("ix_enforce_cybertipline_reports_decision_id", table_name="enforce_cybertipline_reports")
    op.drop_index("ix_enforce_cybertipline_reports_case_id", table_name="enforce_cybertipline_reports")
    op.drop_table("enforce_cybertipline_reports")
    op.drop_index("ix_enforce_webhook_due", table_name="enforce_webhook_deliveries")
    op.drop_index("ix_enforce_webhook_deliveries_state", table_name="enforce_webhook_deliveries")
    op.drop_index("ix_enforce_webhook_deliveries_decision_id", table_name="enforce_webhook_deliveries")
    op.drop_table("enforce_webhook_deliveries")
