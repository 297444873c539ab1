"""The evidence tables' migrations, one file a version, applied in order."""
