"""`clean`: remove the files the kit made in the output folder, and nothing else."""

from __future__ import annotations

from pathlib import Path

import click

from ..problems import display_path
from ..site.output import clean as clean_output
from .common import output_folder_option, plural


@click.command("clean")
@output_folder_option("The output folder to clean.")
def clean(out: Path) -> None:
    """Remove the files the kit made in the output folder, and nothing else.

    The kit keeps a list of every file it writes there; files you put in the folder
    yourself stay, and are listed.
    """
    removed, left = clean_output(out)  # another build holding the folder: said at the command line's edge
    click.echo(f"Removed {plural(removed, 'file')} the kit made in {out}/.")
    if left:
        click.echo(f"Left {plural(len(left), 'file')} the kit did not make:")
        for path in left[:20]:
            click.echo(f"  {display_path(path)}")
