"""A new briefing's first draft: a valid source with the seven parts laid out and guidance
in comments, for `python build.py new`. Writing it never overwrites a file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from pydantic import ValidationError

from ..pipeline.load import load
from ..pipeline.model import REVIEW_KIND_NAMES, SECTION_COUNT
from ..pipeline.settings import SETTINGS_FILE, Settings
from ..problems import BriefingError, Problem, display_path

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/briefing.schema.json"


@dataclass(frozen=True)
class Part:
    title: str
    guidance: str  # what to write there, in a new briefing's TODO
    roles: tuple[str, ...] = ()  # the parts of a review that `import` puts there (importer/roles.py)


@dataclass(frozen=True)
class Structure:
    name: str
    kinds: tuple[str, ...]  # the review kinds it suits
    parts: tuple[Part, ...]


# The seven parts for each kind of source: the one table `new`, the editor's New briefing and
# `import` lay a briefing out by.
STRUCTURES: dict[str, Structure] = {
    "review": Structure(
        "a practice review (what happened, what it found, what changes)",
        ("CSPR", "LCSPR", "rapid-review", "SAR", "DHR", "other"),
        (
            Part("Introduction", "Who commissioned the review, about whom (anonymised), and why it matters.",
                 ("introduction", "scope")),
            Part("What happened", "The key events in a few lines; anonymised, no dates of birth or places.",
                 ("what-happened",)),
            Part("What the review found", "The main areas of concern, one line each.", ("findings",)),
            Part("Learning for practice", "What practitioners should do differently, as short actions.",
                 ("learning", "family")),
            Part("Recommendations", "Every recommendation of the review, condensed.", ("recommendations",)),
            Part("Good practice and changes", "What went well, and what agencies have changed since.",
                 ("good-practice",)),
            Part("What to do now", "Two or three things each person can do this week."),
        ),
    ),
    "audit": Structure(
        "an audit (why, how, what worked, what must improve)",
        ("audit",),
        (
            Part("Introduction", "What was audited, by whom, and why.", ("introduction",)),
            Part("How the audit worked", "How many cases, which agencies, and what was looked for.",
                 ("scope", "what-happened")),
            Part("What worked well", "Strengths to keep, one line each.", ("good-practice",)),
            Part("What needs to improve", "The gaps found, one line each.", ("findings",)),
            Part("Learning for practice", "What practitioners should do differently, as short actions.",
                 ("learning", "family")),
            Part("Recommendations", "Every recommendation of the audit, condensed.", ("recommendations",)),
            Part("What to do now", "Two or three things each person can do this week."),
        ),
    ),
    "thematic": Structure(
        "a thematic topic (what it is, signs, good practice, help)",
        ("thematic",),
        (
            Part("Introduction", "The topic and why the partnership chose it now."),
            Part("What it is", "A plain definition, with any acronym spelled out."),
            Part("Why it matters", "What the evidence and local reviews show."),
            Part("Signs to look for", "What practitioners might see or hear."),
            Part("What good practice looks like", "Short actions, with an example if you have one."),
            Part("Who can help", "Services, pathways and how to refer."),
            Part("What to do now", "Two or three things each person can do this week."),
        ),
    ),
}  # fmt: skip


def structure_for(kind: str) -> str:
    """The structure that suits a review kind."""
    return next(key for key, structure in STRUCTURES.items() if kind in structure.kinds)


@dataclass(frozen=True)
class Draft:
    title: str
    partnership: str
    published: date
    kind: str
    parts: tuple[Part, ...]  # seven


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


@cache
def _sources() -> Environment:
    """The templates a new briefing's YAML is written from (authoring/templates/)."""
    env = Environment(
        loader=PackageLoader("sevenminute.authoring", "templates"), autoescape=False, trim_blocks=True,
        lstrip_blocks=True, keep_trailing_newline=True, undefined=StrictUndefined,
    )  # fmt: skip
    env.filters["yaml"] = yaml_string
    return env


def briefing_yaml(template: str, **values) -> str:
    """A new briefing's source from `template` (new-briefing.yaml, imported-briefing.yaml): the
    one way the kit writes a briefing's YAML from nothing."""
    return _sources().get_template(template).render(schema_line=SCHEMA_LINE, **values)


def render_draft(draft: Draft) -> str:
    if len(draft.parts) != SECTION_COUNT:
        raise ValueError("a draft needs seven parts")
    return briefing_yaml(
        "new-briefing.yaml",
        title=draft.title,
        subtitle=f"Learning from a {REVIEW_KIND_NAMES[draft.kind].lower()}",
        partnership=draft.partnership,
        published=draft.published.isoformat(),
        kind=draft.kind,
        kinds=", ".join(REVIEW_KIND_NAMES),
        parts=draft.parts,
    )


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
