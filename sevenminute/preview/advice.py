"""What to do about a finding, in the editor's words: the form's fields and buttons, where the
command line names the file's keys and its own commands (problems.COMMAND_LINE_WORDS). Both
word the same structured `Remedy` a finding carries; neither rewrites the other's text."""

from __future__ import annotations

import re

from ..problems import Problem

# The form's names for the places a finding is shown (drafting places each at one).
FIELD_LABELS = {
    "title": "Title",
    "subtitle": "Subtitle",
    "partnership": "Partnership",
    "published": "Published",
    "status": "Status",
    "review.kind": "Kind of review",
    "review.url": "Review address",
    "audience": "Audience",
    "summary": "Summary",
}
PART_LABELS = {
    "title": "Part {n} title",
    "label": "Part {n} label for the figure",
    "body": "Part {n} text",
    "notes": "Part {n} notes for the presenter",
}


def field_label(field: str) -> str:
    """The label the author sees on the form for `field` (sections.2.body: “Part 3 text”)."""
    part = re.fullmatch(r"sections\.(\d+)\.(\w+)", field)
    if part and part.group(2) in PART_LABELS:
        return PART_LABELS[part.group(2)].format(n=int(part.group(1)) + 1)
    row = re.fullmatch(r"(questions|resources|allow)\.(\d+)(?:\.\w+)?", field)
    if row:
        names = {"questions": "Question", "resources": "Resource", "allow": "Allowed on purpose"}
        return f"{names[row.group(1)]} {int(row.group(2)) + 1}"
    return FIELD_LABELS.get(field, "")


# The place a finding opens with, as the command line names it: "`published`", "`review` `url`",
# "section 3 `body`", "question 2 `text`".
_OPENING_PLACE = re.compile(r"^(?:(?:section|question|resource) \d+ )?(?:`[a-z_]+:?` ?)+")


def named_as_on_the_form(message: str, field: str) -> str:
    """The message with the place it opens with named by the form's label for it, as the author
    sees it (`published` is 2030 → “Published” is 2030); as written when the form has no label."""
    label = field_label(field)
    return _OPENING_PLACE.sub(f"“{label}” ", message, count=1) if label else message


def form_words(problem: Problem, field: str) -> str:
    """The finding as the editor shows it: what is wrong, then what to do in the form."""
    remedy = problem.remedy
    if remedy is None:
        return named_as_on_the_form(problem.message, field)
    if remedy.action == "fill-in":  # an empty answer: the field says which
        label = field_label(field)
        return f"“{label}” is empty; write it in" if label else f"{problem.message}; write it in"
    if remedy.action == "allow-or-replace":
        todo = (
            "if it is safe to publish, press “Allow on purpose” and give the reason under “Allowed on "
            "purpose”; otherwise replace it with the anonymised detail the review uses"
        )
    elif remedy.action == "finish-or-draft":
        todo = "finish the text, or choose “a draft” under Status until it is ready"
    elif remedy.action == "sign-off":
        todo = "submit it for sign-off, or choose “a draft” under Status until an approver has signed it off"
    elif remedy.action == "confirm-themes":
        todo = "tick the themes to keep under “Themes”, press “Confirm the themes as ticked”, then Save"
    elif remedy.action == "shorter-label":
        label = field_label(re.sub(r"\.title$", ".label", field)) or "the part's label for the figure"
        todo = f"write a shorter name for the part, of up to {remedy.limit} characters, in “{label}”"
    else:  # an action the editor has no words for yet: the command line's are better than none
        todo = remedy.command_line_words()
    return f"{named_as_on_the_form(problem.message, field)}; {todo}"


def form_action(problem: Problem) -> dict | None:
    """A button the finding offers, when the form can do the remedy for the author."""
    if problem.remedy is not None and problem.remedy.action == "allow-or-replace":
        return {"kind": "allow", "value": problem.remedy.value}
    return None
