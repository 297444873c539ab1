"""A heading's part by what it means, when none of the words reviews usually use is in it.

Reviews name their parts in endless ways ("Practice to build on", "In their own words",
"The children we learned about"). A heading that holds none of the usual words, over a part whose own
words suggest no part either, is compared by the sentence model the kit uses for themes
(pipeline/enrich/meaning.py) with a few headings of each part written here; the nearest
part is taken when it is near enough. Recommendations and method are never guessed this way:
a topic heading ("Multi-agency meetings") can sound like either, and a wrong guess there
costs most.
"""

from __future__ import annotations

from ..pipeline.enrich import meaning

MEANING_MIN = 0.55  # measured on the import corpus (make eval-import)

# How reviews head each part, in the project's own words.
ROLE_HEADINGS: dict[str, tuple[str, ...]] = {
    "introduction": (
        "Introduction", "Why we carried out this review", "About this review", "The purpose of this report",
        "Summary of the review", "How this review came about",
    ),
    "what-happened": (
        "What happened", "The child's story", "His life and what happened to him",
        "The family and their history", "The cases we looked at", "A summary of the events",
        "The people at the centre of this review",
    ),
    "findings": (
        "What the review found", "What went wrong", "Issues the panel identified", "Gaps in practice",
        "Where practice fell short", "Our findings",
    ),
    "learning": (
        "Learning for practice", "Lessons for professionals", "What we need to do differently",
        "Messages for practitioners", "What this tells us",
    ),
    "good-practice": (
        "Good practice", "What is working well", "Strengths to build on", "Positive practice we saw",
        "What helped", "Examples of effective practice",
    ),
    "family": (
        "The family's views", "What the family told us", "In their own words", "The mother's account",
        "Hearing from young people", "What parents said to us",
    ),
    "further": (
        "Further information", "Where to get help", "Glossary of terms", "Useful contacts",
        "Where to find out more", "Decision about a further review",
    ),
}  # fmt: skip


def roles_by_meaning(headings: list[str]) -> list[tuple[str | None, float]]:
    """For each heading, the part it means and how near it is; None where nothing is near."""
    if not headings:
        return []
    roles = [role for role, examples in ROLE_HEADINGS.items() for _ in examples]
    examples = meaning.embed_kept([example for group in ROLE_HEADINGS.values() for example in group])
    likeness = meaning.embed_kept(headings) @ examples.T
    found = []
    for row in likeness:
        best = int(row.argmax())
        found.append(
            (roles[best], float(row[best])) if row[best] >= MEANING_MIN else (None, float(row[best]))
        )
    return found
