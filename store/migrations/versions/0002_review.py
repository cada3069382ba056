"""review dashboard: indexes for the leads list, consent look-ups and export; the default segment

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

- ``ix_consents_lead_purpose_id``: "latest consent of a purpose" per lead
  (export and the consent filter) is an index range, not a scan.
- ``ix_contact_points_lead_kind``: the first email / phone of each listed or
  exported lead.
- ``ix_leads_live_created``: the default list (live leads, newest first).
- PostgreSQL only: trigram GIN indexes (pg_trgm) so the substring search on
  folded names, company keys and contact values stays fast at 100,000 leads.
  Skipped, with the search still correct, where the extension is unavailable.
- The segment "Inactive for more than six months".
"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TRIGRAM_INDEXES = {
    "ix_leads_name_key_trgm": ("leads", "name_key"),
    "ix_companies_key_trgm": ("companies", "key"),
    "ix_contact_points_value_trgm": ("contact_points", "value"),
}
DEFAULT_SEGMENT = "Inactive for more than six months"


def upgrade() -> None:
    op.create_index("ix_consents_lead_purpose_id", "consents", ["lead_id", "purpose", "id"])
    op.create_index("ix_contact_points_lead_kind", "contact_points", ["lead_id", "kind", "id"])
    op.create_index("ix_leads_live_created", "leads", ["merged_into_id", "erased_at", "created_at"])
    bind = op.get_bind()
    if bind.dialect.name == "postgresql" and _trigram_available(bind):
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, (table, column) in TRIGRAM_INDEXES.items():
            op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")
    segments = sa.table("segments", sa.column("name", sa.String), sa.column("filters", sa.JSON),
                        sa.column("created_at", sa.DateTime(timezone=True)))
    op.bulk_insert(segments, [{"name": DEFAULT_SEGMENT, "filters": {"inactive_months": 6},
                               "created_at": datetime.now(timezone.utc)}])


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM segments WHERE name = :name").bindparams(name=DEFAULT_SEGMENT))
    if op.get_bind().dialect.name == "postgresql":
        for name in TRIGRAM_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    op.drop_index("ix_leads_live_created", "leads")
    op.drop_index("ix_contact_points_lead_kind", "contact_points")
    op.drop_index("ix_consents_lead_purpose_id", "consents")


def _trigram_available(bind: sa.engine.Connection) -> bool:
    return bind.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).first() is not None
