"""Incremental and parallel builds: nothing rebuilt that has not changed, the same output either way."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO

import sevenminute.pipeline.render as render
import sevenminute.site.branding as branding
import sevenminute.site.incremental as incremental
from sevenminute.pipeline.sources import find_sources
from sevenminute.site.build import build


def _snapshot(out: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(out)): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in out.rglob("*")
        if p.is_file()
    }


def _build(project: Path, out: str = "output", **options):
    return build(
        find_sources([], project / "briefings"), project / out, briefings_dir=project / "briefings", **options
    )


def test_an_unchanged_build_writes_nothing(project):
    first = _build(project)
    assert len(first.built) == 5
    before = _snapshot(project / "output")
    second = _build(project)
    assert second.built == [] and len(second.skipped) == 5 and second.failed == []
    assert _snapshot(project / "output") == before


def test_one_changed_briefing_is_the_only_one_rebuilt(project):
    _build(project)
    before = _snapshot(project / "output")
    source = project / "briefings" / "family-a.yaml"
    source.write_text(source.read_text().replace("Give the facts simply.", "Give the facts plainly.", 1))
    report = _build(project)
    assert [card.slug for card in report.built] == ["family-a"] and len(report.skipped) == 4
    after = _snapshot(project / "output")
    changed = {path for path in after if after[path] != before.get(path)}
    assert "family-a/facilitate.html" in changed  # the notes are on the facilitator page
    assert "family-a/family-a.pdf" not in changed  # written again, but the same bytes: not replaced
    assert not any(path.startswith("mark-and-lloyd/") for path in changed)
    assert "index.html" not in changed  # the card did not change, so the library was not rebuilt
    source.write_text(source.read_text().replace("title: Family A", "title: Family A (revised)", 1))
    _build(project)
    assert "Family A (revised)" in (project / "output" / "index.html").read_text()


def test_changing_a_template_rebuilds_every_briefing_that_uses_it(project, monkeypatch):
    templates = project / "kit-templates"
    shutil.copytree(render.kit_templates(), templates)
    monkeypatch.setattr(render, "kit_templates", lambda: templates)
    monkeypatch.setattr(incremental, "kit_templates", lambda: templates)
    monkeypatch.setattr(branding, "kit_assets", lambda: templates / "assets")
    # Web pages only: the rule is the kit's fingerprint, the same for every format.
    _build(project, jobs=1, formats="html")
    handout = templates / "handout.html"
    handout.write_text(handout.read_text().replace("Questions for reflection", "Questions for your team"))
    report = _build(project, jobs=1, formats="html")
    assert len(report.built) == 5 and report.skipped == []
    for slug in ("family-a", "mark-and-lloyd"):
        assert "Questions for your team" in (project / "output" / slug / "index.html").read_text()


def test_a_missing_output_is_rebuilt_and_force_rebuilds_all(project):
    _build(project, formats="pdf")  # the handouts alone: the missing file is one of them
    (project / "output" / "child-o-hartlepool-stockton" / "child-o-hartlepool-stockton.pdf").unlink()
    report = _build(project, formats="pdf")
    assert [card.slug for card in report.built] == ["child-o-hartlepool-stockton"]
    assert (project / "output" / "child-o-hartlepool-stockton" / "child-o-hartlepool-stockton.pdf").is_file()
    assert len(_build(project, formats="pdf", force=True).built) == 5


@pytest.fixture(scope="module")
def serially_built(tmp_path_factory) -> Path:
    """A project with the shipped briefings built one at a time into serial/: the reference
    that each parallel build below is compared with, made once for them all."""
    project = tmp_path_factory.mktemp("serial")
    shutil.copytree(REPO / "briefings", project / "briefings")
    _build(project, "serial", jobs=1)
    return project


@pytest.mark.parametrize("jobs", [2, 3])
def test_a_parallel_build_makes_exactly_what_a_serial_build_makes(serially_built, jobs):
    project, out = serially_built, f"parallel-{jobs}"
    _build(project, out, jobs=jobs)
    serial = sorted(p.relative_to(project / "serial") for p in (project / "serial").rglob("*") if p.is_file())
    parallel = sorted(p.relative_to(project / out) for p in (project / out).rglob("*") if p.is_file())
    assert serial == parallel
    for path in serial:
        if path.name.startswith(".sevenminute"):
            continue
        assert (project / "serial" / path).read_bytes() == (project / out / path).read_bytes(), path


def test_a_failing_briefing_fails_alone_in_a_parallel_build(project):
    (project / "briefings" / "broken.yaml").write_text("title: [unclosed\n")
    report = _build(project, jobs=2, formats="html")  # the pool is the same for every format
    assert [p.name for p in report.failed] == ["broken.yaml"] and len(report.built) == 5
    assert any("broken.yaml" in str(problem) for problem in report.problems)
    assert Path(REPO).is_dir()
