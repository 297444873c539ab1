"""Import: a first draft of a seven-part briefing from a full review (PDF, Word, Markdown, text).

The draft is a starting point for an author, not a finished briefing. It finds the review's
parts by their headings and the words reviews use for them, lays them out in the order that
suits the review's kind, keeps every recommendation (one line each, numbered as in the
source), condenses the rest to the seven-minute budget, adds the themes it detects, and marks
with TODO what the author must decide. A report says where each part went and what was cut.

The modules, in the order of the pipeline:

- `read`: the review's text from a file, by its suffix, or a plain reason it cannot be read
- `pdf`: a PDF's text layer, read with PDFium, its lines joined back into paragraphs
- `word`: a Word .docx file's paragraphs, with headings and lists marked
- `text`: helpers shared by the steps below (printable text, sentences, shortening)
- `meta`: what the review is (its name, partnership, date and kind), from its first lines
- `parts`: the review split at its headings, each part given its role
- `recommendations`: every recommendation, labelled as in the review
- `condense`: whole sentences from the start of a part, within a word budget
- `draft`: the seven sections as YAML, and the report; `import_review` is the entry point
"""
