"""The partnership's settings: name, logo, brand colours, contact and footer, licence and
the site's address, from one YAML file (`partnership.yaml` beside `briefings/`).

Loaded and validated like a briefing, with problems at file, line and column. Brand
colours that carry text are checked against WCAG 2.2 AA (4.5:1 for normal text): a
failing pair is an error naming both colours and their contrast ratio.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints, ValidationError

from ..problems import BriefingError, Problem
from .dates import ENGLISH
from .language import N_, translate
from .load import Source, load
from .model import Contact

SETTINGS_FILE = "partnership.yaml"
AA_NORMAL_TEXT = 4.5
DEFAULT_NAME = N_("Seven-minute briefings")
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

HOW_TO_USE = N_(
    "Deliver this briefing face to face, in a team meeting or a session of its own, not squeezed "
    "between other business. Read each part aloud, then talk it through: it does not have all the "
    "answers, and the discussion is where the learning happens."
)

Colour = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^#[0-9a-fA-F]{6}$")]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]


def _same_name(first: str, second: str) -> bool:
    """Partnership names compared as a reader would: case, "&" and "and" make no difference."""

    def plain(name: str) -> str:
        return " ".join(name.lower().replace("&", " and ").split())

    return plain(first) == plain(second)


DEFAULT_AGENCIES = (
    "Children's social care",
    "Adult social care",
    "Early help",
    "Police",
    "Health: GP and primary care",
    "Health: community and hospital services",
    "Mental health services",
    "Education",
    "Early years",
    "Housing",
    "Probation and youth justice",
    "Drug and alcohol services",
    "Voluntary and community sector",
)


class Colours(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    brand: Colour = Field("#0b4f6c", description="Banner background, links and headings; #rrggbb.")
    on_brand: Colour = Field("#ffffff", description="Text on the brand colour, in the banner.")
    tint: Colour = Field("#e8f1f5", description="Light background of the questions box.")


class Settings(BaseModel):
    """How the partnership's library, pages and PDFs are branded."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Line = Field(DEFAULT_NAME, description="The partnership's full name.")
    short_name: Line | None = Field(None, description="A short name, for the library's title.")
    logo: Path | None = Field(None, description="An SVG or PNG file in the project, e.g. assets/logo.svg.")
    colours: Colours = Field(default_factory=Colours)
    contact: Line | None = Field(
        None,
        description="A contact line, such as an email address for questions; the facilitator page "
        "tells team leads to send their session records here.",
    )
    footer: Line | None = Field(None, description="Text for the foot of every page.")
    licence: Line | None = Field(None, description="The licence the briefings are published under.")
    base_url: HttpUrl | None = Field(None, description="Where the library is published (for the feed).")
    how_to_use: Text | None = Field(
        None,
        description="A line for the person delivering a briefing, on every handout and facilitator "
        "page; the kit's own when not given.",
    )
    contacts: tuple[Contact, ...] = Field(
        (),
        description="The partnership's own contacts for advice, printed under “Get advice” on every "
        "briefing it publishes.",
    )
    agencies: tuple[Line, ...] = Field(
        DEFAULT_AGENCIES,
        description="The services and agencies a team lead picks from when recording a session "
        "(the facilitator page adds “Other”).",
    )
    hub_url: HttpUrl | None = Field(
        None,
        description="The partnership's hub (python build.py hub), e.g. https://hub.example.org/: "
        "the facilitator page then sends each session's record there, with “Send to the partnership”.",
    )
    database_url: Line | None = Field(
        None,
        description="A PostgreSQL database for the hub's accounts, audit log and evidence, for a hub "
        "that many people use at once, e.g. postgresql://hub@db.example.org/sevenminute. Without "
        "it, they are SQLite files in the project. SEVENMINUTE_DATABASE_URL, when set, wins (so "
        "that a password need not be kept in this file).",
    )
    sign_off: Literal["required", "optional"] = Field(
        "optional",
        description="required: the build publishes no briefing until an approver has signed off "
        "its content as it stands (python build.py sign-off, or the hub).",
    )
    example: bool = Field(
        False,
        description="True for settings that are only an example: their contact is never shown under "
        "a real partnership's name.",
    )

    @property
    def records_endpoint(self) -> str | None:
        """Where the facilitator page posts a session's record: the hub's intake."""
        return f"{str(self.hub_url).rstrip('/')}/api/records" if self.hub_url else None

    @property
    def how_to_use_text(self) -> str:
        return self.how_to_use or HOW_TO_USE

    def how_to_use_in(self, language: str) -> str:
        """How to use a briefing, in `language`: the kit's words from its catalogue, and a
        partnership's own words from the partnership's catalogue (locale/<code>.po) when it has them."""
        return translate(language, self.how_to_use_text)

    def speaks_for(self, partnership: str) -> bool:
        """Whether these settings' contacts belong on a briefing `partnership` wrote: always for a
        real partnership's library (it answers for what it publishes); example settings only
        ever speak for their own made-up partnership."""
        return not self.example or _same_name(partnership, self.name)

    def logo_words(self, partnership: str, language: str = ENGLISH) -> str | None:
        """The logo's alternative text on a briefing `partnership` wrote, or None when the logo
        does not belong on it: example settings never put their made-up partnership's logo on a
        real partnership's briefing. On another partnership's briefing in a real library, the
        logo is the library's, and says so."""
        if not self.speaks_for(partnership):
            return None
        if _same_name(partnership, self.name):
            return self.name
        return translate(language, "%(name)s, who publish this library", name=self.name)

    @property
    def records_go_to(self) -> str:
        return self.records_go_to_in(ENGLISH)

    def records_go_to_in(self, language: str) -> str:
        """Where, and how, a team lead sends a session's record: "to <partnership>: email it to
        <contact>", or, with no contact given, to whoever asked for it (in `language`)."""
        if not self.contact:
            return translate(language, "to whoever asked your team for it")
        named = self.name != DEFAULT_NAME
        if EMAIL.fullmatch(self.contact):
            if named:
                return translate(language, "to %(name)s: email it, attached, to %(contact)s", name=self.name,
                                 contact=self.contact)  # fmt: skip
            return translate(language, "to: email it, attached, to %(contact)s", contact=self.contact)
        if named:
            return translate(language, "to %(name)s: %(contact)s", name=self.name, contact=self.contact)
        return translate(language, "to: %(contact)s", contact=self.contact)

    @property
    def library_title(self) -> str:
        return self.library_title_in(ENGLISH)

    def name_in(self, language: str) -> str:
        """The partnership's name; the kit's own stand-in for one, in `language`."""
        return translate(language, DEFAULT_NAME) if self.name == DEFAULT_NAME else self.name

    def library_title_in(self, language: str) -> str:
        if self.short_name is None and self.name == DEFAULT_NAME:
            return self.name_in(language)
        return translate(language, "%(name)s: seven-minute briefings", name=self.short_name or self.name)

    def absolute(self, path: str) -> str | None:
        """`path` (relative to the library) as an absolute address, when the base URL is known."""
        if self.base_url is None:
            return None
        return str(self.base_url).rstrip("/") + "/" + path.lstrip("/")


def load_settings(project: Path = Path(".")) -> tuple[Settings, Path | None]:
    """The settings in `project/partnership.yaml` (and the logo's full path), or the defaults."""
    path = project / SETTINGS_FILE
    if not path.is_file():
        return Settings(), None
    source = load(path)
    if source.data is None:
        return Settings(), None
    if not isinstance(source.data, dict):
        raise BriefingError(
            source.problem((), "the settings are a set of `key: value` lines (name, colours...)")
        )
    try:
        settings = Settings.model_validate(source.data)
    except ValidationError as error:
        raise BriefingError([_problem(source, detail) for detail in error.errors()]) from None
    problems = _contrast_problems(source, settings)
    logo = None
    if settings.logo is not None:
        logo = (project / settings.logo).resolve()
        if settings.logo.suffix.lower() not in LOGO_TYPES:
            problems.append(source.problem(("logo",), "the logo must be an .svg or .png file"))
        elif not logo.is_relative_to(project.resolve()):
            problems.append(source.problem(("logo",), "the logo must be a file inside the project folder"))
        elif not logo.is_file():
            problems.append(source.problem(("logo",), f"there is no file {settings.logo}; check the path"))
    if problems:
        raise BriefingError(problems)
    return settings, logo


def _problem(source: Source, detail: dict) -> Problem:
    loc, kind = tuple(detail["loc"]), detail["type"]
    name = ".".join(str(part) for part in loc)
    if kind == "extra_forbidden":
        allowed = ", ".join(Colours.model_fields if loc[:1] == ("colours",) else Settings.model_fields)
        return source.problem(loc, f"`{name}` is not a setting; the settings are: {allowed}", key=True)
    if kind == "string_pattern_mismatch":
        return source.problem(
            loc,
            f"`{name}` should be a colour written #rrggbb, for example #0b4f6c; found {detail['input']!r}",
        )
    if kind.startswith("url"):
        return source.problem(loc, f"`{name}` should be a full web address, starting https://")
    return source.problem(loc, f"`{name}`: {detail['msg']}")


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _contrast_problems(source: Source, settings: Settings) -> list[Problem]:
    colours = settings.colours
    pairs = [
        (("colours", "on_brand"), colours.on_brand, colours.brand, "text on the brand colour (the banner)"),
        (
            ("colours", "brand"),
            colours.brand,
            "#ffffff",
            "the brand colour as text on white (links, headings)",
        ),
        (("colours", "tint"), "#1b1b1b", colours.tint, "body text on the tint (the questions box)"),
    ]
    problems = []
    for loc, text, background, what in pairs:
        ratio = contrast(text, background)
        if ratio < AA_NORMAL_TEXT:
            problems.append(
                source.problem(
                    loc,
                    f"{text} on {background} has a contrast ratio of {ratio:.2f}:1, too low for {what}; "
                    f"WCAG 2.2 AA needs at least {AA_NORMAL_TEXT}:1 for text. Choose a darker or "
                    "lighter colour",
                )
            )
    return problems


@dataclass(frozen=True)
class Logo:
    """The partnership's logo: a file in `assets/`, or inside the page when self-contained."""

    name: str  # "logo.svg"
    type: str  # its media type
    data_uri: str | None = None

    def href(self, root: str, for_print: bool = False) -> str:
        """Where a page finds the logo; the PDF always takes the file (WeasyPrint is handed it)."""
        return (None if for_print else self.data_uri) or f"{root}assets/{self.name}"


@dataclass(frozen=True)
class Branding:
    """How a build's pages look: the partnership's settings, its logo, and for pages that stand
    alone (--self-contained) their stylesheet and script inside them. The site works it out;
    render.environment puts it where the templates find it."""

    site: Settings = field(default_factory=lambda: Settings())
    logo: Logo | None = None
    inline_css: str | None = None
    inline_js: str | None = None

    @property
    def has_feed(self) -> bool:
        return self.site.base_url is not None
