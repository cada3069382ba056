"""review dashboard: indexes for the leads list, search, consent look-ups and export

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

- ``ix_consents_lead_purpose_id``: "latest consent of a purpose" per lead
  (export and the consent filter) is an index range, not a scan.
- ``ix_contact_points_lead_kind``: the first email / phone of each listed or
  exported lead.
- ``ix_leads_live_created`` / ``ix_leads_live_score``: partial indexes over
  live leads (not merged, not erased) on ``(created_at, id)`` and
  ``(score, id)``: the default list (newest first) and "best first" read the
  first page straight from the index, tie-breaker included.
- PostgreSQL only: trigram GIN indexes (pg_trgm) so the substring search on
  folded names, company keys and contact values stays fast at 100,000 leads.
  Skipped, with the search still correct, where the extension is unavailable.
"""
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
LIVE_INDEXES = {"ix_leads_live_created": ["created_at", "id"], "ix_leads_live_score": ["score", "id"]}


def upgrade() -> None:
    op.create_index("ix_consents_lead_purpose_id", "consents", ["lead_id", "purpose", "id"])
    op.create_index("ix_contact_points_lead_kind", "contact_points", ["lead_id", "kind", "id"])
    live = sa.text("merged_into_id IS NULL AND erased_at IS NULL")
    for name, columns in LIVE_INDEXES.items():
        op.create_index(name, "leads", columns, sqlite_where=live, postgresql_where=live)
    bind = op.get_bind()
    if bind.dialect.name == "postgresql" and _trigram_available(bind):
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, (table, column) in TRIGRAM_INDEXES.items():
            op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in TRIGRAM_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    for name in LIVE_INDEXES:
        op.drop_index(name, "leads")
    op.drop_index("ix_contact_points_lead_kind", "contact_points")
    op.drop_index("ix_consents_lead_purpose_id", "consents")


def _trigram_available(bind: sa.engine.Connection) -> bool:
    return bind.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).first() is not None
