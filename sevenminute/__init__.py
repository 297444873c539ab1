"""The seven-minute briefing kit: YAML sources into web pages and printable PDF handouts.

The folders are the parts of the kit, and imports run one way, downwards:

    commands/    one module per command-line verb; `cli` assembles them
    preview/     the live preview server (`serve`)
    site/        the output folder: builds, library, feed (uses the pipeline)
    authoring/   `check` and `new`: aids for the people who write briefings
    importer/    a first draft from a full review (`import`)
    pipeline/    one briefing: load → validate → enrich → render → print
    problems     what went wrong, worded for the author; everything may use it
"""

__version__ = "0.1.0"
