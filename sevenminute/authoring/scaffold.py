"""A new briefing's first draft: a valid source with the seven parts laid out and guidance
in comments, for `python build.py new`. Writing it never overwrites a file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from ..pipeline.load import load
from ..pipeline.model import REVIEW_KIND_NAMES, SECTION_COUNT
from ..pipeline.settings import SETTINGS_FILE, Settings
from ..problems import BriefingError, Problem, display_path

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/briefing.schema.json"


@dataclass(frozen=True)
class Structure:
    name: str
    kinds: tuple[str, ...]  # the review kinds it suits
    parts: tuple[tuple[str, str], ...]  # (title, what to write there)


STRUCTURES: dict[str, Structure] = {
    "review": Structure(
        "a practice review (what happened, what it found, what changes)",
        ("CSPR", "LCSPR", "rapid-review", "SAR", "DHR", "other"),
        (
            ("Introduction", "Who commissioned the review, about whom (anonymised), and why it matters."),
            ("What happened", "The key events in a few lines; anonymised, no dates of birth or places."),
            ("What the review found", "The main areas of concern, one line each."),
            ("Learning for practice", "What practitioners should do differently, as short actions."),
            ("Learning for agencies", "What managers and agencies should change in systems and oversight."),
            ("Recommendations", "Every recommendation of the review, condensed."),
            ("What to do now", "Two or three things each person can do this week."),
        ),
    ),
    "audit": Structure(
        "an audit (why, how, what worked, what must improve)",
        ("audit",),
        (
            ("Introduction", "What was audited, by whom, and why."),
            ("Why it matters", "The risk to children or adults that the audit looked at."),
            ("How the audit worked", "How many cases, which agencies, and what was looked for."),
            ("What worked well", "Strengths to keep, one line each."),
            ("What needs to improve", "The gaps found, one line each."),
            ("Recommendations", "Every recommendation of the audit, condensed."),
            ("What to do now", "Two or three things each person can do this week."),
        ),
    ),
    "thematic": Structure(
        "a thematic topic (what it is, signs, good practice, help)",
        ("thematic",),
        (
            ("Introduction", "The topic and why the partnership chose it now."),
            ("What it is", "A plain definition, with any acronym spelled out."),
            ("Why it matters", "What the evidence and local reviews show."),
            ("Signs to look for", "What practitioners might see or hear."),
            ("What good practice looks like", "Short actions, with an example if you have one."),
            ("Who can help", "Services, pathways and how to refer."),
            ("What to do now", "Two or three things each person can do this week."),
        ),
    ),
}


def structure_for(kind: str) -> str:
    """The structure that suits a review kind."""
    return next(key for key, structure in STRUCTURES.items() if kind in structure.kinds)


@dataclass(frozen=True)
class Draft:
    title: str
    partnership: str
    published: date
    kind: str
    parts: tuple[tuple[str, str], ...]  # seven (title, guidance)


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def render_draft(draft: Draft) -> str:
    if len(draft.parts) != SECTION_COUNT:
        raise ValueError("a draft needs seven parts")
    kinds = ", ".join(REVIEW_KIND_NAMES)
    lines = [
        SCHEMA_LINE,
        "# A seven-minute briefing. Replace each TODO; `python build.py check` lists what is left.",
        "# Keep to about 900 words across the seven sections, use only the anonymised names the",
        "# review uses, and spell out each acronym the first time.",
        f"title: {yaml_string(draft.title)}",
        "subtitle: " + yaml_string(f"Learning from a {REVIEW_KIND_NAMES[draft.kind].lower()}"),
        f"partnership: {yaml_string(draft.partnership)}",
        "status: draft  # built for review, never listed; set `published` when it is ready",
        f"published: {draft.published.isoformat()}",
        "# published_certainty: estimated  # when the source gives no date: estimated or not-given",
        "review:",
        f"  kind: {draft.kind}  # one of: {kinds}",
        '  # title: "The review\'s own title"',
        "  # url: https://www.example.org/the-full-review",
        "# audience: Practitioners and managers in all agencies",
        "summary: >",
        "  TODO: one or two sentences: what happened and what the learning asks of practitioners.",
        "# The names the review itself uses; the anonymisation check never reports them.",
        "pseudonyms: []",
        "sections:  # exactly seven, in the order you will deliver them",
    ]
    for title, guidance in draft.parts:
        lines += [
            f"  - title: {yaml_string(title)}",
            "    body: |",
            f"      TODO: {guidance}",
            "    # notes: |",
            "    #   For the person delivering it: what to stress, what to ask. Never printed.",
        ]
    lines += [
        "# Your own questions for the team; the kit adds questions from the briefing's themes",
        "# and three standard ones after them.",
        "questions: []",
        "resources:",
        "  - title: Working Together to Safeguard Children",
        "    url: https://www.gov.uk/government/publications/working-together-to-safeguard-children--2",
        "",
    ]
    return "\n".join(lines)


def write_draft(path: Path, draft: Draft) -> Path:
    """Write the draft to `path`; never replaces an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(render_draft(draft))
    except FileExistsError:
        raise BriefingError(
            Problem(
                path,
                1,
                1,
                f"{display_path(path)} already exists, and `new` never overwrites a briefing; "
                "choose another name, or edit that file",
            )
        ) from None
    return path


def settings_partnership(project: Path) -> str:
    """The partnership the project's partnership.yaml names, or "" when it names none or its
    settings are only an example. Only `name` and `example` are read, so a setting the build
    will refuse (a logo not there yet, say) does not hide the name."""
    path = project / SETTINGS_FILE
    if not path.is_file():
        return ""
    try:
        data = load(path).data
        settings = Settings.model_validate({key: data[key] for key in ("name", "example") if key in data})
    except (BriefingError, TypeError, ValidationError):
        return ""
    return "" if settings.example or "name" not in data else settings.name


PARTNERSHIP_TO_WRITE = "TODO: the partnership's name"


def default_partnership(project: Path) -> str:
    """The partnership `new` offers: the one partnership.yaml names, else none (the author is
    asked, and without input a TODO is written): never a name taken from another briefing."""
    return settings_partnership(project)
