"""The board's view in the hub: the evidence report, made from the partnership's evidence
database (evidence/evidence.sqlite, which `python build.py evidence add` fills) when asked."""

from __future__ import annotations

import datetime
from pathlib import Path

from ..evidence.figures import gather
from ..evidence.library import Library
from ..evidence.report import write_report
from ..evidence.store import DATABASE, EvidenceStore
from ..pipeline.settings import load_settings

READERS = frozenset({"board", "admin"})  # who reads the evidence and the reports


def board_report(project: Path, out: Path) -> Path | None:
    """The board's report of every session recorded, written into `out` (index.html and
    report.pdf); None when no session has been recorded yet."""
    database = project / DATABASE
    if not database.is_file():
        return None
    settings, _ = load_settings(project)
    with EvidenceStore(database) as store:
        sessions = store.sessions(None, None)
    if not sessions:
        return None
    today = datetime.date.today()
    figures = gather(sessions, Library(project / "briefings"), None, None, today)
    page, _ = write_report(figures, settings, out, str(DATABASE), today)
    return page
