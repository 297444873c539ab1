"""Each briefing's review state, and the audit log's briefing column."""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "briefings",
        sa.Column("name", sa.Text, primary_key=True),  # the file's name in briefings/, without .yaml
        sa.Column("review", sa.Text),  # "awaiting sign-off", "returned", or NULL
        sa.Column("comment", sa.Text),  # the approver's comment when returned
        sa.Column("change", sa.Text),  # for a correction: what changed, as the author said it
        sa.Column("last_editor", sa.Text),  # the email of whoever saved it last in the hub
        sa.Column("last_edited", sa.Text),  # UTC
    )
    with op.batch_alter_table("audit") as audit:
        audit.add_column(sa.Column("briefing", sa.Text))  # the briefing it concerns, if any
