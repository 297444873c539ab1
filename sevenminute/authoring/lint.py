"""Lint, for `check`: what a careful editor would catch before a briefing goes out.

Runs on a valid briefing (after `validate`) and its loaded source, so every finding can
point at its line. Findings are `Problem`s with a severity and a code:

    too-long            the seven sections run past seven minutes at the speaking pace
    postcode, phone-number, email-address, nhs-number, ni-number, date-of-birth,
    street-address, personal-name
                        what looks like identifying detail (anonymisation)
    acronym             an acronym used before it is spelled out (plain English)
    link                a malformed link in a section
    placeholder         text still to be written (TODO, TBC, "..."): a warning in a draft, an
                        error in a published briefing (from `readiness`, which the build runs too)
    date                a date in the future or before 2000 (from `readiness`)
    themes-unconfirmed  a note: a published briefing's themes were never confirmed by its author
    repeated-title      two sections with the same title
    figure-label        a section title (or its `label:`) too long for its circle on the seven-point
                        figure, which would shorten it with an ellipsis
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Iterator
from functools import cache
from urllib.parse import urlsplit

from ..pipeline.briefing import Location, Prepared, Source
from ..pipeline.enrich.glossary import acronym_uses, glossary, jargon_uses
from ..pipeline.figure import part_label_fits, shortened_part_label
from ..pipeline.model import (
    LABEL_LENGTH,
    SESSION_MINUTES,
    WORDS_PER_MINUTE,
    Briefing,
    reading_order,
)
from ..pipeline.readiness import placeholders
from ..problems import Problem, Remedy
from .confirm import unconfirmed
from .timing import timing

SEVERITIES = ("error", "warning")


def lint(prepared: Prepared, *, pace: int = WORDS_PER_MINUTE) -> list[Problem]:
    """Every finding for one briefing that was read (`prepare`, which judged it ready), in file order."""
    source, briefing = prepared.loaded, prepared.briefing
    assert source is not None and briefing is not None, "only a briefing that was read is linted"
    findings = [
        *_too_long(source, briefing, pace),
        *_identifying(source, briefing),
        *_acronyms(source, briefing),
        *_jargon(source, briefing),
        *_links(source, briefing),
        *_placeholders(source, briefing),
        *_repeated_titles(source, briefing),
        *_figure_labels(source, briefing),
        *prepared.problems,  # whether it may go out as it stands
        *unconfirmed(source, briefing),
    ]
    return sorted(findings, key=lambda p: (p.line, p.column, p.code))


def lint_version(prepared: Prepared, *, pace: int = WORDS_PER_MINUTE) -> list[Problem]:
    """The findings that hold in any language, for a briefing's version in another language
    (family-a.cy.yaml): its timing, what looks like identifying detail, links, text still to
    write, repeated titles and the figure's labels. Not acronyms or jargon, whose glossary is
    English, nor unconfirmed themes, which are its English briefing's."""
    source, briefing = prepared.loaded, prepared.briefing
    assert source is not None and briefing is not None, "only a version that was read is linted"
    findings = [
        *_too_long(source, briefing, pace),
        *_identifying(source, briefing),
        *_links(source, briefing),
        *_placeholders(source, briefing),
        *_repeated_titles(source, briefing),
        *_figure_labels(source, briefing),
    ]
    return sorted(findings, key=lambda p: (p.line, p.column, p.code))


def _warning(
    source: Source,
    loc: Location,
    message: str,
    code: str,
    needle: str | None = None,
    remedy: Remedy | None = None,
) -> Problem:
    return source.problem(loc, message, needle=needle, severity="warning", code=code, remedy=remedy)


# Timing -------------------------------------------------------------------------------


def _too_long(source: Source, briefing: Briefing, pace: int) -> Iterator[Problem]:
    times = timing(briefing, pace)
    if not times.words_over:
        return
    longest = sorted(times.sections, key=lambda s: -s.words)[:2]
    named = " and ".join(f"{s.number} “{s.title}” ({s.words} words)" for s in longest)
    yield Problem(
        source.path,
        *source.where(("sections",), key=True),
        f"the seven sections take about {times.minutes:.1f} minutes to read at {pace} words a minute; "
        f"cut about {times.words_over} words to fit {SESSION_MINUTES} minutes, starting with the "
        f"longest sections, {named}",
        "warning",
        "too-long",
    )


# Anonymisation ------------------------------------------------------------------------

_TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lady|Lord)"
_NAME = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_FULL_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})"
)
_STREET_WORDS = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Court|Gardens|Place|"
    "Terrace|Grove|Hill|Square|Mews|Walk|Row|Parade|View|Rise"
)

_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "email-address",
        re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
        "this looks like an email address",
    ),
    (
        "postcode",
        re.compile(r"\b(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b"),
        "this looks like a postcode",
    ),
    (
        "ni-number",
        # Any two letters: HMRC's own examples (QQ 12 34 56 C) are not valid numbers, but look like one.
        re.compile(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"),
        "this looks like a National Insurance number",
    ),
    (
        "date-of-birth",
        re.compile(
            rf"(?:\b(?:born|birth|DOB|D\.O\.B\.?|date of birth)\b[^.\n]{{0,30}}?){_FULL_DATE}", re.IGNORECASE
        ),
        "this looks like a full date of birth",
    ),
    (
        "street-address",
        re.compile(rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:{_NAME}\s+){{1,3}}(?:{_STREET_WORDS})\b"),
        "this looks like a street address",
    ),
    (
        "phone-number",
        re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)"),
        "this looks like a phone number",
    ),
)
_NHS_NUMBER = re.compile(r"(?<!\d)(\d{3})[\s-]?(\d{3})[\s-]?(\d{4})(?!\d)")
_TITLED_NAME = re.compile(rf"\b{_TITLES}\.?\s+({_NAME}(?:\s+{_NAME})?)\b")  # "Mrs Patricia Hughes", whole
_FULL_NAME = re.compile(rf"\b({_NAME})\s+({_NAME})\b")


def nhs_check_digit_ok(digits: str) -> bool:
    """True when a ten-digit number passes the NHS number's modulus 11 check."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


@cache
def given_names() -> frozenset[str]:
    text = (importlib.resources.files("sevenminute") / "data" / "given_names.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _anonymisation_texts(briefing: Briefing) -> list[tuple[Location, str]]:
    """Everything an author writes about people: not `resources`, where contacts belong."""
    texts = reading_order(briefing)
    texts += [(("sections", i, "notes"), s.notes) for i, s in enumerate(briefing.sections) if s.notes]
    return texts


def _identifying(source: Source, briefing: Briefing) -> Iterator[Problem]:
    allowed = {_same(allowance.value) for allowance in briefing.allow}
    pseudonyms = {_same(name) for name in briefing.pseudonyms}
    pseudonym_words = {word for name in pseudonyms for word in name.split()}
    names = given_names()
    for loc, text in _anonymisation_texts(briefing):
        taken: list[range] = []
        for code, start, end, what in _candidates(text, names, pseudonyms, pseudonym_words):
            found = text[start:end]
            if _same(found) in allowed or any(start < r.stop and end > r.start for r in taken):
                continue
            taken.append(range(start, end))
            yield _warning(source, loc, f"{what}: “{found}”", code, found, Remedy("allow-or-replace", found))


def _candidates(
    text: str, names: frozenset[str], pseudonyms: set[str], pseudonym_words: set[str]
) -> Iterator[tuple[str, int, int, str]]:
    """(code, start, end, what) for everything in `text` that looks identifying; the
    stronger kinds come first, so a span reported as one is not reported again."""
    for match in _NHS_NUMBER.finditer(text):
        if nhs_check_digit_ok("".join(match.groups())):
            yield "nhs-number", *match.span(), "this looks like an NHS number"
    for code, pattern, what in _PATTERNS:
        for match in pattern.finditer(text):
            yield code, *match.span(), what
    for match in _TITLED_NAME.finditer(text):
        named = _same(match.group(1)).split()
        if not any(word in pseudonym_words for word in named) and _same(match.group(0)) not in pseudonyms:
            yield "personal-name", *match.span(), "this looks like a real person's name"
    for match in _FULL_NAME.finditer(text):
        first, last = match.groups()
        whole = _same(match.group(0))
        if first in names and whole not in pseudonyms and _same(last) not in pseudonym_words:
            yield "personal-name", *match.span(), "this looks like a real person's full name"


def _same(text: str) -> str:
    return " ".join(text.lower().split())


# Plain English ------------------------------------------------------------------------


def _acronyms(source: Source, briefing: Briefing) -> Iterator[Problem]:
    known = glossary()
    explained: set[str] = set()
    for loc, text in reading_order(briefing):
        identifying = [
            range(*match.span())
            for code, pattern, _ in _PATTERNS
            if code in ("ni-number", "postcode")
            for match in pattern.finditer(text)
        ]
        for use in acronym_uses(text):
            if any(use.start in span for span in identifying):
                continue  # "AB" of "AB 12 34 56 C" is reported as a National Insurance number
            name = known.canonical(use.acronym)
            if name in explained:
                continue
            explained.add(name)
            if use.spelled_out:
                continue
            term = known.get(name)
            fix = (
                f"write “{term.stands_for} ({use.acronym})” the first time"
                if term
                else f"write it in full the first time, with ({use.acronym}) after it"
            )
            yield _warning(
                source,
                loc,
                f"“{use.acronym}” is used before it is spelled out; {fix}, so every reader can follow",
                "acronym",
                use.acronym,
            )


def _jargon(source: Source, briefing: Briefing) -> Iterator[Problem]:
    """A note (not a warning) at the first use of each phrase of safeguarding jargon."""
    seen: set[str] = set()
    for loc, text in reading_order(briefing):
        for phrase, words in jargon_uses(text):
            if phrase.phrase in seen:
                continue
            seen.add(phrase.phrase)
            yield source.problem(
                loc,
                f"“{words}” is safeguarding jargon not every reader knows; “Terms used” on the web "
                f"page explains it ({phrase.meaning[0].lower() + phrase.meaning[1:].rstrip('.')}). Say it "
                "in plain words here too if your readers may be new to it",
                needle=words,
                severity="info",
                code="jargon",
            )


# Links, placeholders, titles ----------------------------------------------------------

_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\(\s*([^)\s]*)[^)]*\)")


def _link_ok(url: str) -> bool:
    if url.startswith("mailto:"):
        return "@" in url
    if url.startswith("tel:"):
        return bool(re.fullmatch(r"tel:\+?[\d-]+", url))
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and "." in parts.netloc and " " not in url


def _links(source: Source, briefing: Briefing) -> Iterator[Problem]:
    for index, section in enumerate(briefing.sections):
        for match in _MARKDOWN_LINK.finditer(section.body):
            label, url = match.groups()
            if not url or not _link_ok(url):
                yield _warning(
                    source,
                    ("sections", index, "body"),
                    f"the link “{label}” points to “{url}”, which is not a web address; write the "
                    "full address, starting https://",
                    "link",
                    match.group(0),
                )


def _placeholders(source: Source, briefing: Briefing) -> Iterator[Problem]:
    """In a draft, text still to be written is a reminder; `readiness` refuses it once published."""
    if briefing.status != "draft":
        return
    for loc, needle in placeholders(briefing):
        yield _warning(
            source,
            loc,
            f"“{needle}” marks text still to be written; finish it before the briefing is published",
            "placeholder",
            needle,
        )


def _repeated_titles(source: Source, briefing: Briefing) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for index, section in enumerate(briefing.sections):
        title = _same(section.title)
        if title in seen:
            yield _warning(
                source,
                ("sections", index, "title"),
                f"section {index + 1} has the same title as section {seen[title] + 1} "
                f"(“{section.title}”); give each part its own title, so the seven-point figure "
                "can tell them apart",
                "repeated-title",
            )
        else:
            seen[title] = index


def _figure_labels(source: Source, briefing: Briefing) -> Iterator[Problem]:
    """A part's words on the seven-point figure must fit its circle whole at the smallest size."""
    for index, section in enumerate(briefing.sections):
        text = section.label or section.title
        if part_label_fits(text):
            continue
        shown = f"the figure would shorten it to “{shortened_part_label(text)}”"
        if section.label:
            yield _warning(
                source,
                ("sections", index, "label"),
                f"section {index + 1}'s label “{text}” is too long for its circle on the seven-point "
                f"figure: {shown}; use fewer or shorter words",
                "figure-label",
            )
        else:
            yield _warning(
                source,
                ("sections", index, "title"),
                f"section {index + 1}'s title “{text}” is too long for its circle on the seven-point "
                f"figure: {shown}",
                "figure-label",
                remedy=Remedy("shorter-label", limit=LABEL_LENGTH),
            )
