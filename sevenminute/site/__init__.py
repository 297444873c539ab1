"""The site the kit publishes: the output folder and its lock, incremental builds on worker
processes, each briefing's files, the partnership's branding, and the library with its feed.

    build        build briefings into the output folder, then the library (the entry point)
    options      a build's options
    incremental  what changed since the last build
    workers      one briefing built in a worker process
    handouts     one briefing's web page, facilitator page and PDF
    branding     shared assets, logo and settings on every page
    library      the library page, theme pages, feed and sitemap
    cards        each briefing as the library lists it
    output       atomic writes, the lock, and the register `clean` uses
"""
