"""`hub`: the partnership's hub: the published library for everyone; for its people, sign-in,
the workspace, the sign-off, session records and the board's report.

hub [--host H --port P --https]  serve it
hub user add EMAIL --role ROLE   a person, with a password read from the terminal (twice) or stdin
hub user list                    everyone, by role
hub user remove EMAIL            a person
hub move-data URL                its people, audit log and evidence into a PostgreSQL database
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import database
from ..evidence.store import DATABASE as EVIDENCE
from ..hub.people import COMMAND_LINE, ROLES, People, write_audit
from ..hub.people import DATABASE as HUB
from ..problems import BriefingError
from .common import plural


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


@click.group(invoke_without_command=True)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (the proxy's side)."
)
@click.option(
    "--port", default=8080, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on."
)
@click.option(
    "--https",
    is_flag=True,
    help="People reach the hub over HTTPS (behind a proxy): its cookies are then Secure.",
)
@click.pass_context
def hub(ctx: click.Context, host: str, port: int, https: bool) -> None:
    """The partnership's hub: one server for the whole learning team.

    With no command, serves it: the published library for everyone (only what an approver
    signed off is in it, never a draft), and sign-in at /sign-in for the hub's people: the
    editor, the sign-off, session records as they arrive, and the board's report. Its people
    are kept in hub/hub.sqlite in the project folder (or the PostgreSQL database that
    partnership.yaml's database_url names), each with a role:
    an author writes, imports and submits briefings for sign-off; an approver also signs
    off, returns with a comment, or withdraws; the board reads the evidence and the reports;
    an admin manages people.

    \b
    Examples:
      python build.py hub --host 127.0.0.1 --port 8080 --https
      python build.py hub user add sam.jones@example.org --role author --name "Sam Jones"
      python build.py hub user list
      python build.py hub user remove sam.jones@example.org
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..hub.server import serve_hub

    def ready(address: str) -> None:
        click.echo(f"The hub is at {address} (sign in at {address}sign-in). Press Ctrl-C to stop it.")

    try:
        serve_hub(Path("."), host, port, https=https, ready=ready, log=click.echo)
    except KeyboardInterrupt:
        click.echo("Stopped.")


@hub.group()
def user() -> None:
    """The hub's people: add, list and remove them."""


@user.command("add")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(list(ROLES)), help="What they may do in the hub.")
@click.option(
    "--name", default="", help="Their name, as the hub shows it (default: the start of the address)."
)
def add(email: str, role: str, name: str) -> None:
    """Add a person, with a password of at least 12 characters.

    At a terminal the password is asked for twice, and not shown. Otherwise it is the first
    line of standard input, so a script can pass it without it appearing in the command:
      printf '%s\\n' "$PASSWORD" | python build.py hub user add sam@example.org --role author
    """
    if _stdin_is_terminal():
        password = click.prompt("Password", hide_input=True, confirmation_prompt="Password again")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    person = People().add(email, role, password, name=name)
    click.echo(f"Added {person.name} <{person.email}> as {person.role}: {ROLES[person.role]}.")


@user.command("list")
def list_people() -> None:
    """Everyone who may sign in to the hub, by role."""
    hub_people = People()
    people = hub_people.everyone()
    if not people:
        click.echo(
            f"The hub has no people yet ({database.describe(hub_people.where)}). Add the first admin with:"
        )
        click.echo("  python build.py hub user add EMAIL --role admin")
        return
    for person in people:
        click.echo(f"{person.role:<9} {person.email:<36} {person.name} (added {person.added_on})")
    click.echo(f"{len(people)} {'person' if len(people) == 1 else 'people'}")


@user.command("remove")
@click.argument("email")
def remove(email: str) -> None:
    """Remove a person: they can no longer sign in. The audit log keeps what they did."""
    People().remove(email)
    click.echo(f"Removed {email.strip().lower()}; they can no longer sign in.")


@hub.command("move-data")
@click.argument("url")
def move_data(url: str) -> None:
    """Copy the hub's people, audit log, review state, arrivals and evidence from this
    project's SQLite files into a PostgreSQL database, for a hub that many people use at once.

    URL is the database's address, such as postgresql://hub@db.example.org/sevenminute. The
    database must be empty of the kit's data: nothing there is overwritten. The SQLite files
    are left as they were (keep them as a backup). Stop the hub first, so that nothing
    arrives while the data is copied; then name the database in partnership.yaml
    (database_url) or in SEVENMINUTE_DATABASE_URL, and start the hub again.

    \b
    Example:
      python build.py hub move-data postgresql://hub@db.example.org/sevenminute
    """
    if not database.is_url(url):
        raise BriefingError(
            f"“{url}” is not a database address; give one such as postgresql://hub@db.example.org/sevenminute"
        )
    if not HUB.is_file():
        raise BriefingError(f"There is no {HUB} here to move: run this in the hub's project folder")
    moved = [(HUB, database.copy(HUB, url, "hub"))]
    if EVIDENCE.is_file():
        moved.append((EVIDENCE, database.copy(EVIDENCE, url, "evidence")))
    with database.writing(url, "hub") as db:
        write_audit(db, COMMAND_LINE, "data moved", f"from {', '.join(str(path) for path, _ in moved)}")
    for path, rows in moved:
        click.echo(f"Copied {path} into {database.describe(url)}: {plural(rows, 'row')}.")
    click.echo(
        "Now name the database in partnership.yaml (database_url: ...) or in SEVENMINUTE_DATABASE_URL, "
        "and start the hub again. The SQLite files are unchanged; keep them as a backup."
    )
