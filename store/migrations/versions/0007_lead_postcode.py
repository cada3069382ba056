"""the lead's postcode

Revision ID: 0007
Revises: 0006

- ``leads.postcode``: the postcode as the person's country writes it ("28034", "SW1A 1AA",
  "94105-1234"), normalized at the door (``nlp.fields.normalize_lead_postcode``) and kept like
  the city: a later answer replaces it, its history is in ``lead_values``. Nullable: leads stored
  before this migration have none.
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as table:
        table.add_column(sa.Column("postcode", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("leads") as table:
        table.drop_column("postcode")
