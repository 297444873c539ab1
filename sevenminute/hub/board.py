"""The board's view in the hub: the evidence report, made from the partnership's evidence
database (evidence/evidence.sqlite, or its PostgreSQL, which the intake and `python build.py
evidence add` fill) when asked."""

from __future__ import annotations

import datetime
from pathlib import Path

from .. import database as databases
from ..evidence.figures import gather
from ..evidence.library import Library
from ..evidence.report import print_report, render_report
from ..evidence.store import EvidenceStore, address
from ..pipeline.settings import load_settings

READERS = frozenset({"board", "approver", "admin"})  # who reads the evidence and the reports
LEARNING_TEAM = frozenset({"approver", "admin"})  # who looks after the records as they arrive


def board_report(
    project: Path, start: datetime.date | None = None, end: datetime.date | None = None, *, pdf: bool = False
) -> str | bytes | None:
    """The board's report of the sessions held from `start` to `end` (open when None), with the
    same figures as `evidence report`: its web page, or with `pdf` its PDF, made in memory when
    asked (nothing is kept); None when no session in the period has been recorded."""
    database = address(project)
    if not databases.exists(database, "evidence"):
        return None
    settings, _ = load_settings(project)
    named = databases.source_line(database, project)
    with EvidenceStore(database) as store:
        sessions = store.sessions(start, end)
    if not sessions:
        return None
    today = datetime.date.today()
    figures = gather(sessions, Library(project / "briefings"), start, end, today)
    if pdf:
        return print_report(figures, settings, named, today, project / "evidence" / "report" / "index.html")
    return render_report(figures, settings, named, today)
