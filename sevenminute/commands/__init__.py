"""The command line, one module per verb (`python build.py VERB`); `cli` assembles them.

    build      build briefings into web pages and PDF handouts, then the library
    check      check briefings as a careful editor would, without building
    themes     the themes found in briefings, the evidence, and the questions added
    questions  the question bank
    new        start a new briefing from a few questions
    import_review  `import`: draft a briefing from a full review
    serve      the live preview
    clean      remove what the kit made in the output folder
    schema     the JSON schema of the source format, for editors
    evidence   session records into the database; the board's report and follow-up calendar

`common` holds what several verbs share: folders, options and how problems are printed.
Commands are the only place problems become exit codes.
"""
