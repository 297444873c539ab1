"""Shared by both chains' env.py: run the migrations on the connection the kit opened."""

from alembic import context


def run() -> None:
    config = context.config
    context.configure(
        connection=config.attributes["connection"],
        version_table=config.attributes["version_table"],
        render_as_batch=True,  # SQLite alters a table by copying it
    )
    with context.begin_transaction():
        context.run_migrations()
