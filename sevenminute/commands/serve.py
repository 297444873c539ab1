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
    """Preview the briefings as you edit them: the page reloads itself when you save.

    Builds the web pages into a temporary folder and serves them; watches briefings/,
    the templates and partnership.yaml, and rebuilds only what a change touches. A PDF is
    made the first time you open it. When a briefing has a problem, the page shows it in
    a banner until you fix it. Stop with Ctrl-C.

    \b
    Examples:
      python build.py serve
      python build.py serve --port 8080 --open
    """
    from ..preview.server import is_loopback
    from ..preview.server import serve as run_preview

    if not is_loopback(host):
        click.echo(
            f"Warning: listening on {host}, so other computers on the network can see the preview, "
            "which may include unpublished briefings. Use the default, 127.0.0.1, unless you mean it.",
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
    except OSError as error:
        raise click.UsageError(
            f"cannot listen on {host}:{port} ({error.strerror}); try another --port"
        ) from None
