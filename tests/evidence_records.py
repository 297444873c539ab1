"""Session records for the evidence tests: valid version-1 records, written as a team lead's
export would be, and a folder of them from three teams and two briefings."""

from __future__ import annotations

import json
import uuid
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent
HEADER = (
    "record_id,briefing_slug,briefing_title,content_hash,date,team,agency,facilitator,attending,reflections,"
    "embedded,usefulness,confidence_before,confidence_after,will_do_differently,action,who,by_when,action_done"
)


def session_record(
    slug: str = "family-a",
    team: str = "Duty team North",
    agency: str = "Children's social care",
    day: str = "2025-01-14",
    attending: int = 8,
    actions: list[dict] | None = None,
    scores: tuple[int | None, int | None, int | None] = (4, 2, 4),
    reflections: str = "We talked about hearing from fathers.",
    **top: object,
) -> dict:
    """A valid version 1 record; `scores` are usefulness, confidence before and after."""
    title = {"family-a": "Family A", "mark-and-lloyd": "Mark and Lloyd"}.get(slug, slug.title())
    record = {
        "format": "seven-minute-session-record",
        "format_version": 1,
        "record_id": str(uuid.uuid4()),
        "kit_version": "0.1.0",
        "exported_at": "2025-03-31T16:00:00Z",
        "briefing": {
            "slug": slug,
            "title": title,
            "partnership": "Anytown",
            "content_hash": "sha256:0123456789abcdef",
        },
        "session": {
            "date": day,
            "team": team,
            "agency": agency,
            "facilitator": "Jo Bloggs",
            "attending": attending,
            "reflections": reflections,
            "actions": actions or [],
            "embedded": "We will ask at supervision.",
            "evaluation": {
                "usefulness": scores[0],
                "confidence_before": scores[1],
                "confidence_after": scores[2],
                "will_do_differently": ["Ask who else lives at home"],
            },
        },
    }
    record.update(top)
    return record


def write_record(folder: Path, name: str, record: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return path


class Tables(HTMLParser):
    """Each table's cells by its caption's id: {id: [[cell, ...], ...]}, header row first."""

    def __init__(self, html: str):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.rows: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.rows = []
        elif tag == "caption" and self.rows is not None:
            self.tables[dict(attrs)["id"]] = self.rows
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th") and self.rows is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join(" ".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.rows = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)

    def by_row(self, caption_id: str) -> dict[str, list[str]]:
        header, *rows = self.tables[caption_id]
        return {row[0]: row[1:] for row in rows}


@pytest.fixture
def records(project) -> Path:
    """Three teams, two briefings, between January and March 2025, and one session in April."""
    folder = project / "records"
    duty = session_record(
        actions=[
            {"what": "Add a prompt about fathers to the assessment form", "who": "Sam", "by": "2025-02-01"},
            {
                "what": "Share the briefing with the night team",
                "who": "Ali",
                "by": "2025-04-15",
                "done": False,
            },
            {"what": "Book the follow-up session", "who": "Jo", "by": "2025-02-14", "done": True},
        ]
    )
    write_record(folder, "duty-north.json", duty)
    write_record(
        folder,
        "health-visiting.json",
        session_record(
            team="Health visiting East",
            agency="Health",
            day="2025-02-03",
            attending=6,
            actions=[{"what": "Audit ten records for a father's details", "who": "Lee", "by": "2025-06-30"}],
            scores=(5, 3, 4),
            reflections="We rarely record who the father is.",
        ),
    )
    write_record(
        folder,
        "housing.json",
        session_record(
            slug="mark-and-lloyd",
            team="Housing options",
            agency="Housing",
            day="2025-03-10",
            attending=12,
            scores=(3, None, None),
            reflections="A move of home is a moment to ask about safety.",
        ),
    )
    write_record(folder, "april.json", session_record(day="2025-04-02", attending=5, team="Duty team South"))
    write_record(folder, "duty-north-again.json", duty)
    bad = session_record(team="Early help", day="1/2/24")
    write_record(folder, "bad.json", bad)
    return folder


def _report(run, *args: str) -> tuple[str, Tables, str]:
    code, out, err = run("evidence", "report", "--today", "2025-06-01", *args)
    assert code == 0, err
    html = Path("evidence/report/index.html").read_text(encoding="utf-8")
    pdf = "\n".join(page.extract_text() for page in PdfReader("evidence/report/report.pdf").pages)
    return out, Tables(html), " ".join(pdf.split())


def _themes(slug: str) -> list[str]:
    from sevenminute.pipeline.enrich.handout import enrich
    from sevenminute.pipeline.validate import read_briefing

    source = Path("briefings") / f"{slug}.yaml"
    return [theme.name for theme in enrich(read_briefing(source), source).main_themes]
