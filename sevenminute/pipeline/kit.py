"""Where the kit's own files live: its templates and assets, and the data it reads (question
bank, glossary, given names). Light on purpose: no template, Markdown or PDF library here."""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path

STYLESHEET = "briefing.css"  # in the assets folder: screen and print rules together
LARGE_PRINT_STYLESHEET = "large-print.css"  # the large-print handout's rules, after the other two
PDF_STYLESHEET = "pdf.css"  # rules only WeasyPrint understands (running footers)


def user_cache(name: str) -> Path:
    """A folder of the user's cache (XDG_CACHE_HOME, else ~/.cache) for what the kit keeps
    between runs; never inside the project. Not made here: whoever writes makes it."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "sevenminute" / name


def kit_package() -> Path:
    """The installed `sevenminute` package folder."""
    return Path(str(importlib.resources.files("sevenminute")))


def kit_data(name: str) -> Path:
    """A data file inside the package (`sevenminute/data/`)."""
    return kit_package() / "data" / name


def kit_templates() -> Path:
    """The kit's own templates folder (the project's `templates/`, installed with the package)."""
    return Path(str(importlib.resources.files("sevenminute.templates")))


def kit_assets() -> Path:
    return kit_templates() / "assets"
