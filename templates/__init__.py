"""The kit's Jinja templates and assets (installed as sevenminute.templates)."""
