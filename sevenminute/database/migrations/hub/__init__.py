"""Alembic's script folder for the hub tables."""
