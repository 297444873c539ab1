"""Stage 3, enrich: what the author did not write, computed from what they did.

handout    the `Handout`: slug, numbered sections, timings and reflection questions
themes     which themes of the question bank a briefing is about, and why
glossary   the safeguarding acronyms a briefing uses, for its "Terms used" box
"""
