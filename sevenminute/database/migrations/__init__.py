"""Alembic migrations for the kit's two sets of tables, evidence and hub."""
