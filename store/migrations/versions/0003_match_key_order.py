"""match_keys indexed by (key, id): the newest candidates of a key are read without sorting the whole block

Revision ID: 0003
Revises: 0001
"""
from alembic import op

revision = "0003"
down_revision = "0002"  # after the review migration (was "0001" until review landed)
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("match_keys") as batch_op:
        batch_op.drop_index("ix_match_keys_key")
        batch_op.create_index("ix_match_keys_key_id", ["key", "id"])


def downgrade() -> None:
    with op.batch_alter_table("match_keys") as batch_op:
        batch_op.drop_index("ix_match_keys_key_id")
        batch_op.create_index("ix_match_keys_key", ["key"])
