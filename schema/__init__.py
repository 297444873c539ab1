"""The kit's JSON schemas (installed as sevenminute.schema): the session record's is read by `evidence add`."""
