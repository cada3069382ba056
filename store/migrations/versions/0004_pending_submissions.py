"""pending submissions indexed by id: a worker's claim reads its batch, not the whole backlog

Revision ID: 0004
Revises: 0003

The worker claims "the oldest pending submissions, up to 200" (``store.ingest.
claim_submissions``). Through ``ix_submissions_status`` that means fetching
every pending row and sorting them: about 5 ms with 5,000 pending, growing
with the backlog (a burst of 20,000, an outage's worth). A partial index on
``id`` over pending rows alone is read in order and stops after the batch
(0.3 ms, measured with EXPLAIN ANALYZE on PostgreSQL), and it stays as small
as the backlog, since stored rows leave it. PostgreSQL only: SQLite's index
on ``status`` keeps each status's rows in rowid (= id) order, so its claim
already reads the batch alone (EXPLAIN QUERY PLAN: no sort).
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    # CONCURRENTLY (outside the migration's transaction): a plain CREATE INDEX would block the doors'
    # inserts for as long as it reads a large submissions table, and every intake would get a 503.
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.create_index("ix_submissions_pending_id", "submissions", ["id"], postgresql_where=PENDING,
                            postgresql_concurrently=True, if_not_exists=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.drop_index("ix_submissions_pending_id", "submissions", postgresql_concurrently=True,
                          if_exists=True)
