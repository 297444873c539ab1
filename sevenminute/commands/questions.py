"""`questions`: the question bank, every theme with the terms that signal it and its questions."""

from __future__ import annotations

import difflib

import click

from ..pipeline.bank import question_bank
from .common import plural


@click.command()
@click.option("--theme", "keys", multiple=True, metavar="KEY", help="Show only this theme (repeatable).")
def questions(keys: tuple[str, ...]) -> None:
    """List the question bank: every theme, the terms that signal it, and its questions.

    \b
    Examples:
      python build.py questions
      python build.py questions --theme domestic-abuse
    """
    bank = question_bank()
    unknown = [key for key in keys if key not in bank.keys]
    if unknown:
        close = difflib.get_close_matches(unknown[0], bank.keys, n=1, cutoff=0.6)
        hint = f" Did you mean {close[0]}?" if close else ""
        raise click.BadParameter(
            f"there is no theme “{unknown[0]}” in the bank.{hint} "
            "Run python build.py questions to see every theme.",
            param_hint="--theme",
        )
    chosen = [bank.theme(key) for key in keys] if keys else list(bank.themes)
    if not keys:
        click.echo("Standard questions, asked after every briefing:")
        for number, text in enumerate(bank.standard_questions, 1):
            click.echo(f"  {number}. {text}")
        click.echo("")
    for theme in chosen:
        click.echo(f"{theme.name} [{theme.key}]")
        click.echo(f"  {theme.description}")
        click.echo(f"  Signalled by: {', '.join(theme.terms)}")
        for number, text in enumerate(theme.questions, 1):
            click.echo(f"  {number}. {text}")
        click.echo("")
    if not keys:
        click.echo(f"{plural(len(bank.themes), 'theme')} in the bank.")
