"""Property-based tests: whatever the source, the pipeline gives output or a clean error.

Mutated and random sources go through load, validate, enrich and render; a smaller number of
valid-shaped sources with random text are also printed to PDF. Scale with
SEVENMINUTE_EXAMPLES (pipeline, default 2000) and SEVENMINUTE_PRINT_EXAMPLES (default 25).
"""

from __future__ import annotations

import os
import string
import tempfile
from pathlib import Path

import yaml
from conftest import valid_briefing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sevenminute.pipeline.enrich.handout import enrich
from sevenminute.pipeline.load import load
from sevenminute.pipeline.render import environment, render_facilitator, render_handout
from sevenminute.pipeline.validate import validate
from sevenminute.problems import BriefingError
from sevenminute.site.branding import publish_assets

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
