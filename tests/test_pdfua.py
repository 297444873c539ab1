"""Every PDF the kit makes passes `pdfua`, a checker of the machine-checkable part of PDF/UA-1
that nobody here wrote (issue 34): the handouts, built with the shipped settings (so with the
logo and the QR code), and the board's evidence report. Where the checker could not run a
rule, the kit's own check of the same rule stands in, so no rule goes unchecked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import REPO, SHIPPED
from evidence_records import session_record, write_record

from sevenminute.pipeline.settings import load_settings
from sevenminute.pipeline.sources import find_sources
from sevenminute.site.build import build

PDFUA = Path(sys.executable).with_name("pdfua")
# pdfua 0.1.3's own fault, not the file's: its empty-heading rule asks a pikepdf array for an
# attribute, which pikepdf refuses. `_headings_have_content` checks that rule instead.
CHECKER_FAULT = {"UA-14-001": "cannot get key '/is_integer' on object of type array"}


def _pdfua(*paths: Path) -> list[dict]:
    result = subprocess.run(
        [str(PDFUA), "check", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    text, reports, at = result.stdout, [], 0  # one JSON object a file, one after another
    decoder = json.JSONDecoder()
    while text[at:].strip():
        at += len(text[at:]) - len(text[at:].lstrip())
        report, at = decoder.raw_decode(text, at)
        reports.append(report)
    assert len(reports) == len(paths), result.stderr
    return reports


def _headings_have_content(path: Path) -> None:
    """UA-14-001 ourselves: every heading in the structure marks some content."""

    def marks(node) -> bool:
        kid = node.get("/K")
        items = list(kid) if isinstance(kid, pikepdf.Array) else [kid]
        for item in items:
            if isinstance(item, int):
                return True
            if isinstance(item, pikepdf.Dictionary) and (item.get("/Type") == "/MCR" or marks(item)):
                return True
        return False

    def walk(node, seen: list) -> None:
        kid = node.get("/K")
        for item in list(kid) if isinstance(kid, pikepdf.Array) else [kid]:
            if isinstance(item, pikepdf.Dictionary) and "/S" in item:
                if str(item["/S"]) in {"/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}:
                    seen.append(marks(item))
                walk(item, seen)

    with pikepdf.open(path) as pdf:
        found: list[bool] = []
        walk(pdf.Root.StructTreeRoot, found)
    assert found and all(found), f"{path.name}: a heading marks no content"


def _assert_passes(reports: list[dict]) -> None:
    assert reports
    for report in reports:
        assert report["findings"] == [], (report["file"], report["findings"])
        for skipped in report["skipped"]:
            assert CHECKER_FAULT.get(skipped["rule_id"], "\0") in skipped["reason"], (report["file"], skipped)
        _headings_have_content(Path(report["file"]))


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("pdfua")
    settings, logo = load_settings(REPO)
    build(find_sources([], REPO / "briefings"), out, formats="pdf", briefings_dir=REPO / "briefings",
          settings=settings, logo=logo)  # fmt: skip
    return sorted(out.glob("*/*.pdf"))


def test_every_handout_passes_pdfua_with_its_logo_figure_and_qr_code(handouts):
    assert len(handouts) == len(list(SHIPPED))
    _assert_passes(_pdfua(*handouts))
    for path in handouts:  # each figure says what it is: the seven parts and the QR code (the
        alts = _figure_alts(path)  # example settings' logo never goes on a real partnership's briefing)
        assert len(alts) == 2 and not any("Example Safeguarding Partnership" in alt for alt in alts), alts
        assert any(
            alt.startswith("QR code: the address of this briefing's web page, https://") for alt in alts
        )
        assert any(alt.startswith("The seven parts of this briefing: 1, ") for alt in alts)


def _figure_alts(path: Path) -> list[str]:
    found: list[str] = []

    def walk(node) -> None:
        kid = node.get("/K")
        for item in list(kid) if isinstance(kid, pikepdf.Array) else [kid]:
            if isinstance(item, pikepdf.Dictionary) and "/S" in item:
                if str(item["/S"]) == "/Figure":
                    found.append(str(item.get("/Alt", "")))
                walk(item)

    with pikepdf.open(path) as pdf:
        walk(pdf.Root.StructTreeRoot)
    return found


def test_the_boards_evidence_report_passes_pdfua_with_its_charts_and_tables(project, run):
    write_record(
        project / "records", "a.json",
        session_record(actions=[{"what": "Ask about fathers", "who": "Sam", "by": "2025-02-01"}]),
    )  # fmt: skip
    write_record(project / "records", "b.json", session_record(team="Health visiting", day="2025-02-03"))
    assert run("evidence", "add", "records")[0] == 0
    assert run("evidence", "report")[0] == 0
    _assert_passes(_pdfua(project / "evidence" / "report" / "report.pdf"))


def test_the_checker_finds_what_it_should_a_figure_without_alternative_text(tmp_path):
    """The checker is not asleep: the same handout with its QR code's words taken out fails."""
    from weasyprint import HTML

    html = (
        '<html lang="en-GB"><head><title>A figure</title></head><body><h1>A figure</h1>'
        '<svg role="img" width="40" height="40"><rect width="40" height="40"/></svg></body></html>'
    )
    path = tmp_path / "figure.pdf"
    HTML(string=html).write_pdf(path, pdf_variant="pdf/ua-1")
    (report,) = _pdfua(path)
    assert [finding["rule_id"] for finding in report["findings"]] == ["UA-13-004"]
