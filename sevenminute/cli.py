"""The command line: assembles the verbs in `commands/` and keeps tracebacks from authors.

Exit codes: 0 success, 1 a briefing has problems, 2 the command was used wrongly.
"""

from __future__ import annotations

import gc
import importlib
import sys

import click

from . import __version__
from .problems import BriefingError

# Each command and where it is defined (--help lists them by name). A command's module is
# imported only when that command runs (or --help lists them): `build` need not load the
# editor, the importer or the evidence store first.
COMMANDS = {
    "build": "build:build",
    "check": "check:check",
    "themes": "themes:themes",
    "questions": "questions:questions",
    "new": "new:new",
    "serve": "serve:serve",
    "import": "import_review:import_command",
    "clean": "clean:clean",
    "schema": "schema:schema",
    "evidence": "evidence:evidence",
    "hub": "hub:hub",
    "sign-off": "sign_off:sign_off",
}


class _Commands(click.Group):
    """A group whose commands are loaded when asked for (click's "lazily loading subcommands"),
    and the one place a command's BriefingError becomes what an author reads and exit status 1:
    a command raises it, or says its own problems and calls `commands.common.stop`."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BriefingError as error:
            from .commands.common import echo_error  # loaded with the command itself, not before

            echo_error(error)
            raise click.exceptions.Exit(1) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, name = COMMANDS[cmd_name].split(":")
        return getattr(importlib.import_module(f"{__package__}.commands.{module}"), name)


@click.group(
    cls=_Commands, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
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
        ctx.invoke(cli.get_command(ctx, "build"))


def main() -> None:
    """Console entry point: no traceback ever reaches an author."""
    try:
        _main()
    finally:
        # The process ends here. Python's shutdown looks for garbage again and again while it
        # clears the modules; with everything left frozen it skips that search, which saves a
        # one-briefing build a fifth of its time. Every file is already closed and complete.
        gc.freeze()


def _main() -> None:
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
