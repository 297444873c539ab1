"""Aids for the people who write briefings, before anything is published.

    lint       `check`: timing, identifying details, unexplained acronyms, links, unfinished text
    scaffold   `new`: a first draft with the seven parts laid out and guidance in comments

Reviews are drafted into briefings by the `importer` package beside this one.
"""
