"""Alembic runs this to migrate the evidence tables (sevenminute.database opens the connection)."""

from sevenminute.database.migrations.env import run

run()
