"""The session records and the actions each agreed."""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "records",
        sa.Column("record_id", sa.Text, primary_key=True),
        sa.Column("briefing_slug", sa.Text, nullable=False),
        sa.Column("briefing_title", sa.Text, nullable=False),
        sa.Column("content_hash", sa.Text, nullable=False),
        sa.Column("session_date", sa.Text, nullable=False),  # YYYY-MM-DD
        sa.Column("team", sa.Text, nullable=False),
        sa.Column("agency", sa.Text, nullable=False),
        sa.Column("facilitator", sa.Text, nullable=False),
        sa.Column("attending", sa.Integer, nullable=False),
        sa.Column("reflections", sa.Text, nullable=False),
        sa.Column("usefulness", sa.Integer),  # 1 to 5, or NULL when not asked
        sa.Column("confidence_before", sa.Integer),
        sa.Column("confidence_after", sa.Integer),
        sa.Column("changed_at", sa.Text, nullable=False),  # UTC; of two copies the later is kept
        sa.Column("added_at", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),  # the file it was added from
        sa.Column("record_json", sa.Text, nullable=False),  # the record exactly as exported
    )
    op.create_index("records_by_date", "records", ["session_date"])
    op.create_table(
        "actions",
        sa.Column(
            "record_id",
            sa.Text,
            sa.ForeignKey("records.record_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer, primary_key=True),  # 1, 2, ... in the record's order
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("due", sa.Text),  # YYYY-MM-DD, or NULL when no date was set
        sa.Column("done", sa.Integer, nullable=False),
        sa.Column("done_on", sa.Text),
    )
    op.create_index("actions_open", "actions", ["done", "due"])
