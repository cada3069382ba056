"""staff sessions that can be ended, passwords that must be changed, rate limits every process sees

Revision ID: 0006
Revises: 0004 (another branch adds 0005; the two are re-chained when merged)

- ``staff_users.session_version``: part of every session cookie; sign-out, a
  new password and a new role raise it, so a copied cookie stops working.
- ``staff_users.must_change_password``: the first admin's printed password
  and an admin's reset must be replaced at the next sign-in.
- ``staff_users.failed_logins`` and ``locked_until`` are dropped: failed
  sign-ins are now counted per address and account in ``rate_limits``, so a
  stranger can no longer keep an account locked.
- ``rate_limits``: fixed-window counters (door posts per address, failed
  sign-ins per address and account) shared by every web process when there
  is no Redis.
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_users") as table:
        table.add_column(sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"))
        table.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))
        table.drop_column("failed_logins")
        table.drop_column("locked_until")
    op.create_table(
        "rate_limits",
        sa.Column("key", sa.String(400), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("window_ends", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limits")),
    )


def downgrade() -> None:
    op.drop_table("rate_limits")
    with op.batch_alter_table("staff_users") as table:
        table.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
        table.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
        table.drop_column("must_change_password")
        table.drop_column("session_version")
