"""`new`: start a new briefing from a few questions, with the seven parts laid out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..authoring.scaffold import (
    PARTNERSHIP_TO_WRITE,
    STRUCTURES,
    Draft,
    Part,
    default_partnership,
    structure_for,
    write_draft,
)
from ..authoring.translation import start_version
from ..pipeline.model import REVIEW_KIND_NAMES, SECTION_COUNT
from ..pipeline.sources import find_sources, slugify
from ..problems import BriefingError
from .common import BRIEFINGS, Day


@click.command()
@click.argument("slug", required=False)
@click.option("--title", help="The briefing's title, such as the review's anonymised name (Child Z).")
@click.option("--partnership", help="The partnership publishing it.")
@click.option("--published", type=Day(), help="Publication date, YYYY-MM-DD.")
@click.option(
    "--kind", type=click.Choice(list(REVIEW_KIND_NAMES), case_sensitive=False), help="The kind of source."
)
@click.option(
    "--structure",
    type=click.Choice([*STRUCTURES, "own"]),
    help="Seven parts to start from; `own` takes seven --part titles.",
)
@click.option("--part", "parts", multiple=True, help="One of your own seven section titles (seven times).")
@click.option(
    "--no-input", is_flag=True, help="Ask nothing: use the options given and defaults for the rest."
)
@click.option(
    "--welsh",
    is_flag=True,
    help="Start the Welsh version of the briefing SLUG (briefings/SLUG.cy.yaml), to translate.",
)
def new(
    slug: str | None,
    title: str | None,
    partnership: str | None,
    published,
    kind: str | None,
    structure: str | None,
    parts: tuple[str, ...],
    no_input: bool,
    welsh: bool,
) -> None:
    """Start a new briefing: asks a few questions, then writes briefings/SLUG.yaml.

    The file has the seven parts laid out for the kind of source, with guidance in
    comments and a TODO in each part; `check` lists what is left to write. It never
    overwrites a file. Every question has a default (press Enter to take it).

    \b
    Examples:
      python build.py new
      python build.py new child-z
      python build.py new child-z --no-input --title "Child Z" --kind rapid-review
      python build.py new family-a --welsh
    """
    if welsh:
        _start_welsh(slug)
        return

    def ask(text: str, default, **options):
        return default if no_input else click.prompt(text, default=default, **options)

    _project_here(no_input)
    title = title or ask("Title (the review's anonymised name)", _title_from(slug) if slug else "Child Z")
    slug = slugify(slug or title)
    target = BRIEFINGS / f"{slug}.yaml"
    if target.exists():
        raise click.UsageError(
            f"{target} already exists, and `new` never overwrites a briefing; choose another name"
        )
    offered = default_partnership(Path("."))
    if not partnership and no_input:
        partnership = offered or PARTNERSHIP_TO_WRITE
    partnership = partnership or click.prompt("Partnership", default=offered or None)
    if published is None and no_input:
        published = date.today()
    elif published is None:
        published = click.prompt("Published (YYYY-MM-DD)", default=date.today().isoformat(), type=Day())
    kinds = list(REVIEW_KIND_NAMES)
    if not kind:
        if not no_input:
            for key, name in REVIEW_KIND_NAMES.items():
                click.echo(f"  {key:<13} {name}")
        kind = ask(
            "Kind of source", "CSPR", type=click.Choice(kinds, case_sensitive=False), show_choices=False
        )
    if parts and not structure:
        structure = "own"
    if not structure:
        suggested = structure_for(kind)
        if not no_input:
            click.echo(f"Suggested seven parts, for {STRUCTURES[suggested].name}:")
            for number, part in enumerate(STRUCTURES[suggested].parts, 1):
                click.echo(f"  {number}. {part.title}")
        use = no_input or click.confirm("Use these seven parts?", default=True)
        structure = suggested if use else "own"
    if structure == "own":
        titles = list(parts)
        if len(titles) > SECTION_COUNT or (no_input and len(titles) != SECTION_COUNT):
            raise click.UsageError(f"give exactly seven --part titles; there are {len(titles)}")
        for number in range(len(titles) + 1, SECTION_COUNT + 1):
            titles.append(click.prompt(f"Title of part {number}", default=f"Part {number}"))
        chosen = tuple(Part(part, "Write this part in a few short lines.") for part in titles)
    else:
        chosen = STRUCTURES[structure].parts
    day = published.date() if hasattr(published, "date") else published
    path = write_draft(target, Draft(title, partnership, day, kind, chosen))
    click.echo(f"Wrote {path}. Fill in each TODO, then run: python build.py check {slug}")


def _start_welsh(slug: str | None) -> None:
    """The Welsh version of an existing briefing, its shape laid out with the English to translate."""
    if not slug:
        raise click.UsageError("name the briefing to translate: python build.py new family-a --welsh")
    try:
        english = find_sources([slug], BRIEFINGS)[0]
    except BriefingError:
        raise click.UsageError(
            f"there is no briefing {BRIEFINGS / slug}.yaml to translate; `new --welsh` starts the "
            "Welsh version of a briefing that is already written"
        ) from None
    try:
        path = start_version(english, "cy")
    except BriefingError as error:
        raise click.UsageError(error.problems[0].message) from None
    click.echo(
        f"Wrote {path}: translate each TODO from the English above it. It is a draft, so "
        f"{english} is published alone until you remove its status line. Check it with: "
        f"python build.py check {slug}"
    )


def _project_here(no_input: bool) -> None:
    """A project folder has briefings/ in it; outside one, `new` asks before starting one."""
    if BRIEFINGS.is_dir():
        return
    here = Path.cwd()
    if no_input or not click.confirm(
        f"There is no briefings/ folder in {here}, so this is not a project folder yet. Start a new "
        "project here?",
        default=False,
    ):
        raise click.UsageError(
            f"there is no briefings/ folder in {here}. Run `new` from your project folder (the one with "
            "briefings/ in it), or start a project here: answer yes when `new` asks, or run mkdir briefings"
        )
    BRIEFINGS.mkdir()
    click.echo(f"Started a project in {here}: your briefings go in briefings/.")


def _title_from(slug: str) -> str:
    words = slug.replace("_", "-").split("-")
    return " ".join(word.upper() if len(word) == 1 else word.capitalize() for word in words if word)
