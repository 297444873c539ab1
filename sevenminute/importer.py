"""Import: a first draft of a seven-part briefing from a full review (PDF, Word, Markdown, text).

The draft is a starting point for an author, not a finished briefing. It finds the review's
parts by their headings and the words reviews use for them, lays them out in the order that
suits the review's kind, keeps every recommendation (one line each, numbered as in the
source), condenses the rest to the seven-minute budget, adds the themes it detects, and marks
with TODO what the author must decide. A report says where each part went and what was cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_args

from .bank import question_bank
from .enrich import SESSION_MINUTES, WORDS_PER_MINUTE, count_words
from .model import Briefing, ReviewKind, Section
from .problems import BriefingError, Problem
from .scaffold import SCHEMA_LINE, yaml_string
from .themes import detect_themes

MAX_SECTION_WORDS = 110  # a full section: seven of these stay inside about 900 words
MIN_SECTION_WORDS = 50  # never condense a section below this, even beside many recommendations
RECOMMENDATION_WORDS = 28
DRAFT_THEMES = 4  # the strongest themes of the review go into the draft's `themes:`
WHAT_TO_DO_NOW = "TODO: two or three things each person can do after this briefing."

# The parts of a review, the words that name them. The first role whose words a heading
# contains is the part's role; a heading with none of them keeps the role of the part before.
ROLES: list[tuple[str, tuple[str, ...]]] = [
    ("recommendations", ("recommendation",)),
    (
        "good-practice",
        ("good practice", "worked well", "went well", "strengths", "actions taken", "what has changed"),
    ),
    ("family", ("family involvement", "family's view", "family view", "voice of")),
    ("further", ("further information", "resources", "useful links", "contacts", "helpline", "references")),
    ("scope", ("lines of enquiry", "terms of reference", "methodology", "method", "how the audit", "scope")),
    (
        "findings",
        ("finding", "analysis", "areas of concern", "missed opportunit", "what needs to improve", "concern"),
    ),
    ("learning", ("learning", "lessons", "theme", "key messages", "practice points", "reflections")),
    ("what-happened", ("what happened", "the case", "case summary", "case synopsis", "chronology")),
    ("introduction", ("introduction", "synopsis", "background", "summary", "overview", "about this")),
]
# The seven sections for each kind of review, and the roles that feed each one.
REVIEW_LAYOUT = (
    ("Introduction", ("introduction", "scope")),
    ("What happened", ("what-happened",)),
    ("What the review found", ("findings",)),
    ("Learning for practice", ("learning", "family")),
    ("Recommendations", ("recommendations",)),
    ("Good practice and changes", ("good-practice",)),
    ("What to do now", ()),
)
AUDIT_LAYOUT = (
    ("Introduction", ("introduction",)),
    ("How the audit worked", ("scope", "what-happened")),
    ("What worked well", ("good-practice",)),
    ("What needs to improve", ("findings",)),
    ("Learning for practice", ("learning", "family")),
    ("Recommendations", ("recommendations",)),
    ("What to do now", ()),
)

# Words near the top of a review that say what kind it is, most specific first.
KIND_WORDS: list[tuple[str, str]] = [
    ("SAR", r"safeguarding adults? review|\bSAR\b"),
    ("DHR", r"domestic homicide review|domestic abuse related death review|\bDHR\b"),
    ("rapid-review", r"rapid review"),
    ("LCSPR", r"local child(?:ren['’]?s)? safeguarding practice review|\bLCSPR\b"),
    ("audit", r"\baudit\b"),
    ("thematic", r"\bthematic\b"),
    ("CSPR", r"child(?:ren['’]?s)? safeguarding practice review|\bCSPR\b|serious case review"),
]


@dataclass
class Part:
    heading: str
    role: str
    lines: list[str] = field(default_factory=list)
    guessed: bool = False
    why: str = ""  # how a guessed role was chosen, for the report

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


@dataclass
class Draft:
    yaml: str
    report: list[str]


# --- reading ------------------------------------------------------------------------------


def read_review(path: Path) -> str:
    """The review's text, from a .pdf, .docx, .md or .txt file."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            return _pdf_text(path)
        if suffix == ".docx":
            return _docx_text(path)
        if suffix in (".doc", ".odt", ".rtf", ".pages"):
            raise BriefingError(
                Problem(path, 1, 1, f"{suffix} files cannot be read; save the review as .docx, PDF or text")
            )
        data = path.read_bytes()
        if b"\x00" in data[:4096]:
            raise BriefingError(
                Problem(path, 1, 1, "this is not a text file; give a PDF, a Word .docx, Markdown or text")
            )
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BriefingError(
            Problem(path, 1, 1, "this is not UTF-8 text; save it as UTF-8 and try again")
        ) from None
    except OSError as error:
        raise BriefingError(Problem(path, 1, 1, f"the file cannot be read ({error.strerror})")) from None


def _pdf_text(path: Path) -> str:
    """The text layer of a PDF, read with PDFium (pypdfium2: some 30 times faster than a
    pure-Python reader on a 20-page review), with the lines of each paragraph joined again."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise BriefingError(
                Problem(path, 1, 1, "this PDF is password-protected; save an unprotected copy and try again")
            ) from None
        raise BriefingError(
            Problem(path, 1, 1, "this PDF cannot be read (it may be damaged); open it and save it again")
        ) from None
    try:
        pages = [_page_text(document[index].get_textpage()) for index in range(len(document))]
    finally:
        document.close()
    text = "\n\n".join(pages)
    if len(text.split()) < 5 * max(1, len(pages)):
        raise BriefingError(
            Problem(
                path, 1, 1,
                "this PDF has little or no text layer (it may be a scan); save the review as Word or "
                "text, or run it through text recognition (OCR) first",
            )
        )  # fmt: skip
    return text


def _page_text(textpage) -> str:  # noqa: ANN001 (a pypdfium2 PdfTextPage)
    """A PDF page's text as Markdown-like paragraphs, from where its lines sit on the page.

    Lines closer together than one and a half line heights belong to one paragraph and are
    joined; a wider gap starts a new paragraph. A line in larger type than the body, and
    short, is a heading.
    """
    lines: list[list] = []  # [bottom, top, text] for each line, top of the page first
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = textpage.get_text_bounded(left, bottom, right, top).replace("\r", " ").replace("\n", " ")
        if not text.strip():
            continue
        if lines and abs(lines[-1][0] - bottom) < 2:  # another run of type on the same line
            lines[-1][2] = f"{lines[-1][2]} {text.strip()}"
        else:
            lines.append([bottom, top, text.strip()])
    if not lines:
        return ""
    heights = sorted(top - bottom for bottom, top, _ in lines)
    body = heights[len(heights) // 2]
    out: list[str] = []
    previous = None
    for bottom, top, text in lines:
        heading = (top - bottom) > 1.2 * body and len(text.split()) <= 12
        gap = previous is None or (previous - bottom) > 1.5 * body or (previous - bottom) < 0
        starts_item = re.match(r"^(?:[-*•]|\d+[.)]|\(?[a-z][.)])\s", text)
        if heading:
            out += ["", f"# {text}", ""]
        elif gap or starts_item or not out or not out[-1]:
            out += ["", text]
        else:
            word_broken = out[-1].endswith("-") and not out[-1].endswith(" -") and text[:1].islower()
            out[-1] += ("" if word_broken else " ") + text
        previous = bottom
    return "\n".join(out).strip()


def _docx_text(path: Path) -> str:
    import zipfile

    import docx
    from docx.opc.exceptions import OpcError

    try:
        document = docx.Document(str(path))
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError):
        raise BriefingError(
            Problem(
                path, 1, 1, "this is not a Word .docx file that can be read; open it in Word and save again"
            )
        ) from None
    lines: list[str] = []
    number = 0  # Word keeps a numbered list's numbers in its styles, not in the text
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        runs = [run for run in paragraph.runs if run.text.strip()]
        if text and (style.startswith("heading") or style == "title"):
            lines += ["", f"# {text}", ""]
            number = 0
        elif text and style.startswith("list number"):
            number += 1
            lines.append(f"{number}. {text}")
        elif text and style.startswith("list"):
            lines.append(f"- {text}")
        elif text and runs and all(run.bold for run in runs) and len(text.split()) <= 10:
            lines += ["", f"**{text}**", ""]
        else:
            lines.append(text)
    return "\n".join(lines)


# --- finding the parts --------------------------------------------------------------------

_LEAD_IN = re.compile(
    r"^\s*\**(recommendations?|findings|good practice|learning|key learning)\**\s*:\s*(\S.*)$", re.I
)
_NUMBERED_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.|[IVX]+\.)\s+(\S.*)$")


def _heading(line: str, following: str) -> str | None:
    """The heading text if `line` looks like a heading, else None."""
    stripped = line.strip()
    if not stripped or len(stripped) > 90:
        return None
    if stripped.startswith("#"):
        return stripped.lstrip("#").strip() or None
    bold = re.fullmatch(r"\*\*(.+?)\*\*:?", stripped)
    if bold:
        return bold.group(1).strip()
    words = stripped.split()
    theme = re.match(r"^(?:theme|key learning|learning point)\s*\d*\s*[:\-–]\s*(\S.*)$", stripped, re.I)
    if theme and len(words) <= 15:
        return stripped.rstrip(":")
    before_list = re.match(r"^\s*(?:[-*•]|\d+[.)])\s", following)
    if (
        before_list
        and len(words) <= 8
        and stripped[0].isupper()
        and not stripped.endswith((".", ",", ";", ":"))
    ):
        return stripped
    numbered = _NUMBERED_HEADING.match(stripped)
    if numbered and len(words) <= 8 and not stripped.endswith((".", ",", ";")):
        return numbered.group(1).strip()
    letters = [c for c in stripped if c.isalpha()]
    if letters and len(words) <= 8 and all(c.isupper() for c in letters) and len(letters) > 3:
        return stripped.title()
    short = (
        len(words) <= 6
        and not stripped.endswith((".", ",", ";"))
        and not stripped.startswith(("-", "*", "•"))
    )
    if short and len(following.split()) > 12 and stripped[0].isupper():
        return stripped.rstrip(":")
    return None


def role_of(heading: str) -> str | None:
    lowered = heading.lower()
    for role, words in ROLES:
        if any(word in lowered for word in words):
            return role
    return None


def split_parts(text: str, meta: Meta | None = None) -> list[Part]:
    """The review's parts, each with the role its heading (or, failing that, its words) gives it.

    Lines at the top that only name the review (its title, partnership, date) are left out.
    """
    meta = meta or read_meta(text)
    lines = text.replace("\r\n", "\n").split("\n")
    parts = [Part("(the opening, before any heading)", "introduction", guessed=True, why="it comes first")]
    opening = True
    for index, line in enumerate(lines):
        if opening and _names_the_review(line, meta):
            continue
        following = next((ln for ln in lines[index + 1 : index + 4] if ln.strip()), "")
        lead_in = _LEAD_IN.match(line)
        if lead_in:  # "Recommendations: partner agencies should..." starts a part on one line
            parts.append(Part(lead_in.group(1).strip(), role_of(lead_in.group(1)) or parts[-1].role))
            parts[-1].lines.append(lead_in.group(2))
            opening = False
            continue
        heading = _heading(line, following)
        numbered = _RECOMMENDATION_LINE.match(line)
        if heading and not (numbered and numbered.group(2)):  # "Recommendation 1: text" is not a heading
            role = role_of(heading)
            parts.append(Part(heading, role or parts[-1].role, guessed=role is None))
            opening = False
        else:
            parts[-1].lines.append(line)
    parts = [part for part in parts if part.text or part.role == "recommendations"]
    _guess_roles(parts)
    return parts


# Words in a part's text that suggest its role, for headings that do not say.
ROLE_CUES: dict[str, tuple[str, ...]] = {
    "what-happened": (
        "lived", "was born", "aged", "years old", "incident", "died", "death", "happened", "moved",
        "month", "was known", "were known", "was referred", "was assaulted", "was admitted",
    ),
    "findings": (
        "found", "noticed", "missed", "did not", "never", "was not", "were not", "concern", "gap",
        "lack", "nobody", "no one", "no-one", "unclear", "inconsistent", "delay",
    ),
    "learning": (
        "learning", "learnt", "learned", "need to", "needs to", "important", "remember", "curious",
        "curiosity", "consider", "practitioners should",
    ),
    "good-practice": ("good practice", "worked well", "positive", "promptly", "at once", "strength"),
}  # fmt: skip


def _cue_scores(text: str) -> dict[str, int]:
    lowered = text.lower()
    return {
        role: sum(len(re.findall(rf"\b{re.escape(cue)}\b", lowered)) for cue in cues)
        for role, cues in ROLE_CUES.items()
    }


def _guess_roles(parts: list[Part]) -> None:
    """Give each part whose heading names no role the role its words suggest, if they clearly
    suggest one; otherwise it continues the part before it. Sub-headings under the
    recommendations stay recommendations."""
    for index, part in enumerate(parts):
        if not part.guessed:
            continue
        if index == 0:
            before, part.role, part.why = "introduction", "introduction", "it comes first"
        else:
            before = parts[index - 1].role
            part.role, part.why = before, f"it follows “{_short(parts[index - 1].heading, 40)}”"
        if before == "recommendations":
            continue
        scores = _cue_scores(part.text)
        best = max(scores, key=lambda role: scores[role])
        if best != before and scores[best] >= 2 and scores[best] > scores.get(before, 0) + 1:
            cues = [cue for cue in ROLE_CUES[best] if re.search(rf"\b{re.escape(cue)}\b", part.text.lower())]
            part.role, part.why = best, "its words (" + ", ".join(f"“{cue}”" for cue in cues[:3]) + ")"


def _names_the_review(line: str, meta: Meta) -> bool:
    """A line at the top that only gives the review's title, partnership or date."""
    stripped = line.strip().strip("*#").strip()
    if not stripped:
        return False
    if len(stripped.split()) > 12 or stripped.endswith((".", "!", "?", ":")):
        return False
    lowered = stripped.lower()
    known = [v.lower() for v in (meta.title, meta.partnership, meta.review_title) if v]
    return bool(
        any(lowered in value or value in lowered for value in known)
        or re.fullmatch(rf"(?:\d{{1,2}}\s+)?(?:{_MONTHS})\s+\d{{4}}", stripped)
        or _PSEUDONYM.fullmatch(stripped)
        or re.search(r"\b(partnership|board)\b", lowered)
        or any(re.search(pattern, stripped, re.I) for _, pattern in KIND_WORDS)
        or (stripped.isupper() and len(stripped.split()) <= 3)
    )


# --- recommendations ----------------------------------------------------------------------

_RECOMMENDATION_LINE = re.compile(
    r"^\s*(?:#+\s*)?(?:\*\*)?\[?recommendation\s+(\d+|[a-z])\b\]?(?:\*\*)?(?:\s*[:.\-–)]\s*(.*)|\s*)$", re.I
)
_RECOMMENDATION_MARK = re.compile(r"\*{0,2}\[\s*\*{0,2}recommendations?\s+(\d+)\s*\*{0,2}\]\*{0,2}", re.I)
_LIST_ITEM = re.compile(r"^\s*(?:(\d+)[.)]|\(?([a-z])[.)]|[-*•])\s+(.+)$")


def recommendations(text: str, parts: list[Part]) -> list[tuple[str, str]]:
    """Every recommendation as (label, text), in the source's order and numbering.

    Found as "Recommendation N: ..." lines (or a "Recommendation N" heading with its text on
    the next line), "[Recommendation N]" marks after a sentence, or items listed under a
    Recommendations heading (numbered, lettered or bulleted, in any sub-groups). With none of
    these, the part with the longest numbered list is taken, and marked as a guess.
    """
    found = _listed([p for p in parts if p.role == "recommendations"])
    for part in parts:  # a heading "Recommendation A" with the recommendation as its text
        heading = _RECOMMENDATION_LINE.match(part.heading)
        if heading and part.text:
            found.setdefault(heading.group(1).lower(), part.text.split("\n")[0])
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = _RECOMMENDATION_LINE.match(line)
        if not match:
            continue
        body = (match.group(2) or "").strip()
        if not body:  # the heading's text is the next line that has some
            body = next((ln.strip() for ln in lines[index + 1 : index + 4] if ln.strip()), "")
        if body:
            found.setdefault(match.group(1).lower(), body)
    for match in _RECOMMENDATION_MARK.finditer(text):
        before = text[: match.start()].rstrip()
        sentence = _sentences(re.split(r"\n\s*\n", before)[-1])[-1:] if before else []
        if sentence:
            found.setdefault(match.group(1), sentence[0])
    if not found:
        numbered = {id(p): sum(bool(re.match(r"^\s*\d+[.)]\s", ln)) for ln in p.lines) for p in parts}
        best = max(parts, key=lambda p: numbered[id(p)], default=None)
        if best is not None and numbered[id(best)] >= 2:
            best.role, best.guessed, best.why = "recommendations", True, "it has the longest numbered list"
            found = _listed([best])
    return sorted(found.items(), key=lambda kv: _label_order(kv[0]))


def _without_recommendations(text: str) -> str:
    """Text with its recommendations taken out (they have their own section), and links
    that lead nowhere on the web reduced to their words."""
    lines = [line for line in text.splitlines() if not _RECOMMENDATION_LINE.match(line)]
    text = _RECOMMENDATION_MARK.sub("", "\n".join(lines))
    return re.sub(r"\[([^\]]*)\]\((?!https?://)[^)]*\)", r"\1", text)


def _label_order(label: str) -> tuple[int, str]:
    return (int(label), "") if label.isdigit() else (10_000, label)


def _listed(parts: list[Part]) -> dict[str, str]:
    """Numbered, lettered or bulleted items in `parts`, labelled as in the source where they are.

    A lead-in line that ends with a colon ("...aware of the following:") belongs to the items
    that follow it, so it is kept as the first recommendation when the items are bullets.
    """
    items: list[tuple[str | None, str]] = []
    for part in parts:
        for line in part.lines:
            item = _LIST_ITEM.match(line)
            if not item:
                continue
            label, body = item.group(1) or item.group(2), item.group(3)
            marked = _ITEM_MARK.match(body)
            if marked:  # "- **[Recommendation 6]** A pathway for..." keeps the review's number
                label, body = marked.group(1), body[marked.end() :]
            items.append((label, body))
    if any(label for label, _ in items):  # numbered or lettered: bullets elsewhere are not these
        items = [(label, body) for label, body in items if label]
    found: dict[str, str] = {}
    for counter, (label, body) in enumerate(items, 1):
        found.setdefault((label or str(counter)).lower(), body)
    return found


_ITEM_MARK = re.compile(r"^\W*recommendations?\s+(\d+)[\]*:.)\s–-]*", re.I)


def _label_line(label: str, text: str) -> str:
    return f"{label}. {one_line(text)}" if label.isdigit() else f"- ({label}) {one_line(text)}"


# --- condensing ---------------------------------------------------------------------------


_ABBREVIATION = re.compile(r"(?:\b(?:e\.g|i\.e|etc|cf|vs|approx|no|dr|mr|mrs|ms|st)|\b[A-Z])\.$", re.I)


def _sentences(text: str) -> list[str]:
    """Sentences of one paragraph, not split after "e.g." and the like."""
    out: list[str] = []
    for piece in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9“\"'(])", " ".join(text.split())):
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return [piece for piece in out if piece]


def _pieces(text: str) -> list[str]:
    """Sentences and list items, in order."""
    return [piece for line in text.split("\n") if line.strip() for piece in _sentences(line)]


def _shorten(text: str, budget: int) -> str:
    """The start of `text` in at most `budget` words, cut after a comma or dash where one is
    past half way, ending in "…"; emphasis marks are dropped so none is left open."""
    words = re.sub(r"\*+", "", text).split()
    if len(words) <= budget:
        return " ".join(words)
    cut = budget
    for index in range(budget, budget // 2, -1):
        if words[index - 1].endswith((",", ";", ":")) or words[index] in ("-", "–", "—"):
            cut = index
            break
    kept = words[:cut]
    while len(kept) > 1 and kept[-1].lower().strip(",;:") in (
        "a",
        "an",
        "and",
        "the",
        "of",
        "to",
        "in",
        "for",
        "or",
        "with",
    ):
        kept.pop()
    return " ".join(kept).rstrip(",;:") + "…"


def condense(text: str, budget: int) -> tuple[str, str]:
    """Whole sentences (or list items) from the start of `text`, up to `budget` words.

    Returns the kept text (Markdown) and what was left over, so another section can use it.
    """
    pieces = _pieces(text)
    kept: list[str] = []
    used = 0
    for index, piece in enumerate(pieces):
        words = piece.split()
        if used + len(words) <= budget:
            kept.append(piece)
            used += len(words)
            continue
        if kept:
            return _markdown(kept), "\n".join(pieces[index:])
        # one very long first sentence: keep its start; the rest is left over
        return _markdown([_shorten(piece, budget)]), "\n".join(pieces[index + 1 :])
    return _markdown(kept), ""


def _markdown(pieces: list[str]) -> str:
    """Pieces as Markdown paragraphs; list items stay a list, and sentences share a paragraph."""
    blocks: list[str] = []
    for piece in pieces:
        item = re.match(r"^(?:[-*•]|\d+[.)]|\(?[a-z][.)])\s+(.*)$", piece)
        if item:
            line = f"- {item.group(1)}"
            if blocks and blocks[-1].startswith("- "):
                blocks[-1] += "\n" + line
            else:
                blocks.append(line)
        elif blocks and not blocks[-1].startswith("- ") and len(blocks[-1].split()) < 60:
            blocks[-1] += " " + piece
        else:
            blocks.append(piece)
    return "\n\n".join(blocks)


def one_line(text: str, words: int = RECOMMENDATION_WORDS) -> str:
    """The first sentence of `text`, in at most `words` words, without links or emphasis."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a Markdown link keeps its words
    text = re.sub(r"\*+|\\|\[\s*recommendations?\s+\d+\s*\]", "", text, flags=re.I)
    sentences = _sentences(text)
    return _shorten(sentences[0], words) if sentences else ""


# --- what the review is -------------------------------------------------------------------

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_PSEUDONYM = re.compile(
    r"\b(?:(?:Child(?:ren)?|Baby|Family|Adult|Young Person|Sibling)s?\s+[A-Z](?:(?:,\s*|\s+and\s+)[A-Z])*)\b"
)


@dataclass(frozen=True)
class Meta:
    title: str | None
    partnership: str | None
    date: str | None
    kind: str | None
    review_title: str | None


def read_meta(text: str) -> Meta:
    """What the review's first lines say about it: its name, partnership, date and kind."""
    lines = [line.strip().strip("*#").strip() for line in text.splitlines() if line.strip()][:15]
    top = " ".join(lines)
    joined = " ".join(top.split())
    partnership = _partnership(joined)
    date = None
    for line in lines:
        found = re.search(rf"\b({_MONTHS})\s+(\d{{4}})\b", line)
        if found:
            date = f"{found.group(2)}-{_MONTHS.split('|').index(found.group(1)) + 1:02d}-01"
            break
    kind = next((key for key, pattern in KIND_WORDS if re.search(pattern, joined, re.I)), None)
    named = _PSEUDONYM.search(joined)
    title = named.group(0) if named else None
    review_title = next(
        (
            ln
            for ln in lines
            if re.search(r"\b(review|audit|briefing|brief)\b", ln, re.I)
            and len(ln.split()) <= 15
            and not ln.endswith(".")
        ),
        None,
    )
    if title is None and review_title and len(review_title.split()) <= 10:
        title = review_title
    return Meta(title, partnership, date, kind, review_title)


_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’-]*|&|and|of|on|the)$")


def _partnership(text: str) -> str | None:
    """The name before the first "Partnership" or "Board": up to seven capitalised words."""
    words = text.split()
    for index, word in enumerate(words):
        if not re.fullmatch(r"(?:partnership|board)[\W]*", word, re.I):
            continue
        start = index
        while start > 0 and index - start < 7 and _NAME_WORD.match(words[start - 1]):
            start -= 1
        name = words[start : index + 1]
        while name and name[0] in ("&", "and", "of", "on", "the", "The"):
            name = name[1:]
        if len(name) >= 2:
            name[-1] = name[-1].rstrip(".,;:")
            return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in name)
    return None


def _layout(kind: str | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return AUDIT_LAYOUT if kind == "audit" else REVIEW_LAYOUT


def _themes(parts: list[Part], title: str, summary: str) -> list[str]:
    """The strongest themes of the whole review, each part standing for a section."""
    sections = [Section.model_construct(title=p.heading, body=p.text, notes=None) for p in parts]
    review = Briefing.model_construct(
        title=title, subtitle=None, summary=summary, sections=sections, themes=[], exclude_themes=[]
    )
    return [found.key for found in detect_themes(review, question_bank())][:DRAFT_THEMES]


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


# --- the draft ----------------------------------------------------------------------------


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
    text = _printable(text)
    meta = read_meta(text)
    parts = split_parts(text, meta)
    recs = recommendations(text, parts)  # may take a part as the recommendations, marked as a guess
    kind = meta.kind or "other"
    layout = _layout(meta.kind)
    sections = [_Section(name, roles, [p for p in parts if p.role in roles]) for name, roles in layout]
    report = [
        f"Read {len(text):,} characters: {len(parts)} parts and {len(recs)} recommendations.",
        f"Kind: {kind}" + ("" if meta.kind else " (not stated near the top; check it)")
        + f", so the sections follow the {'audit' if layout is AUDIT_LAYOUT else 'review'} layout.",
        "Where each part of the review went:",
    ]  # fmt: skip
    section_of = {role: s.title for s in sections for role in s.roles}
    for part in parts:
        where = section_of.get(part.role)
        if part.role == "further":
            where = "resources (web addresses only)"
        words = len(part.text.split())
        guess = f" — guessed: {part.why}" if part.guessed and part.why else ""
        report.append(f"  “{_short(part.heading)}” ({words} words) → {where or 'not used'}{guess}")

    rec_lines = [_label_line(label, body) for label, body in recs]
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
            source = _without_recommendations(part.text)
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
        section.note = "Condensed from: " + "; ".join(f"“{_short(p.heading)}”" for p in section.chosen)

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

    for section in sections:
        if section.title == "Recommendations":
            if rec_lines:
                section.body = "\n".join(rec_lines)
                section.note = (
                    "Every recommendation of the review, one line each: check each still says what it should."
                )
            else:
                section.body = (
                    "TODO: no recommendations were found in the review; add them here, one line each."
                )
                section.note = "No recommendations were found: check the review."
                report.append("  Recommendations: none found; the section asks you to add them.")
        elif not section.roles:
            section.body = WHAT_TO_DO_NOW
            section.note = "Yours to write: the review does not say this directly."
        elif not section.body:
            section.body = (
                f"TODO: the review has no part for “{section.title}”; write it, or merge another part here."
            )
            section.note = "Nothing in the review matched this section."
            report.append(f"  “{section.title}”: nothing in the review matched; left as TODO.")
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
        one_line(_without_recommendations(opening), 40)
        or "TODO: one or two sentences on what the review found."
    )
    themes = _themes(parts, title, summary)
    resources = _resources(parts)

    lines = [
        SCHEMA_LINE,
        "# A draft made by `python build.py import`. Check every section against the review,",
        "# put it into your own plain words, and replace each TODO. Then: python build.py check",
        f"title: {yaml_string(title)}",
        f"partnership: {yaml_string(partnership)}",
        f"published: {meta.date or '2000-01-01'}" + ("" if meta.date else "  # TODO: the review's date"),
        "review:",
        f"  kind: {kind}" + ("" if meta.kind else f"  # TODO: one of {', '.join(get_args(ReviewKind))}"),
    ]  # fmt: skip
    if meta.review_title:
        lines.append(f"  title: {yaml_string(meta.review_title)}")
    lines.append(f"summary: {yaml_string(summary)}")
    if themes:
        lines += [
            "# Themes found in the whole review: they choose the reflection questions. Remove any that",
            "# do not fit; `python build.py themes` shows why each was found.",
        ]
        lines.append(f"themes: [{', '.join(themes)}]")
    lines.append("sections:")
    for section in sections:
        lines += [f"  - title: {yaml_string(section.title)}", "    body: |"]
        lines += [f"      {line}" if line.strip() else "" for line in section.body.splitlines()]
        lines += ["    notes: |", f"      {section.note}"]
    if resources:
        lines.append("resources:")
        for name, url in resources:
            lines += [f"  - title: {yaml_string(name)}", f"    url: {yaml_string(url)}"]
    lines.append("")

    words = sum(count_words(s.body) for s in sections)
    minutes = words / WORDS_PER_MINUTE
    over = " — over seven minutes: cut before you deliver it" if minutes > SESSION_MINUTES else ""
    report.append(f"Themes: {', '.join(themes) if themes else 'none found'}.")
    report.append(
        f"Draft: {words} words, about {minutes:.1f} minutes at {WORDS_PER_MINUTE} words a minute{over}."
    )
    return Draft("\n".join(lines), report)


_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _printable(text: str) -> str:
    """The review's text without the control characters a PDF or Word file can carry (YAML
    refuses them), with tabs as spaces and every line ending as a newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").replace("\f", "\n")
    return _NOT_PRINTABLE.sub("", text).replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")


def _short(heading: str, length: int = 60) -> str:
    return heading if len(heading) <= length else heading[: length - 1].rstrip() + "…"


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
