"""Hostile and broken input: every case gives output or a clear error at file:line:col, never a traceback."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time

import pytest
import yaml
from conftest import REPO, valid_briefing
from pypdf import PdfReader

VALID = yaml.safe_dump(valid_briefing(), sort_keys=False, allow_unicode=True)


def _with(**changes) -> str:
    return yaml.safe_dump(valid_briefing(**changes), sort_keys=False, allow_unicode=True)


def _section_body(body) -> str:
    data = valid_briefing()
    data["sections"][2]["body"] = body
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8)
)

# (name, file content as bytes, expected): "ok" builds; otherwise (line or None, text in the error).
CASES: list[tuple[str, bytes, object]] = [
    ("empty file", b"", (1, "the file is empty")),
    ("only a comment", b"# nothing here\n", (1, "the file is empty")),
    ("binary file", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", (1, "binary file")),
    ("null byte in text", VALID.replace("Child Z", "Child\x00Z", 1).encode(), (1, "binary file")),
    ("byte-order mark", b"\xef\xbb\xbf" + VALID.encode(), "ok"),
    ("Latin-1 text", VALID.replace("Child Z", "Child \xe9", 1).encode("latin-1"), (1, "not UTF-8")),
    ("CRLF line ends", VALID.replace("\n", "\r\n").encode(), "ok"),
    ("tab indentation", b"title: Child Z\nreview:\n\tkind: CSPR\n", (3, "tab character")),
    ("YAML alias bomb", BOMB.encode(), (None, "more than 20,000 values")),
    ("5 MB file", b"title: " + b"x" * 5_000_000 + b"\n", (1, "may be at most 1,000,000 bytes")),
    ("deep nesting", b"title: " + b"[" * 5000 + b"]" * 5000 + b"\n", (1, "nested too deeply")),
    ("a list, not a briefing", b"- one\n- two\n", (1, "a briefing is a set of `key: value` lines")),
    ("a single word", b"hello\n", (1, "a briefing is a set of `key: value` lines")),
    ("sections is text", _with(sections="seven parts").encode(), (None, "`sections` should be a list")),
    ("section body is a list", _section_body(["a", "b"]).encode(), (None, "should be text")),
    ("title is a mapping", _with(title={"a": 1}).encode(), (None, "`title` should be text")),
    ("impossible date", VALID.replace("2024-03-01", "2024-02-30").encode(), (3, "2024-02-30")),
    ("date in words", VALID.replace("2024-03-01", "first of March").encode(), (3, "a month (2023-01)")),
    ("eight sections", b"", None),  # filled below
    (
        "duplicate key",
        VALID.replace("partnership:", "title: Again\npartnership:", 1).encode(),
        (2, "given twice"),
    ),
    ("unknown key", (VALID + "sectoins: []\n").encode(), (None, "did you mean `sections`?")),
    ("python object tag", b"title: !!python/object/apply:os.system [echo hacked]\n", (1, "")),
    ("several documents", (VALID + "---\n" + VALID).encode(), (None, "more than one YAML document")),
    ("unclosed quote", b'title: "Child Z\npartnership: x\n', (1, "")),
    (
        "control character",
        VALID.replace("Child Z", "Child \x07Z", 1).encode(),
        (1, "invisible control character"),
    ),
    ("title too long", _with(title="T" * 201).encode(), (1, "200")),
    ("empty title", VALID.replace("title: Child Z", "title:", 1).encode(), (1, "title")),
    (
        "script in the text",
        _section_body("<script>alert(1)</script> and </script><script>x</script>").encode(),
        "ok",
    ),
    (
        "javascript and data links",
        _section_body("[a](javascript:alert(1)) [b](data:text/html,<b>x</b>)").encode(),
        "ok",
    ),
    (
        "image of a local file",
        _section_body("![p](file:///etc/passwd) ![q](../../../etc/passwd)").encode(),
        "ok",
    ),
    ("script end in the title", _with(title="Child Z </script><script>alert(1)</script>").encode(), "ok"),
    ("attribute breakout", _with(summary='x" onmouseover="alert(1)" data-x="').encode(), "ok"),
    ("style end in a question", _with(questions=["</style><script>alert(1)</script>?"]).encode(), "ok"),
    ("emoji", _section_body("Families said 😀 and 👨‍👩‍👧 helped. ✅ Done.").encode(), "ok"),
    ("right-to-left text", _section_body("قالت الأم إنها شعرت بالأمان. והילד דיבר בחופשיות.").encode(), "ok"),
    ("a 400-character word", _section_body("A" + "b" * 399 + " ends here.").encode(), "ok"),
    (
        "numbers and yes/no as text",
        _with(title=12345, subtitle="No").encode().replace(b"'12345'", b"12345"),
        "ok",
    ),
]
_eight = valid_briefing()
_eight["sections"].append({"title": "Part 8", "body": "One too many."})
CASES[[name for name, *_ in CASES].index("eight sections")] = (
    "eight sections",
    yaml.safe_dump(_eight, sort_keys=False).encode(),
    (None, "exactly seven sections"),
)


def test_there_are_at_least_thirty_hostile_cases():
    assert len(CASES) >= 30 and len({name for name, *_ in CASES}) == len(CASES)


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_hostile_input_gives_output_or_a_clear_error(project, run, name, content, expected):
    path = project / "briefings" / "child-z.yaml"
    path.write_bytes(content)
    started = time.perf_counter()
    code, out, err = run("build", "child-z")
    assert time.perf_counter() - started < 30, "a hostile file must not hang the build"
    assert "Traceback" not in out + err and "fault in the kit" not in out + err
    if expected == "ok":
        assert code == 0, err
        html = (project / "output" / "child-z" / "index.html").read_text()
        pdf = PdfReader(project / "output" / "child-z" / "child-z.pdf")
        assert 1 <= len(pdf.pages) <= 2
        assert "<script" not in html and 'onmouseover="' not in html
        assert not re.search(r'(href|src)="\s*(javascript|vbscript|data|file):', html, re.I)
        facilitator = (project / "output" / "child-z" / "facilitate.html").read_text()
        assert facilitator.count("<script") == 2 and facilitator.count("</script>") == 2
        data = re.search(
            r'<script type="application/json" id="briefing-data">(.*?)</script>', facilitator, re.S
        )
        assert json.loads(data.group(1))["slug"] == "child-z"
    else:
        line, text = expected
        assert code == 1
        lines = [x for x in err.splitlines() if x.startswith("briefings/child-z.yaml:")]
        assert lines, err
        assert re.match(r"briefings/child-z\.yaml:\d+:\d+: ", lines[0])
        assert any(text in x for x in lines), err
        if line is not None:
            assert any(x.startswith(f"briefings/child-z.yaml:{line}:") for x in lines), err


def test_emoji_and_right_to_left_text_reach_the_page_and_the_pdf(project, run):
    (project / "briefings" / "child-z.yaml").write_bytes(
        _section_body("قالت الأم إنها شعرت بالأمان. Families said ✅ it helped.").encode()
    )
    code, _, err = run("build", "child-z")
    assert code == 0, err
    html = (project / "output" / "child-z" / "index.html").read_text()
    assert "قالت الأم إنها شعرت بالأمان" in html and "✅" in html
    text = "".join(page.extract_text() for page in PdfReader(project / "output/child-z/child-z.pdf").pages)
    assert "بالأمان" in text or "ناملأاب" in text  # extraction may give visual order


def test_a_long_word_wraps_inside_the_page_on_a_phone(open_page, project, run):
    (project / "briefings" / "child-z.yaml").write_bytes(_section_body("A" + "b" * 399 + " ends.").encode())
    code, _, err = run("build", "child-z", "--format", "html")
    assert code == 0, err
    context_page, _ = open_page("family-a/index.html")  # a browser to reuse
    page = context_page.context.new_page()
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto((project / "output" / "child-z" / "index.html").as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_two_builds_at_once_the_second_is_told_and_nothing_is_corrupted(project):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    first = subprocess.Popen([sys.executable, str(REPO / "build.py")], cwd=project, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.time() + 30
    while not (project / "output" / ".sevenminute.lock").exists() and time.time() < deadline:
        time.sleep(0.05)
    second = subprocess.run([sys.executable, str(REPO / "build.py")], cwd=project, env=env,
                            capture_output=True, text=True)  # fmt: skip
    first.communicate(timeout=120)
    assert first.returncode == 0
    assert second.returncode == 1
    assert "Another build is writing to output/ right now" in second.stderr
    assert "Traceback" not in second.stderr
    for pdf in (project / "output").glob("*/*.pdf"):  # the handouts one sheet, the large prints whole
        pages = len(PdfReader(pdf).pages)
        assert pages > 2 if pdf.name.endswith("-large-print.pdf") else pages == 2, pdf


def test_clean_removes_only_what_the_kit_made(project, run):
    code, _, err = run("build", "family-a", "--format", "html")
    assert code == 0, err
    (project / "output" / "notes-for-me.txt").write_text("mine")
    (project / "output" / "family-a" / "extra.docx").write_bytes(b"mine too")
    code, out, _ = run("clean")
    assert code == 0
    assert "the kit did not make" in out and "notes-for-me.txt" in out
    left = sorted(
        str(p.relative_to(project / "output")) for p in (project / "output").rglob("*") if p.is_file()
    )
    assert left == ["family-a/extra.docx", "notes-for-me.txt"]


def test_new_never_overwrites(project, run):
    before = (project / "briefings" / "family-a.yaml").read_bytes()
    code, _, err = run("new", "family-a", "--no-input")
    assert code == 2 and "never overwrites" in err
    assert (project / "briefings" / "family-a.yaml").read_bytes() == before


KILL_ROUNDS = int(os.environ.get("SEVENMINUTE_KILL_ROUNDS", "6"))


def test_a_build_killed_at_random_moments_leaves_only_whole_files(project):
    """Build, kill it at a random moment, repeat; then every PDF opens and every page is whole."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run(
        [sys.executable, str(REPO / "build.py")], cwd=project, env=env, check=True, capture_output=True
    )
    chance = random.Random(7)
    for _ in range(KILL_ROUNDS):
        for source in (project / "briefings").glob("*.yaml"):  # a change, so files are rewritten
            source.write_text(source.read_text().replace("summary: ", "summary: Again. ", 1))
        build = subprocess.Popen(
            [sys.executable, str(REPO / "build.py")], cwd=project, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(chance.uniform(0.3, 3.5))
        build.send_signal(signal.SIGKILL)
        build.wait()
        for pdf in (project / "output").glob("*/*.pdf"):
            assert len(PdfReader(pdf).pages) >= 1, pdf
        for page in (project / "output").rglob("*.html"):
            assert page.read_text().rstrip().endswith("</html>"), page
    code = subprocess.run([sys.executable, str(REPO / "build.py")], cwd=project, env=env, capture_output=True)
    assert code.returncode == 0, code.stderr
    assert not list((project / "output").rglob(".*.part"))
