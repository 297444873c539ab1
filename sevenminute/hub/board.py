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

READERS = frozenset({"board", "approver", "admin"})  # who reads the evidence and the reports
LEARNING_TEAM = frozenset({"approver", "admin"})  # who looks after the records as they arrive


def board_report(
    project: Path, out: Path, start: datetime.date | None = None, end: datetime.date | None = None
) -> Path | None:
    """The board's report of the sessions held from `start` to `end` (open when None), written
    into `out` (index.html and report.pdf), with the same figures as `evidence report`; None
    when no session in the period has been recorded."""
    database = project / DATABASE
    if not database.is_file():
        return None
    settings, _ = load_settings(project)
    with EvidenceStore(database) as store:
        sessions = store.sessions(start, end)
    if not sessions:
        return None
    today = datetime.date.today()
    figures = gather(sessions, Library(project / "briefings"), start, end, today)
    page, _ = write_report(figures, settings, out, str(DATABASE), today)
    return page
