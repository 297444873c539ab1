"""`python build.py sign-off NAME --by "Name, role"`: an approver signs a briefing off."""

from __future__ import annotations

import click

from ..authoring.signing import write_sign_off
from ..problems import display_path
from .common import Day, sources


@click.command("sign-off")
@click.argument("briefing", metavar="NAME")
@click.option("--by", "by", required=True, help='Who signs it off, with their role: "Sam Patel, chair".')
@click.option("--on", "on", type=Day(), default=None, help="The day of the sign-off (default: today).")
def sign_off(briefing: str, by: str, on) -> None:
    """Sign off a briefing for publication, as it stands.

    Writes into its file who signed it off, when, and a digest of everything it publishes,
    and sets it to published. With `sign_off: required` in partnership.yaml, the build
    publishes it only while its content is as signed off: an edit after this needs a new
    sign-off. For partnerships that do not run the hub (in the hub, approvers press Sign off).

    \b
    Example:
      python build.py sign-off family-a --by "Sam Patel, chair of the learning group"
    """
    (path,) = sources((briefing,))
    signed = write_sign_off(path, by, on)
    click.echo(
        f"Signed off {display_path(path)} (“{signed.title}”) by {' '.join(by.split())}; it is now published."
    )
