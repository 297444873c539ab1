"""`import`: a first draft of a briefing from a full review, and where each part went."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..pipeline.briefing import read_handout
from ..pipeline.sources import slugify
from ..problems import display_path
from .common import BRIEFINGS
from .themes import confirm_themes


@click.command("import")
@click.argument("review", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the draft (default: briefings/<review's name>.yaml).")  # fmt: skip
@click.option("--title", default=None, help="The briefing's title, if the review's is not right.")
@click.option("--partnership", default=None, help="The partnership's name, if the review's is not right.")
@click.option(
    "--confirm/--no-confirm",
    "confirm",
    default=None,
    help="Ask, theme by theme, whether to keep the themes found (default: ask when someone is at "
    "the keyboard).",
)
def import_command(
    review: Path, out: Path | None, title: str | None, partnership: str | None, confirm: bool | None
) -> None:
    """Draft a seven-part briefing from a full review (PDF with text, Word .docx, Markdown or text).

    Finds the review's parts by their headings, keeps every recommendation (one line each,
    numbered as in the review), condenses the rest to about seven minutes, and marks with
    TODO what you must decide. Then prints where each part went. Never overwrites a file.

    \b
    Examples:
      python build.py import ~/Downloads/child-z-review.pdf
      python build.py import review.docx --out briefings/child-z.yaml --title "Child Z"
    """
    from ..importer.draft import import_review

    target = out or BRIEFINGS / f"{slugify(review.stem)}.yaml"
    draft = import_review(review, target, title=title, partnership=partnership)
    for line in draft.report:
        click.echo(line)
    click.echo(f"Wrote {display_path(target)}.")
    if confirm if confirm is not None else sys.stdin.isatty():
        handout = read_handout(target)
        click.echo("The themes found choose the reflection questions. Keep the ones that fit this case:")
        confirm_themes(target, handout)
    else:
        click.echo(f"Confirm its themes with: python build.py themes {display_path(target)} --confirm")
    click.echo(f"Next: python build.py check {display_path(target)}")
