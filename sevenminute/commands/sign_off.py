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
@click.option(
    "--change", "change", default=None,
    help="For a correction of a published briefing: what changed, in a few words fit to publish "
    "(added to its changes, printed on the briefing).",
)  # fmt: skip
def sign_off(briefing: str, by: str, on, change: str | None) -> None:
    """Sign off a briefing for publication, as it stands.

    Writes into its file who signed it off, when, and a digest of everything it publishes,
    and sets it to published. With `sign_off: required` in partnership.yaml, the build
    publishes it only while its content is as signed off: an edit after this needs a new
    sign-off. For partnerships that do not run the hub (in the hub, approvers press Sign off).

    \b
    Examples:
      python build.py sign-off family-a --by "Sam Patel, chair of the learning group"
      python build.py sign-off family-a --by "Sam Patel, chair" --change "Corrected the timeline in part 2"
      python build.py sign-off family-a.cy --by "Sam Patel, chair"   (its Welsh version)
    """
    (path,) = sources((briefing,), versions=True)  # a Welsh version is signed off on its own
    signed = write_sign_off(path, by, on, change)
    click.echo(
        f"Signed off {display_path(path)} (“{signed.title}”) by {' '.join(by.split())}; it is now published."
    )
