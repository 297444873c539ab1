"""`serve`: the live preview, rebuilt and reloaded as the author saves."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in your web browser.")
def serve(host: str, port: int, open_browser: bool) -> None:
    """Write and preview briefings in your browser: the page reloads itself when you save.

    The library page has "New briefing", "Import a review" and an "Edit" link for each
    briefing: a form with the preview beside it, the checker's findings at each field, and
    Save, which keeps your file's comments and layout. Builds the web pages into a temporary
    folder and serves them; watches briefings/, the templates and partnership.yaml, and
    rebuilds only what a change touches. A PDF is made the first time you open it. When a
    briefing has a problem, the page shows it in a banner until you fix it. Stop with Ctrl-C.

    \b
    Examples:
      python build.py serve
      python build.py serve --port 8080 --open
    """
    from ..preview.server import PortBusy, is_loopback
    from ..preview.server import serve as run_preview

    if not is_loopback(host):
        click.echo(
            f"Warning: listening on {host}, so other computers on the network can see the preview, "
            "which may include unpublished briefings. Use the default, 127.0.0.1, unless you mean it. "
            "The editor is off: a preview others can reach lets nobody change anything. For a team "
            "working together, run the partnership's hub: python build.py hub",
            err=True,
        )

    def ready(address: str) -> None:
        click.echo(f"Previewing at {address} (Ctrl-C to stop)")
        if open_browser:
            import webbrowser

            webbrowser.open(address)

    try:
        run_preview(Path("."), host, port, ready=ready, log=lambda text: click.echo(text, err=True))
    except KeyboardInterrupt:
        click.echo("\nStopped the preview.")
    except PortBusy as error:
        other = 8080 if port != 8080 else 8081
        raise click.UsageError(
            f"port {port} on {host} is busy ({error.strerror}): another program, or another preview, "
            f"is using it. Choose another port, for example: python build.py serve --port {other}"
        ) from None
