"""The draft: the review's parts laid out as seven sections within the word budget, as YAML.

`import_review` is the entry point: it reads the review, drafts it with `draft_briefing` and
writes the draft where asked, never over an existing file. `draft_briefing` chooses the layout
for the review's kind, condenses each part into its section, lists every recommendation, adds
the themes and resources it finds, and reports where each part went and what was cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from ..authoring.scaffold import STRUCTURES, briefing_yaml
from ..pipeline.bank import question_bank
from ..pipeline.enrich.themes import detect_themes
from ..pipeline.model import SESSION_MINUTES, WORDS_PER_MINUTE, Briefing, ReviewKind, Section, count_words
from ..problems import BriefingError, Problem
from .condense import condense, one_line
from .meta import read_meta
from .parts import Part, split_parts
from .read import read_review
from .recommendations import label_line, recommendations, without_recommendations
from .text import printable, short

MAX_SECTION_WORDS = 110  # a full section: seven of these stay inside about 900 words
MIN_SECTION_WORDS = 50  # never condense a section below this, even beside many recommendations
DRAFT_THEMES = 4  # the strongest themes of the review go into the draft's `themes:`
WHAT_TO_DO_NOW = "TODO: two or three things each person can do after this briefing."


@dataclass
class Draft:
    yaml: str
    report: list[str]


def _layout(kind: str | None) -> str:
    """The layout a review's draft follows (scaffold.STRUCTURES): an audit's, else a review's."""
    return "audit" if kind == "audit" else "review"


def _themes(parts: list[Part], title: str, summary: str) -> list[str]:
    """The strongest themes of the whole review, each part standing for a section.

    Found by their terms alone: reading every sentence of a 35,000-character review by
    meaning would take about 4 seconds. The draft's own themes, by terms and meaning, are
    what `--confirm` then shows the author."""
    sections = [Section.model_construct(title=p.heading, body=p.text, notes=None) for p in parts]
    review = Briefing.model_construct(
        title=title, subtitle=None, summary=summary, sections=sections, themes=[], exclude_themes=[]
    )
    found = detect_themes(review, question_bank(), by_meaning=False)
    return [theme.key for theme in found][:DRAFT_THEMES]


def _resources(parts: list[Part]) -> list[tuple[str, str]]:
    """(title, url) for each line of the further-information parts that holds a web address."""
    found = []
    for part in parts:
        if part.role != "further":
            continue
        for line in part.lines:
            url = re.search(r"https?://[^\s<>)\]]+", line)
            if not url:
                continue
            address = url.group(0).rstrip(".,;")
            name = re.sub(r"\s+and$", "", line[: url.start()].strip(" -*•:;,(<[")).strip(" -*•:;,(<[")
            found.append((name[:200] or address, address))
    return found


@dataclass
class _Section:
    title: str
    roles: tuple[str, ...]
    chosen: list[Part]
    body: str = ""
    note: str = ""
    leftover: str = ""

    @property
    def dropped(self) -> int:
        """Words of this section's parts that the draft leaves out."""
        return len(self.leftover.split())


def draft_briefing(text: str, *, title: str | None = None, partnership: str | None = None) -> Draft:
    """The draft briefing (YAML text) and the report, from a review's text."""
    text = printable(text)
    meta = read_meta(text)
    parts = split_parts(text, meta)
    recs = recommendations(text, parts)  # may take a part as the recommendations, marked as a guess
    kind = meta.kind or "other"
    layout = _layout(meta.kind)
    sections = [
        _Section(part.title, part.roles, [p for p in parts if p.role in part.roles])
        for part in STRUCTURES[layout].parts
    ]
    report = [
        f"Read {len(text):,} characters: {len(parts)} part{'' if len(parts) == 1 else 's'} and "
        f"{len(recs)} recommendation{'' if len(recs) == 1 else 's'}.",
        f"Kind: {kind}" + ("" if meta.kind else " (not stated near the top; check it)")
        + f", so the sections follow the {layout} layout.",
        "Where each part of the review went:",
    ]  # fmt: skip
    section_of = {role: s.title for s in sections for role in s.roles}
    for part in parts:
        where = section_of.get(part.role)
        if part.role == "further":
            where = "resources (web addresses only)"
        words = len(part.text.split())
        guess = f" — guessed: {part.why}" if part.guessed and part.why else ""
        report.append(f"  “{short(part.heading)}” ({words} words) → {where or 'not used'}{guess}")

    rec_lines = [label_line(label, body) for label, body in recs]
    rec_words = sum(len(line.split()) for line in rec_lines)
    content = [s for s in sections if s.roles and s.title != "Recommendations"]
    spare = SESSION_MINUTES * WORDS_PER_MINUTE - rec_words - len(WHAT_TO_DO_NOW.split())
    budget = max(MIN_SECTION_WORDS, min(MAX_SECTION_WORDS, spare // max(1, len(content))))

    for section in content:
        if not section.chosen:
            continue
        remaining = budget
        bodies, leftovers, used = [], [], []
        for number, part in enumerate(section.chosen):
            source = without_recommendations(part.text)
            share = max(40, remaining // (len(section.chosen) - number))
            if remaining < 20:  # no room left: this part is cut whole
                leftovers.append(source)
                continue
            kept, left = condense(source, min(share, remaining))
            remaining -= len(kept.split())
            bodies.append(kept)
            leftovers.append(left)
            used.append(part)
        section.body = "\n\n".join(b for b in bodies if b)
        section.leftover = "\n".join(x for x in leftovers if x)
        section.chosen = used
        section.note = "Condensed from: " + "; ".join(f"“{short(p.heading)}”" for p in section.chosen)

    # A section with nothing of its own takes the rest of a neighbour that had too much.
    for index, section in enumerate(sections):
        if section.body or section not in content:
            continue
        donors = [sections[i] for i in (index - 1, index + 1) if 0 <= i < len(sections)]
        donor = max((d for d in donors if d in content), key=lambda d: d.dropped, default=None)
        if donor is not None and donor.dropped >= MIN_SECTION_WORDS:
            section.body, donor.leftover = condense(donor.leftover, budget)
            section.note = f"Split from “{donor.title}”, which was too long for one section: check the split."
            report.append(
                f"  “{section.title}”: nothing of its own, so it takes the rest of “{donor.title}”."
            )

    unmatched: list[str] = []  # said under a heading of their own, after the recommendations
    for section in sections:
        if section.title == "Recommendations":
            if rec_lines:
                section.body = "\n".join(rec_lines)
                report.append(f"Recommendations kept ({len(rec_lines)}), numbered as in the review:")
                report += [f"  {short(line, 78)}" for line in rec_lines]
                section.note = (
                    "Every recommendation of the review, one line each: check each still says what it should."
                )
            else:
                section.body = (
                    "TODO: no recommendations were found in the review; add them here, one line each."
                )
                section.note = "No recommendations were found: check the review."
                report.append("Recommendations: none found; the section asks you to add them.")
        elif not section.roles:
            section.body = WHAT_TO_DO_NOW
            section.note = "Yours to write: the review does not say this directly."
        elif not section.body:
            section.body = (
                f"TODO: the review has no part for “{section.title}”; write it, or merge another part here."
            )
            section.note = "Nothing in the review matched this section."
            unmatched.append(f"  “{section.title}”: left as TODO.")
    if unmatched:
        report.append("Nothing in the review matched these parts, so each is yours to write:")
        report += unmatched
    dropped = [s for s in sections if s.dropped]
    if dropped:
        report.append("Cut for length (the review keeps them; the draft would run past seven minutes):")
        report += [f"  “{s.title}”: kept {count_words(s.body)} words, cut {s.dropped}." for s in dropped]

    title = title or meta.title or "TODO: the review's anonymised name"
    partnership = partnership or meta.partnership or "TODO: the partnership's name"
    opening = next(
        (p.text for p in parts if p.role in ("introduction", "what-happened") and len(p.text.split()) >= 20),
        "",
    )
    summary = (
        one_line(without_recommendations(opening), 40)
        or "TODO: one or two sentences on what the review found."
    )
    themes = _themes(parts, title, summary)
    resources = _resources(parts)

    source = briefing_yaml(
        "imported-briefing.yaml",
        title=title,
        partnership=partnership,
        published=meta.date,
        kind=kind,
        kind_stated=bool(meta.kind),
        kinds=", ".join(get_args(ReviewKind)),
        review_title=meta.review_title,
        summary=summary,
        themes=themes,
        sections=sections,
        resources=resources,
    )

    words = sum(count_words(s.body) for s in sections)
    minutes = words / WORDS_PER_MINUTE
    over = " — over seven minutes: cut before you deliver it" if minutes > SESSION_MINUTES else ""
    report.append(f"Themes: {', '.join(themes) if themes else 'none found'}.")
    report.append(
        f"Draft: {words} words, about {minutes:.1f} minutes at {WORDS_PER_MINUTE} words a minute{over}."
    )
    return Draft(source, report)


def import_review(
    review: Path, out: Path, *, title: str | None = None, partnership: str | None = None
) -> Draft:
    """Read `review` and write the draft to `out`; never replaces an existing file."""
    if out.exists():
        raise BriefingError(
            Problem(
                out,
                1,
                1,
                f"{out} already exists, and import never overwrites a briefing; choose another --out",
            )
        )
    draft = draft_briefing(read_review(review), title=title, partnership=partnership)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with out.open("x", encoding="utf-8") as file:
            file.write(draft.yaml)
    except FileExistsError:
        raise BriefingError(
            Problem(
                out,
                1,
                1,
                f"{out} appeared while importing, and import never overwrites it; choose another --out",
            )
        ) from None
    return draft
