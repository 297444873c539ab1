"""Evidence of learning: session records to the board's report, one stage a module.

    records   a JSON record file read and checked against the schema, errors in plain words
    returns   a CSV return in the kit's column layout, each session turned into a record
    store     the SQLite database: one transaction a record, migrations by number
    library   which briefings the library has, and their themes
    figures   the period's figures, read from the store
    report    the board's report: an accessible web page and a tagged PDF
    calendar  the follow-up calendar (.ics) for a team lead

Imports run down that list; the commands in `commands/evidence.py` use them.
"""
