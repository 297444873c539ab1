"""The briefing pipeline: one briefing, from its YAML source to a web page and a PDF.

Stages in order; each imports only those before it (and the kit's data):

    sources    which files are briefings, and the name each is published under
    load       stage 1: read a YAML source safely, remembering where every value came from
    model      the source format, declared once as a typed model
    validate   stage 2: a loaded source becomes a `Briefing`, or problems worded for its author
    enrich/    stage 3: slug, timings, themes, reflection questions and the terms used
    render     stage 4: Markdown and Jinja templates turn a handout into HTML pages
    figure     the seven-point figure drawn for the printed page
    printing   stage 5: WeasyPrint turns the handout page into a tagged A4 PDF

Beside them: `bank` (the question bank), `settings` (the partnership's settings) and `kit`
(where the kit's templates, assets and data live).
"""
