"""A reader meets the seven-point figure first: every label readable (8pt on paper, 14px on screen),
inside its own circle, whole or plainly shortened, whatever the titles; an author hears from `check`
when a title is too long for its circle, and a `label:` puts a shorter name on the figure."""

from __future__ import annotations

import ctypes
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from conftest import REPO, SHIPPED, valid_briefing, write_yaml

from sevenminute.pipeline import figure
from sevenminute.pipeline.validate import read_briefing

SLUGS = [path.stem for path in SHIPPED]
LONG_TITLES = [
    "Why the review happened and what the partnership asked of us",
    "What the family told us about the help they had at home then",
    "Information sharing between health visitors, schools and GPs",
    "Recognising neglect when a parent's mental health gets worse",
    "Multi-agency safeguarding arrangements and escalation routes",
    "Responsibilities of managers who supervise complex casework!",
    "Recommendations for every agency and the safeguarding board.",
]
LONG_TITLE = (
    "Learning from a multi-agency review of neglect, domestic abuse and exploitation of four young people"
)
ELLIPSIS = "…"


@dataclass(frozen=True)
class Char:
    text: str
    box: tuple[float, float, float, float]  # left, bottom, right, top, in points
    size: float  # as printed, in points

    @property
    def centre(self) -> tuple[float, float]:
        return (self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2


@dataclass(frozen=True)
class Circle:
    x: float
    y: float
    radius: float

    def holds(self, point: tuple[float, float], slack: float = 0.0) -> bool:
        return math.dist((self.x, self.y), point) <= self.radius + slack


def _chars(page) -> list[Char | None]:
    """Page 1's characters in reading order, with None where PDFium supplies a space or line break."""
    text = page.get_textpage()
    chars: list[Char | None] = []
    for index in range(text.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(text.raw, index))
        if pdfium_c.FPDFText_IsGenerated(text.raw, index) or not char.strip():
            chars.append(None)
            continue
        matrix = pdfium_c.FS_MATRIX()
        assert pdfium_c.FPDFText_GetMatrix(text.raw, index, ctypes.byref(matrix))
        scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        size = pdfium_c.FPDFText_GetFontSize(text.raw, index) * scale
        chars.append(Char("-" if char == "\x02" else char, text.get_charbox(index), size))
    return chars


def _circles(page) -> tuple[Circle, list[Circle]]:
    """The figure's centre circle and its seven parts' circles, clockwise from the top, found
    among the page's drawings by their size."""
    centre, parts = [], []
    for shape in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=8):
        left, bottom, right, top = shape.get_bounds()
        width = right - left
        if abs(width - (top - bottom)) > 0.5:
            continue
        middle = ((left + right) / 2, (bottom + top) / 2)
        if 0 <= width - 2 * figure.PART_RADIUS <= 4:
            parts.append(Circle(*middle, figure.PART_RADIUS))
        elif 0 <= width - 2 * figure.CENTRE_RADIUS <= 6:
            centre.append(Circle(*middle, figure.CENTRE_RADIUS))
    assert len(centre) == 1 and len(parts) == 7, (centre, parts)
    hub = centre[0]
    parts.sort(key=lambda c: math.atan2(c.x - hub.x, c.y - hub.y) % (2 * math.pi))
    return hub, parts


@dataclass(frozen=True)
class PrintedLabel:
    circle: Circle
    chars: tuple[Char, ...]
    text: str

    @property
    def box(self) -> tuple[float, float, float, float]:
        boxes = [char.box for char in self.chars]
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )


def printed_figure(pdf_path: Path) -> list[PrintedLabel]:
    """The centre's label, then each part's, read back from page 1 of the PDF. Every letter in
    the figure's area must lie wholly inside one circle."""
    page = pdfium.PdfDocument(pdf_path)[0]
    hub, parts = _circles(page)
    circles = [hub, *parts]
    area = (
        min(c.x - c.radius for c in circles),
        min(c.y - c.radius for c in circles),
        max(c.x + c.radius for c in circles),
        max(c.y + c.radius for c in circles),
    )
    found: dict[int, list[Char | None]] = {n: [] for n in range(len(circles))}
    last = None
    for char in _chars(page):
        if char is None:
            last = None
            continue
        x, y = char.centre
        if not (area[0] <= x <= area[2] and area[1] <= y <= area[3]):
            continue
        owner = next((n for n, circle in enumerate(circles) if circle.holds((x, y))), None)
        assert owner is not None, f"“{char.text}” at {char.box} lies outside every circle of the figure"
        corners = [(char.box[a], char.box[b]) for a in (0, 2) for b in (1, 3)]
        assert all(circles[owner].holds(corner, 0.05) for corner in corners), (
            f"“{char.text}” runs over the edge of circle {owner}"
        )
        if last is not None and last != owner:
            found[last].append(None)
        found[owner].append(char)
        last = owner
    return [
        PrintedLabel(c, tuple(char for char in found[n] if char), _words(found[n]))
        for n, c in enumerate(circles)
    ]


def _words(chars: list[Char | None]) -> str:
    """The text of a label's letters: a space where PDFium put one, where the baseline moves (a
    new line) or where there is a gap between two letters (the SVG places each word itself)."""
    text, last = "", None
    for char in chars:
        if char is None or last is None or _apart(last, char):
            text += " "
        text += char.text if char else ""
        last = char
    return " ".join(text.split())


def _apart(a: Char, b: Char) -> bool:
    """True when `b` starts a new line or a new word after `a`."""
    return abs(b.box[1] - a.box[1]) > 0.5 * b.size or b.box[0] - a.box[2] > 0.18 * b.size


def _letters(text: str) -> str:
    return re.sub(r"[\W_]", "", text.replace(ELLIPSIS, "")).lower()


def _shows(label: str, meant: str) -> bool:
    """True when the printed label is the whole of `meant`, or its first words and an ellipsis."""
    if label.endswith(ELLIPSIS):
        return _letters(meant).startswith(_letters(label)) and len(_letters(label)) >= 1
    return _letters(label) == _letters(meant)


def _part_texts(labels: list[PrintedLabel]) -> list[str]:
    """Each part's label without its number."""
    return [re.sub(rf"^{n}\s*", "", label.text) for n, label in enumerate(labels[1:], 1)]


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _build(project, run, name: str, data: dict, *options: str) -> Path:
    path = write_yaml(project / "briefings" / f"{name}.yaml", data)
    code, out, err = run("build", str(path), "--out", "out", *options)
    assert code == 0, err
    assert "warning" not in err, err
    return project / "out" / name


def _long_briefing() -> dict:
    data = valid_briefing(title=LONG_TITLE)
    for section, title in zip(data["sections"], LONG_TITLES, strict=True):
        section["title"] = title
    return data


# On paper ---------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_every_label_on_each_shipped_figure_is_printed_at_8pt_or_more_and_whole(built, slug):
    out, _ = built
    labels = printed_figure(out / slug / f"{slug}.pdf")
    sizes = [char.size for label in labels for char in label.chars]
    assert len(sizes) > 40 and min(sizes) >= 8 - 0.01, min(sizes)
    briefing = read_briefing(REPO / "briefings" / f"{slug}.yaml")
    assert _letters(labels[0].text) == _letters(briefing.title)
    for shown, section in zip(_part_texts(labels), briefing.sections, strict=True):
        assert _letters(shown) == _letters(section.label or section.title), (shown, section.title)


def test_seven_long_titles_and_a_long_briefing_title_still_fit_their_circles(project, run):
    assert {len(title) for title in LONG_TITLES} == {60} and len(LONG_TITLE) == 100
    out = _build(project, run, "long-titles", _long_briefing())
    labels = printed_figure(out / "long-titles.pdf")  # every letter inside its own circle
    sizes = [char.size for label in labels for char in label.chars]
    assert min(sizes) >= 8 - 0.01
    assert _shows(labels[0].text, LONG_TITLE), labels[0].text
    for shown, title in zip(_part_texts(labels), LONG_TITLES, strict=True):
        assert shown and _shows(shown, title), (shown, title)
    for n, a in enumerate(labels):
        for b in labels[n + 1 :]:
            assert not _overlap(a.box, b.box), (a.text, b.text)


def test_a_title_that_fits_is_never_shortened_and_a_long_word_is_hyphenated_not_cut():
    for text in ("Recommendations", "What domestic abuse means", "Active information sharing"):
        assert figure.part_label_fits(text)
        label, _ = figure._label(text, (figure.MIN_SIZE,), figure.PART_RADIUS, 3, True, False, at=0)
        assert not label.shortened and _letters(" ".join(line for _, line in label.lines)) == _letters(text)
    assert not figure.part_label_fits(LONG_TITLES[0])
    assert figure.shortened_part_label(LONG_TITLES[0]).endswith(ELLIPSIS)


def test_a_label_names_the_part_on_the_figure_but_not_in_its_heading(project, run):
    data = valid_briefing()
    data["sections"][2] = {
        "title": "What domestic abuse means for children and their families",
        "label": "Domestic abuse defined",
        "body": "The government's definition covers a pattern of controlling behaviour.",
    }
    out = _build(project, run, "child-z", data)
    labels = printed_figure(out / "child-z.pdf")
    assert _part_texts(labels)[2] == "Domestic abuse defined"
    page_text = pdfium.PdfDocument(out / "child-z.pdf")[0].get_textpage().get_text_range()
    assert "What domestic abuse means for children and their families" in " ".join(page_text.split())
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<span class="seven-title">Domestic abuse defined</span>' in html
    heading = re.search(r'<h2 id="part-3-heading">(.*?)</h2>', html, re.S).group(1)
    assert "What domestic abuse means for children and their families" in heading
    assert "Domestic abuse defined" not in heading


# check ------------------------------------------------------------------------------------


def _findings(run, path) -> list[dict]:
    code, out, err = run("check", str(path), "--format", "json")
    assert "Traceback" not in err
    return [finding for finding in json.loads(out) if finding["code"] == "figure-label"]


def test_check_asks_for_a_label_at_a_title_too_long_for_its_circle(project, run):
    data = valid_briefing()
    data["sections"][2]["title"] = "What domestic abuse means for children and their families"
    path = write_yaml(project / "briefings" / "child-z.yaml", data)
    (finding,) = _findings(run, path)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "What domestic" in text)
    assert finding["line"] == line and finding["severity"] == "warning"
    assert "section 3's title" in finding["message"] and "add a `label:`" in finding["message"]
    assert "24 characters" in finding["message"]
    code, _, _ = run("check", str(path), "--strict")
    assert code == 1

    data["sections"][2]["label"] = "Domestic abuse defined"
    write_yaml(path, data)
    assert _findings(run, path) == []


def test_check_reports_a_label_that_is_itself_too_long_at_its_own_line(project, run):
    data = valid_briefing()
    data["sections"][5]["title"] = "Safeguards"
    data["sections"][5]["label"] = "MULTI-AGENCY SAFEGUARDS"  # capitals are wide: 23 of them do not fit
    path = write_yaml(project / "briefings" / "child-z.yaml", data)
    (finding,) = _findings(run, path)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "label:" in text)
    assert finding["line"] == line
    assert "section 6's label" in finding["message"] and "fewer or shorter words" in finding["message"]


def test_no_shipped_title_needs_a_label(run, monkeypatch):
    monkeypatch.chdir(REPO)
    code, out, err = run("check", "--format", "json")
    assert "Traceback" not in err
    assert [f for f in json.loads(out) if f["code"] == "figure-label"] == []


# On screen --------------------------------------------------------------------------------

LABELS_ON_SCREEN = """() => [...document.querySelectorAll('.seven-title, .seven-centre span')]
  .filter(label => label.getClientRects().length)
  .map(label => {
    const box = label.getBoundingClientRect();
    const shape = label.closest('a, .seven-centre');
    const outer = shape.getBoundingClientRect();
    const border = parseFloat(getComputedStyle(shape).borderLeftWidth);
    const range = document.createRange();
    range.selectNodeContents(label);
    const lines = [...range.getClientRects()]
      .filter(line => line.width > 0 && (line.top + line.bottom) / 2 < box.bottom)  // not clamped away
      .map(line => [line.left, line.top, line.right, line.bottom]);
    return {
      text: label.textContent, size: parseFloat(getComputedStyle(label).fontSize),
      scrollWidth: label.scrollWidth, clientWidth: label.clientWidth,
      box: [box.left, box.top, box.right, box.bottom], lines,
      circle: [outer.left + outer.width / 2, outer.top + outer.height / 2, outer.width / 2 - border],
    };
  })"""


def _check_labels_on_screen(page, width: int, count: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    labels = page.evaluate(LABELS_ON_SCREEN)
    assert len(labels) == count, labels
    for label in labels:
        assert label["size"] >= 14, label
        # Not clipped: no line wider than the label (a space left hanging at the end of a
        # centred line counts in scrollWidth, hence the pixel), and the label on the page.
        assert label["scrollWidth"] <= label["clientWidth"] + 1, label
        assert label["lines"] and label["box"][0] >= 0 and label["box"][2] <= width, label
        for left, _, right, _ in label["lines"]:
            assert label["box"][0] - 0.5 <= left and right <= label["box"][2] + 0.5, label
        if width >= 1024:  # circles; on a phone the figure is a list
            x, y, radius = label["circle"]
            for left, top, right, bottom in label["lines"]:
                for corner in ((left, top), (left, bottom), (right, top), (right, bottom)):
                    assert math.dist((x, y), corner) <= radius + 0.5, (label["text"], corner, label)


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("slug", SLUGS)
def test_each_shipped_figure_is_readable_on_screen_and_on_a_phone(open_page, slug, width):
    page, _ = open_page(f"{slug}/index.html", width=width)
    _check_labels_on_screen(page, width, 8 if width >= 1024 else 7)


@pytest.mark.parametrize("width", [1280, 390])
def test_long_titles_stay_inside_their_circles_on_screen(project, run, browser, width):
    out = _build(project, run, "long-titles", _long_briefing(), "--format", "html")
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto((out / "index.html").as_uri())
        page.wait_for_load_state("load")
        _check_labels_on_screen(page, width, 8 if width >= 1024 else 7)
    finally:
        context.close()
