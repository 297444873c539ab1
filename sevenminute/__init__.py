"""The seven-minute briefing kit.

A briefing flows one way through the package, a module per stage:

    load      read a YAML source safely, remembering where every value came from
    validate  turn it into a typed ``Briefing`` or a list of ``Problem``s
    enrich    add what the author did not write: slug, timings, reflection questions
    render    Jinja templates and Markdown into HTML pages
    printing  WeasyPrint turns the handout page into an A4 PDF
    publish   write everything into ``output/`` atomically

``cli`` is a thin layer over them.
"""

__version__ = "0.1.0"
