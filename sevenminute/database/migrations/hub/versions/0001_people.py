"""The hub's people and its audit log."""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("email", sa.Text, primary_key=True),  # lowercased
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),  # Argon2id, with its salt and parameters
        sa.Column("added_at", sa.Text, nullable=False),  # UTC
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.Text, nullable=False),  # UTC
        sa.Column("who", sa.Text, nullable=False),  # an email, or "command line"
        sa.Column("action", sa.Text, nullable=False),  # "person added", "person removed", ...
        sa.Column("what", sa.Text, nullable=False),  # what it was done to
    )
