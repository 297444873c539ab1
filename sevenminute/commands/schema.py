"""`schema`: the JSON schema of the briefing format, for editors that check YAML as you type."""

from __future__ import annotations

from pathlib import Path

import click

from ..pipeline.model import briefing_schema
from ..site.output import write_atomic


@click.command()
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the schema to this file instead of printing it.",
)
def schema(out: Path | None) -> None:
    """Print the JSON schema of the briefing format, for editors that check YAML as you type.

    Briefings name it on their first line, so editors such as VS Code (with the YAML
    extension) underline mistakes and suggest keys:

    \b
      # yaml-language-server: $schema=../schema/briefing.schema.json

    \b
    Examples:
      python build.py schema --out schema/briefing.schema.json
    """
    text = briefing_schema()
    if out is None:
        click.echo(text, nl=False)
    else:
        write_atomic(out, text)
        click.echo(f"Wrote {out}")
