"""The command line: assembles the verbs in `commands/` and keeps tracebacks from authors.

Exit codes: 0 success, 1 a briefing has problems, 2 the command was used wrongly.
"""

from __future__ import annotations

import sys

import click

from . import __version__
from .commands.build import build
from .commands.check import check
from .commands.clean import clean
from .commands.evidence import evidence
from .commands.import_review import import_command
from .commands.new import new
from .commands.questions import questions
from .commands.schema import schema
from .commands.serve import serve
from .commands.themes import themes


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="seven-minute briefing kit")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Make seven-minute safeguarding briefings from YAML sources.

    With no command, builds every briefing in briefings/ into output/: a web page
    and a printable A4 handout (PDF) for each, and a page listing them all.

    \b
    Examples:
      python build.py                      build everything
      python build.py build family-a       build one briefing
      python build.py check                check every briefing without building
      python build.py themes family-a      see the themes found and the questions added
      python build.py evidence report      the board's report from the session records
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


for command in (build, check, themes, questions, new, serve, import_command, clean, schema, evidence):
    cli.add_command(command)


def main() -> None:
    """Console entry point: no traceback ever reaches an author."""
    try:
        cli.main(prog_name="python build.py", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("\nStopped. Files already written are complete; nothing is half-written.", err=True)
        sys.exit(130)
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        click.echo(
            f"Could not read or write{where}: {error.strerror or error}. Check the folder exists "
            "and you may write to it, and that the disk is not full.",
            err=True,
        )
        sys.exit(1)
    except Exception as error:  # a bug in the kit: say so plainly
        click.echo(
            f"The kit stopped on an unexpected problem ({type(error).__name__}: {error}). "
            "This is a fault in the kit, not in your briefing; please report it with this message.",
            err=True,
        )
        sys.exit(1)
