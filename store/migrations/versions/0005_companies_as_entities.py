"""companies as entities: fuzzy look-up keys, a review queue of duplicate companies, undoable company merges

Revision ID: 0005
Revises: 0004

- ``companies.merged_into_id``: a company merged into another points at it, like a merged lead.
- ``company_match_keys``: the blocking keys of each company's name, indexed by ``(key, id)``, so a
  lead writing its firm another way ("TALLERES RUIZ, SL", "Talleres Ruíz") finds the company in one
  capped look-up, as leads find leads through ``match_keys``.
- ``company_duplicates``: pairs of companies the matcher thinks may be one firm, for a person to merge
  or keep apart (the duplicates page shows them beside the lead pairs).
- ``company_merges``: which leads a company merge moved, so that it can be undone.

Companies stored before this migration get their keys from ``captura duplicates scan``, which also
queues the duplicate companies it finds among them.
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("companies") as batch_op:
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_companies_merged_into_id_companies", "companies", ["merged_into_id"], ["id"])
        batch_op.create_index("ix_companies_merged_into_id", ["merged_into_id"])
    op.create_table(
        "company_match_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_company_match_keys"),
        sa.Column("company_id", sa.Integer(), sa.ForeignKey("companies.id", name="fk_company_match_keys_company_id_companies"),
                  nullable=False),
        sa.Column("key", sa.String(400), nullable=False),
    )
    op.create_index("ix_company_match_keys_company_id", "company_match_keys", ["company_id"])
    op.create_index("ix_company_match_keys_key_id", "company_match_keys", ["key", "id"])
    op.create_table(
        "company_duplicates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_company_duplicates"),
        sa.Column("company_id", sa.Integer(), sa.ForeignKey("companies.id", name="fk_company_duplicates_company_id_companies"),
                  nullable=False),
        sa.Column("other_company_id", sa.Integer(),
                  sa.ForeignKey("companies.id", name="fk_company_duplicates_other_company_id_companies"), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("parts", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.Integer(),
                  sa.ForeignKey("staff_users.id", name="fk_company_duplicates_decided_by_staff_users"), nullable=True),
        sa.UniqueConstraint("company_id", "other_company_id", name="uq_company_duplicates_pair"),
    )
    op.create_index("ix_company_duplicates_company_id", "company_duplicates", ["company_id"])
    op.create_index("ix_company_duplicates_other_company_id", "company_duplicates", ["other_company_id"])
    op.create_index("ix_company_duplicates_status", "company_duplicates", ["status"])
    op.create_table(
        "company_merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_company_merges"),
        sa.Column("kept_company_id", sa.Integer(),
                  sa.ForeignKey("companies.id", name="fk_company_merges_kept_company_id_companies"), nullable=False),
        sa.Column("merged_company_id", sa.Integer(),
                  sa.ForeignKey("companies.id", name="fk_company_merges_merged_company_id_companies"), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("merged_by", sa.String(100), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_company_merges_kept_company_id", "company_merges", ["kept_company_id"])
    op.create_index("ix_company_merges_merged_company_id", "company_merges", ["merged_company_id"])


def downgrade() -> None:
    op.drop_table("company_merges")
    op.drop_table("company_duplicates")
    op.drop_table("company_match_keys")
    with op.batch_alter_table("companies") as batch_op:
        batch_op.drop_index("ix_companies_merged_into_id")
        batch_op.drop_constraint("fk_companies_merged_into_id_companies", type_="foreignkey")
        batch_op.drop_column("merged_into_id")
