"""The hub tables' migrations, one file a version, applied in order."""
