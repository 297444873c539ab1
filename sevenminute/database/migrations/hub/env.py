"""Alembic runs this to migrate the hub tables (sevenminute.database opens the connection)."""

from sevenminute.database.migrations.env import run

run()
