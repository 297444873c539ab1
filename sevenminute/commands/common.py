"""What the commands share: the project's folders, common options, and how problems print."""

from __future__ import annotations

import calendar
import datetime
import re
from pathlib import Path
from typing import NoReturn

import click

from ..pipeline.model import DEFAULT_THEME_QUESTIONS, LEAD_QUESTIONS, THEME_QUESTIONS_MOST
from ..pipeline.sources import find_sources
from ..problems import BriefingError, Problem

BRIEFINGS = Path("briefings")
OUTPUT = Path("output")


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def echo_error(error: BriefingError) -> None:
    """A BriefingError as an author reads it: its problems, one a line, or its sentence."""
    if error.problems:
        echo_problems(error.problems)
    else:
        click.echo(error.text, err=True)


def stop(status: int = 1) -> NoReturn:
    """End the command with `status`, once it has said why (a BriefingError says it itself)."""
    raise click.exceptions.Exit(status)


def echo_problems(problems: list[Problem], *, codes: bool = False) -> None:
    """Each problem as `file:line:col: message`; warnings labelled; with `codes`, `[code]` after."""
    for problem in problems:
        label = {"warning": "warning: ", "info": "note: "}.get(problem.severity, "")
        text = str(problem).replace(": ", f": {label}", 1) if label else str(problem)
        click.echo(text + (f" [{problem.code}]" if codes else ""), err=True)


def format_option(help_text: str):  # noqa: ANN201 (a click decorator)
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=help_text,
    )


theme_questions_option = click.option(
    "--theme-questions",
    "theme_questions",
    type=click.IntRange(0, THEME_QUESTIONS_MOST),
    default=DEFAULT_THEME_QUESTIONS,
    help="How many questions to add from each briefing's themes (default: enough to lead with "
    f"{LEAD_QUESTIONS}, counting the briefing's own; a briefing's theme_questions setting wins).",
)


class Day(click.ParamType):
    """A date written YYYY-MM-DD; a date that does not exist is named as such (“February
    2025 has no 30th”), not as a format error."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201 (click's own signature)
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        shape = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if not shape:
            self.fail(f"write the date as YYYY-MM-DD, for example 2025-02-28; found '{text}'", param, ctx)
        year, month, day = (int(part) for part in shape.groups())
        if not 1 <= month <= 12:
            self.fail(
                f"there is no month {month}; write the date as YYYY-MM-DD, for example 2025-02-28", param, ctx
            )
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            month_name = datetime.date(year, month, 1).strftime("%B %Y")
            self.fail(f"{month_name} has no {_ordinal(day)}; it has {last} days", param, ctx)
        return datetime.date(year, month, day)


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def output_folder_option(help_text: str):  # noqa: ANN201 (a click decorator)
    """The `--out` folder option that `build` and `clean` share."""
    return click.option(
        "--out",
        "out",
        type=click.Path(file_okay=False, path_type=Path),
        default=OUTPUT,
        show_default=True,
        help=help_text,
    )


def sources(names: tuple[str, ...], *, versions: bool = False) -> list[Path]:
    """The briefing files the user named (all in briefings/ when none), or a usage error; a
    version in another language named stands for its briefing, unless `versions`."""
    try:
        return find_sources(names, BRIEFINGS, versions=versions)
    except BriefingError as error:
        raise click.UsageError(error.text) from None
