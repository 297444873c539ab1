"""The briefing source format (DESIGN.md), declared once as a typed model.

Validation, the JSON schema for editors, and the documentation of every key come from
these classes. Error wording for authors lives in `validate`.
"""

from __future__ import annotations

import datetime
import json
import re
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)

from .dates import ENGLISH, PartialDate
from .language import N_, translate

SECTION_COUNT = 7  # a seven-minute briefing: seven parts, a minute each
SESSION_MINUTES = 7
WORDS_PER_MINUTE = 130  # a steady speaking pace for reading a briefing aloud to a team
LEAD_QUESTIONS = 3  # the questions that lead the box: the author's own, then the strongest themes'
THEME_QUESTIONS_MOST = 12  # the most questions a briefing may ask for from its themes
DEFAULT_THEME_QUESTIONS: int | None = None  # None: as many as make LEAD_QUESTIONS with the author's


def count_words(markdown: str) -> int:
    """Words a facilitator would say aloud: Markdown punctuation and link targets do not count."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    return len(re.findall(r"[\w’'-]+", text))


Status = Literal["draft", "published", "withdrawn"]
STATUS_NAMES: dict[str, str] = {
    "draft": "a draft: built for review, never listed in the library or feed",
    "published": "published: listed in the library and feed",
    "withdrawn": "withdrawn: its pages and handout are taken down and it is listed as withdrawn",
}

DateCertainty = Literal["stated", "estimated", "not-given"]

ReviewKind = Literal["CSPR", "LCSPR", "rapid-review", "audit", "thematic", "SAR", "DHR", "other"]

REVIEW_KIND_NAMES: dict[str, str] = {  # in English; each is in the catalogue for the other languages
    "CSPR": N_("Child safeguarding practice review"),
    "LCSPR": N_("Local child safeguarding practice review"),
    "rapid-review": N_("Rapid review"),
    "audit": N_("Multi-agency audit"),
    "thematic": N_("Thematic review"),
    "SAR": N_("Safeguarding adults review"),
    "DHR": N_("Domestic homicide review"),
    "other": N_("Learning review"),
}

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
ThemeKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")]
Line = Annotated[Text, StringConstraints(max_length=200)]


def _no_line_breaks(value: str) -> str:
    if "\n" in value:
        raise ValueError("one_line")
    return value


ShortLine = Annotated[Line, AfterValidator(_no_line_breaks)]

Published = Annotated[
    PartialDate,
    BeforeValidator(PartialDate.parse),
    PlainSerializer(lambda value: value.iso, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1000, "maximum": 9999},
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
            ],
            "description": "When it was published, as precisely as the source says: 2023, 2023-01 or "
            "2023-01-15.",
        }
    ),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


class Review(_Strict):
    """What the briefing draws on."""

    kind: ReviewKind = Field(description="The kind of review or audit the learning comes from.")
    title: Line | None = Field(None, description="The review's own title.")
    url: HttpUrl | None = Field(None, description="Where the full review is published.")


LABEL_LENGTH = 24  # a label on the seven-point figure: two short lines in a circle
FigureLabel = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=LABEL_LENGTH),
    AfterValidator(_no_line_breaks),
]


class Section(_Strict):
    """One of the seven parts, in delivery order."""

    title: ShortLine = Field(description="A short title: it labels the seven-point figure.")
    label: FigureLabel | None = Field(
        None,
        description="A shorter title for the seven-point figure, when the title is too long to fit "
        f"its circle (up to {LABEL_LENGTH} characters).",
    )
    body: Text = Field(description="Markdown (CommonMark, no raw HTML).")
    notes: Text | None = Field(None, description="Facilitator notes; never on the handout.")


class Resource(_Strict):
    """Further information: a web page, a helpline, a policy."""

    title: Line
    url: HttpUrl | None = None


class Contact(_Strict):
    """Where to get advice or help: a local team, a helpline, a procedure."""

    name: ShortLine = Field(description="Who or what: the children's services front door, a helpline.")
    phone: ShortLine | None = Field(None, description="A public number, written as it is dialled.")
    url: HttpUrl | None = Field(None, description="Its web address.")
    note: ShortLine | None = Field(None, description="When to use it, in a few words: 24 hours, free.")


class Change(_Strict):
    """A correction or change made after publication."""

    date: datetime.date = Field(description="When the change was made, YYYY-MM-DD.")
    note: ShortLine = Field(description="What changed, in a few words: corrected the timeline in part 2.")


class Allowance(_Strict):
    """Text the anonymisation check would report, allowed on purpose."""

    value: Line = Field(description="The exact text to allow, for example a service's public phone number.")
    reason: Line = Field(description="Why it is safe to publish.")


class SignedOff(_Strict):
    """Who signed a briefing off for publication, when, and what they signed: written by
    `python build.py sign-off` or the hub, never typed."""

    by: ShortLine = Field(description="Who signed it off: their name and role.")
    on: date = Field(description="When, YYYY-MM-DD.")
    hash: Annotated[str, StringConstraints(pattern=r"^sha256:[0-9a-f]{64}$")] = Field(
        description="A digest of everything published (text, questions, contacts, resources), "
        "not comments or status: a change after sign-off shows."
    )
    parts: dict[str, Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8}$")]] = Field(
        default_factory=dict,
        description="A short digest of each published piece, so that a change can be named.",
    )


class Briefing(_Strict):
    """A seven-minute briefing as its author wrote it."""

    title: ShortLine
    subtitle: ShortLine | None = None
    partnership: ShortLine
    status: Status = Field(
        "published",
        description="draft (built for review, never listed or fed), published, or withdrawn (taken down).",
    )
    signed_off: SignedOff | None = Field(
        None,
        description="The sign-off for publication (required with `sign_off: required` in partnership.yaml).",
    )
    published: Published
    published_certainty: DateCertainty = Field(
        "stated",
        description="How sure `published` is: stated (the default: the source gives this date), "
        "estimated (the source gives none; the year is an estimate), or not-given (no date is known; "
        "`published` only orders the library). Only a stated date is printed as the date published.",
    )
    updated: date | None = Field(None, description="When it was last corrected or changed, YYYY-MM-DD.")
    changes: list[Change] = Field(
        default_factory=list, description="Each correction or change after publication, with its date."
    )
    withdrawn_on: date | None = Field(None, description="For a withdrawn briefing: when, YYYY-MM-DD.")
    withdrawn_reason: ShortLine | None = Field(
        None, description="For a withdrawn briefing: why, in words fit to publish (no identifying detail)."
    )
    review: Review
    audience: Line | None = None
    summary: Text = Field(description="One or two sentences for the library card and page description.")
    themes: list[ThemeKey] = Field(
        default_factory=list, description="Theme keys from the question bank that this briefing is about."
    )
    exclude_themes: list[ThemeKey] = Field(
        default_factory=list, description="Theme keys detected wrongly: never add their questions."
    )
    themes_confirmed: date | None = Field(
        None,
        description="When the author confirmed the themes (python build.py themes NAME --confirm writes it).",
    )
    theme_questions: int | None = Field(
        None,
        ge=0,
        le=THEME_QUESTIONS_MOST,
        description="How many questions to add from the detected themes (default: enough to lead "
        f"with {LEAD_QUESTIONS}, counting your own).",
    )
    briefing_questions: bool = Field(
        True,
        description="Offer a question built from this briefing's own recommendations or learning "
        "(false to leave it out).",
    )
    pseudonyms: list[ShortLine] = Field(
        default_factory=list,
        description="The names the review itself gives people (Ms A, Child O, Mark): never reported "
        "as identifying.",
    )
    allow: list[Allowance] = Field(
        default_factory=list,
        description="Text the anonymisation check should not report, each with a reason.",
    )
    sections: list[Section] = Field(min_length=SECTION_COUNT, max_length=SECTION_COUNT)
    questions: list[Text] = Field(default_factory=list, description="The author's own reflection questions.")
    resources: list[Resource] = Field(default_factory=list)
    contacts: list[Contact] = Field(
        default_factory=list,
        description="Local contacts and helplines for advice, printed under “Get advice”.",
    )
    helplines: list[ThemeKey] = Field(
        default_factory=list,
        description="National helplines to print under “Get advice”, by key (for example "
        "national-domestic-abuse-helpline, nspcc-helpline): the kit keeps each number once, checked "
        "against a named page (sevenminute/data/helplines.yaml).",
    )

    @property
    def published_stated(self) -> bool:
        """Whether `published` is the source's own date, fit to print and to feed as a fact."""
        return self.published_certainty == "stated"

    @property
    def published_text(self) -> str:
        """The date published as the pages print it: "June 2022", "2022 (estimated)" or "date not
        given"; never an estimate dressed as fact."""
        return self.published_in(ENGLISH)

    def published_in(self, language: str) -> str:
        """`published_text` in `language`."""
        if self.published_certainty == "estimated":
            return translate(language, "%(date)s (estimated)", date=self.published.text_in(language))
        if self.published_certainty == "not-given":
            return translate(language, "date not given")
        return self.published.text_in(language)

    @property
    def last_updated(self) -> date | None:
        """The latest of `updated` and the changes' dates (None when it was never changed)."""
        days = [self.updated] if self.updated else []
        days += [change.date for change in self.changes]
        return max(days, default=None)


def reading_order(briefing: Briefing) -> list[tuple[tuple, str]]:
    """The briefing's printed text in the order a reader meets it, with each part's location."""
    parts: list[tuple[tuple, str]] = [(("title",), briefing.title)]
    if briefing.subtitle:
        parts.append((("subtitle",), briefing.subtitle))
    parts.append((("summary",), briefing.summary))
    for index, section in enumerate(briefing.sections):
        parts += [(("sections", index, "title"), section.title), (("sections", index, "body"), section.body)]
    parts += [(("questions", index), question) for index, question in enumerate(briefing.questions)]
    return parts


def briefing_schema() -> str:
    """The JSON schema of the source format, as text, for editors and other tools."""
    schema = Briefing.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Seven-minute briefing"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
