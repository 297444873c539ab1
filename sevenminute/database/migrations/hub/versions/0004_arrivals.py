"""Session records as they arrive at the hub's intake."""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.create_table(
        "arrivals",
        sa.Column("id", sa.Integer, primary_key=True),  # the receipt's number
        sa.Column("at", sa.Text, nullable=False),  # UTC
        sa.Column("address", sa.Text, nullable=False),  # where it came from
        sa.Column("record_id", sa.Text, nullable=False),
        sa.Column("slug", sa.Text, nullable=False),  # the briefing it is about
        sa.Column("team", sa.Text, nullable=False),
        sa.Column("session_date", sa.Text, nullable=False),
        sa.Column("attending", sa.Integer, nullable=False),
        sa.Column("actions", sa.Integer, nullable=False),
        sa.Column("state", sa.Text, nullable=False),  # counted, held, set aside
        sa.Column("outcome", sa.Text, nullable=False),  # what the evidence database said
        sa.Column("reason", sa.Text),  # why it was set aside
        sa.Column("record_json", sa.Text, nullable=False),  # the record as it came
    )
