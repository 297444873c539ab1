"""Property-based tests: whatever the source, the pipeline gives output or a clean error.

Mutated and random sources go through load, validate, enrich and render; a smaller number of
valid-shaped sources with random text are also printed to PDF. Scale with
SEVENMINUTE_EXAMPLES (pipeline, default 2000) and SEVENMINUTE_PRINT_EXAMPLES (default 25).
"""

from __future__ import annotations

import os
import shutil
import string
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml
from conftest import valid_briefing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sevenminute.pipeline.enrich.handout import enrich
from sevenminute.pipeline.load import load
from sevenminute.pipeline.render import environment, render_facilitator, render_handout
from sevenminute.pipeline.settings import Settings
from sevenminute.pipeline.validate import validate
from sevenminute.problems import BriefingError
from sevenminute.site.branding import publish_assets
from sevenminute.site.build import build

EXAMPLES = int(os.environ.get("SEVENMINUTE_EXAMPLES", "2000"))
PRINT_EXAMPLES = int(os.environ.get("SEVENMINUTE_PRINT_EXAMPLES", "25"))
SEED = yaml.safe_dump(valid_briefing(), sort_keys=False, allow_unicode=True)
ENV = environment()
SCRATCH = Path(tempfile.mkdtemp(prefix="sevenminute-properties-"))
YAML_ALPHABET = string.printable + "“”’–…é😀ق\u200f\ufeff\x00\x07"


def _through_pipeline(text: str | bytes, *, pdf: bool = False) -> str:
    """Run a source through every stage; return "built" or "refused"; anything else raises."""
    path = SCRATCH / "child-z.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    try:
        source = load(path)
        briefing = validate(source)
    except BriefingError as error:
        assert error.problems, "an error must name at least one problem"
        for problem in error.problems:
            assert problem.line >= 1 and problem.column >= 1 and problem.message
        return "refused"
    handout = enrich(briefing, path)
    html = render_handout(ENV, handout)
    assert html.rstrip().endswith("</html>")
    assert render_facilitator(ENV, handout).count("<script") == 2
    if pdf:
        from sevenminute.pipeline.printing import print_pdf

        assets = publish_assets(SCRATCH / "out")
        page = SCRATCH / "out" / "x" / "index.html"
        html = render_handout(ENV, handout, for_print=True)
        printed = print_pdf(html, page, [assets], [assets / "briefing.css"])
        assert printed.data.startswith(b"%PDF") and printed.pages >= 1
    return "built"


@st.composite
def mutated(draw) -> str:
    """The valid seed with a few random edits: inserts, deletions and replacements."""
    text = SEED
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(st.text(alphabet=YAML_ALPHABET, min_size=1, max_size=8))
        if kind == "insert":
            text = text[:at] + chunk + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + len(chunk) :]
        else:
            text = text[:at] + chunk + text[at + len(chunk) :]
    return text


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30))
structures = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=25,
)


@st.composite
def shaped(draw) -> str:
    """A briefing of the right shape whose text is anything at all."""
    text = st.text(min_size=1, max_size=120)
    data = valid_briefing(title=draw(text), summary=draw(text), questions=draw(st.lists(text, max_size=3)))
    for section in data["sections"]:
        section["title"] = draw(st.text(min_size=1, max_size=40))
        section["body"] = draw(st.text(min_size=1, max_size=300))
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _examples(count: int) -> settings:
    return settings(
        max_examples=count, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
    )


FAST = _examples(EXAMPLES)


@FAST
@given(mutated())
def test_mutated_sources_give_output_or_a_clean_error(text):
    assert _through_pipeline(text) in ("built", "refused")


@settings(
    max_examples=max(EXAMPLES // 4, 50),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
@given(structures)
def test_random_yaml_structures_give_output_or_a_clean_error(data):
    assert _through_pipeline(yaml.safe_dump(data, allow_unicode=True)) in ("built", "refused")


@settings(
    max_examples=max(EXAMPLES // 4, 50),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
@given(st.binary(max_size=400))
def test_random_bytes_give_output_or_a_clean_error(data):
    assert _through_pipeline(data) in ("built", "refused")


@settings(
    max_examples=PRINT_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
@given(shaped())
def test_any_text_in_a_valid_shape_renders_and_prints(text):
    assert _through_pipeline(text, pdf=True) in ("built", "refused")


# Characters that must never reach a page or the feed, mixed into otherwise arbitrary text
# (st.characters with no excluded categories covers all of Unicode, lone surrogates included).
TRICKY = "\x00\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\ud800\udfff\ufffe\uffff\u202a\u202e\u2066\u2069\t\n\r😀é"
any_character = st.characters(exclude_categories=()) | st.sampled_from(TRICKY)
FEED_SETTINGS = Settings(base_url="https://example.org/briefings/")


@st.composite
def briefing_with_any_text(draw) -> tuple[str, bool]:
    """A briefing whose title, summary and one section body are any text, dumped with or without
    escapes (so characters arrive both as themselves and as YAML escapes like \\u202e)."""
    data = valid_briefing(
        title=draw(st.text(any_character, min_size=1, max_size=40)),
        summary=draw(st.text(any_character, min_size=1, max_size=80)),
    )
    data["sections"][draw(st.integers(0, 6))]["body"] = draw(st.text(any_character, min_size=1, max_size=120))
    raw = draw(st.booleans())
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=raw), raw


@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(briefing_with_any_text())
def test_any_text_is_refused_at_a_line_or_gives_a_valid_feed_and_sitemap(drawn):
    text, _ = drawn
    folder = Path(tempfile.mkdtemp(dir=SCRATCH))
    try:
        path = folder / "child-z.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            validate(load(path))
        except BriefingError as error:
            assert error.problems and all(problem.line >= 1 for problem in error.problems)
            return
        report = build([path], folder / "out", formats="html", briefings_dir=folder, settings=FEED_SETTINGS)
        assert not report.failed, report.problems
        for name in ("feed.xml", "sitemap.xml"):
            ET.fromstring((folder / "out" / name).read_bytes())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
