"""Alembic's script folder for the evidence tables."""
