"""Signed-in sessions, and every sign-in try (for the lockout)."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.Text, primary_key=True),  # random, 256 bits; the cookie carries it, signed
        sa.Column("email", sa.Text, sa.ForeignKey("people.email", ondelete="CASCADE"), nullable=False),
        sa.Column("seen", sa.Text, nullable=False),  # UTC, the last request
    )
    op.create_table(
        "attempts",
        sa.Column("at", sa.Text, nullable=False),  # UTC
        sa.Column("email", sa.Text, nullable=False),  # as typed, lowercased
        sa.Column("address", sa.Text, nullable=False),  # where the request came from
        sa.Column("ok", sa.Integer, nullable=False),  # 1: signed in; 0: refused
    )
