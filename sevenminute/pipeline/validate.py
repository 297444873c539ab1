"""Stage 2, validate: a loaded source becomes a `Briefing`, or problems worded for its author."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..problems import BriefingError, Problem, Remedy
from .bank import question_bank
from .helplines import helplines
from .load import Location, Source, load
from .model import SECTION_COUNT, Briefing

_SINGULAR = {
    "sections": "section",
    "questions": "question",
    "resources": "resource",
    "themes": "theme",
    "exclude_themes": "excluded theme",
    "changes": "change",
    "helplines": "helpline",
}
_NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def read_briefing(path: Path) -> Briefing:
    """Load and validate one briefing file. Raises BriefingError listing every problem found."""
    return validate(load(path))


def validate(source: Source) -> Briefing:
    data = source.data
    if data is None:
        raise BriefingError(
            source.problem(
                (),
                "the file is empty; a briefing starts with `title:`, "
                "`partnership:`, `published:` and `sections:`",
            )
        )
    if not isinstance(data, dict):
        raise BriefingError(
            source.problem(
                (),
                f"a briefing is a set of `key: value` lines "
                f"(title, partnership, sections...), but this file holds {_kind(data)}",
            )
        )
    try:
        briefing = Briefing.model_validate(data)
    except ValidationError as error:
        problems = [_problem(source, detail) for detail in error.errors(include_url=False)]
        problems.sort(key=lambda p: (p.line, p.column))
        raise BriefingError(list(dict.fromkeys(problems))) from None
    problems = _unknown_themes(source, briefing) + _unknown_helplines(source, briefing)
    if problems := problems + _status_problems(source, briefing):
        raise BriefingError(sorted(problems, key=lambda p: (p.line, p.column)))
    return briefing


def _status_problems(source: Source, briefing: Briefing) -> list[Problem]:
    """A withdrawn briefing says when and why; the other statuses carry no withdrawal."""
    problems = []
    if briefing.status == "withdrawn":
        missing = [key for key in ("withdrawn_on", "withdrawn_reason") if getattr(briefing, key) is None]
        if missing:
            lines = " and ".join(f"`{key}:`" for key in missing)
            problems.append(
                source.problem(
                    ("status",),
                    f"a withdrawn briefing needs {lines}: the date it was taken down (YYYY-MM-DD) and "
                    "why, in words fit to publish on the withdrawals page",
                )
            )
    else:
        for key in ("withdrawn_on", "withdrawn_reason"):
            if getattr(briefing, key) is not None:
                problems.append(
                    source.problem(
                        (key,),
                        f"`{key}` is only for a withdrawn briefing; set `status: withdrawn` to take it "
                        "down, or remove this line",
                        key=True,
                    )
                )
    return problems


def _unknown_themes(source: Source, briefing: Briefing) -> list[Problem]:
    """Theme keys must name a theme of the question bank."""
    keys = question_bank().keys
    problems = []
    for field in ("themes", "exclude_themes"):
        for index, key in enumerate(getattr(briefing, field)):
            if key not in keys:
                close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
                hint = f"did you mean `{close[0]}`?" if close else "`python build.py questions` lists them"
                problems.append(
                    source.problem((field, index), f"`{key}` is not a theme in the question bank; {hint}")
                )
    return problems


def _unknown_helplines(source: Source, briefing: Briefing) -> list[Problem]:
    """Helpline keys must name a helpline the kit keeps: a number is never guessed."""
    keys = list(helplines())
    problems = []
    for index, key in enumerate(briefing.helplines):
        if key not in keys:
            close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else f"the kit keeps: {', '.join(keys)}"
            problems.append(
                source.problem(("helplines", index), f"`{key}` is not a helpline the kit keeps; {hint}")
            )
    return problems


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a set of keys"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"'{_clip(value)}'"


def _clip(value: Any, limit: int = 40) -> str:
    text = str(value).strip().replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bounds(loc: Location) -> tuple[Any, Any]:
    """The lowest and highest number the model allows at `loc`, as it declares them."""
    model = _model_at(loc[:-1])
    field = model.model_fields.get(str(loc[-1])) if model and loc else None
    limits = {name: getattr(item, name) for item in (field.metadata if field else ()) for name in ("ge", "le")
              if hasattr(item, name)}  # fmt: skip
    return limits.get("ge"), limits.get("le")


def _model_at(loc: Location) -> type[BaseModel] | None:
    """The model class whose keys are allowed at `loc` (None when `loc` is not a mapping)."""
    model: type[BaseModel] | None = Briefing
    annotation: Any = Briefing
    for part in loc:
        if isinstance(part, int):
            annotation = _inner(annotation, list_item=True)
        else:
            if model is None or part not in model.model_fields:
                return None
            annotation = model.model_fields[part].annotation
        annotation = _inner(annotation)
        model = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    return model


def _inner(annotation: Any, list_item: bool = False) -> Any:
    """Strip Optional[...] (and, for list items, list[...]) down to the type inside."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return _inner(options[0], list_item) if len(options) == 1 else annotation
    if list_item and origin is list:
        return typing.get_args(annotation)[0]
    return annotation


def _subject(loc: Location) -> str:
    """How an author would name the place: "`title`", "section 3 `body`", "question 2"."""
    parts: list[str] = []
    for index, part in enumerate(loc):
        if isinstance(part, int):
            parent = loc[index - 1] if index else ""
            parts = parts[:-1] if parts and parts[-1] == f"`{parent}`" else parts
            parts.append(f"{_SINGULAR.get(str(parent), 'item')} {part + 1}")
        else:
            parts.append(f"`{part}`")
    return " ".join(parts) or "the briefing"


def _data_loc(source: Source, loc: tuple) -> Location:
    """Pydantic's location, keeping only the steps that exist in the author's file."""
    kept: list[str | int] = []
    node = source.data
    for part in loc:
        in_mapping = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if in_mapping or in_list:
            node = node[part]
            kept.append(part)
        elif isinstance(part, str) and _model_at(tuple(kept)) is not None:
            kept.append(part)  # a missing key: still name it
            break
        # otherwise a step of pydantic's own (a union member, a validator): skip it
    return tuple(kept)


@dataclass(frozen=True)
class _Error:
    """One of pydantic's errors, at its place in the author's file."""

    source: Source
    loc: Location
    kind: str  # pydantic's error type
    found: Any
    detail: dict

    @property
    def subject(self) -> str:
        return _subject(self.loc)

    @property
    def name(self) -> str | int:
        return self.loc[-1] if self.loc else ""

    def problem(self, message: str, **options) -> Problem:
        return self.source.problem(self.loc, message, **options)


def _problem(source: Source, detail: dict) -> Problem:
    """A pydantic error worded for the author: by its place in the briefing first (the number
    of sections, the publication date), else by its kind (WORDINGS), else pydantic's words."""
    error = _Error(source, _data_loc(source, detail["loc"]), detail["type"], detail.get("input"), detail)
    if error.kind not in ("extra_forbidden", "missing"):
        if error.name == "sections" and error.kind in ("too_short", "too_long"):
            return _section_count(error)
        if error.name == "published":
            return _published(error)
    kind = error.kind.split("_")[0] if error.kind.startswith(("date", "url")) else error.kind
    wording = WORDINGS.get(kind)
    return (wording(error) if wording else None) or error.problem(f"{error.subject}: {detail['msg']}")


def _unknown_key(error: _Error) -> Problem:
    model = _model_at(error.loc[:-1])
    allowed = list(model.model_fields) if model else []
    close = difflib.get_close_matches(str(error.name), allowed, n=1, cutoff=0.6)
    hint = f"; did you mean `{close[0]}`?" if close else f". The keys allowed here are: {', '.join(allowed)}"
    where = f" in {_subject(error.loc[:-1])}" if error.loc[:-1] else ""
    return error.problem(f"`{error.name}` is not a key a briefing can have{where}{hint}", key=True)


def _missing(error: _Error) -> Problem:
    parent = error.loc[:-1]
    where = f" from {_subject(parent)}" if parent else ""
    return error.source.problem(parent, f"`{error.name}` is missing{where}; add a `{error.name}:` line")


def _section_count(error: _Error) -> Problem:
    count = len(error.found) if isinstance(error.found, list) else 0
    written = _NUMBER_WORDS[count] if count < len(_NUMBER_WORDS) else str(count)
    return error.problem(
        f"a briefing needs exactly {_NUMBER_WORDS[SECTION_COUNT]} sections, in delivery order; "
        f"this one has {written}",
        key=True,
    )


def _published(error: _Error) -> Problem:
    return error.problem(
        "`published` should be a year (2023), a month (2023-01) or a day (2023-01-15), as "
        f"precisely as the source gives it; found {_kind(error.found)}"
    )


def _one_of(error: _Error) -> Problem:
    expected = error.detail.get("ctx", {}).get("expected", "")
    options = [option.strip(" '") for option in expected.replace(" or ", ",").split(",") if option.strip()]
    found = str(error.found)
    close = [o for o in options if o.lower() == found.lower()] or difflib.get_close_matches(
        found, options, n=1
    )
    hint = f"; did you mean `{close[0]}`?" if close else ""
    return error.problem(
        f"{error.subject} must be one of {', '.join(options)}; found {_kind(error.found)}{hint}"
    )


def _key_pattern(error: _Error) -> Problem:
    helpline = bool(error.loc) and error.loc[0] == "helplines"
    what, example = ("a helpline key", "nspcc-helpline") if helpline else ("a theme key", "domestic-abuse")
    return error.problem(
        f"{error.subject} should be {what} in lowercase words joined by hyphens, like {example}; "
        f"found {_kind(error.found)}"
    )


def _text(error: _Error) -> Problem:
    if error.found is None:
        return _empty(error)
    return error.problem(f"{error.subject} should be text, but here it is {_kind(error.found)}")


def _empty(error: _Error) -> Problem:
    return error.problem(f"{error.subject} is empty", remedy=Remedy("fill-in"))


def _too_long(error: _Error) -> Problem:
    limit = error.detail.get("ctx", {}).get("max_length")  # the model's own limit
    return error.problem(
        f"{error.subject} is too long ({len(str(error.found))} characters); keep it under {limit} characters"
    )


def _whole_number(error: _Error) -> Problem:
    return error.problem(f"{error.subject} should be a whole number; found {_kind(error.found)}")


def _out_of_range(error: _Error) -> Problem:
    low, high = _bounds(error.loc)
    return error.problem(
        f"{error.subject} should be a number from {low} to {high}; found {_kind(error.found)}"
    )


def _one_line(error: _Error) -> Problem | None:
    return (
        error.problem(f"{error.subject} must fit on one line")
        if "one_line" in str(error.detail.get("msg"))
        else None
    )


def _keys(error: _Error) -> Problem:
    model = _model_at(error.loc)
    keys = ", ".join(model.model_fields) if model else "keys"
    return error.problem(
        f"{error.subject} should be a set of keys ({keys}), each on its own line and indented under it; "
        f"found {_kind(error.found)}"
    )


# Each kind of pydantic error, worded for an author ("date" and "url" stand for every error
# whose type starts with them). A wording that gives None leaves it to pydantic's own words.
WORDINGS: dict[str, Callable[[_Error], Problem | None]] = {
    "extra_forbidden": _unknown_key,
    "missing": _missing,
    "date": lambda error: error.problem(
        f"{error.subject} should be a date written as YYYY-MM-DD, for example 2022-06-01; "
        f"found {_kind(error.found)}"
    ),
    "literal_error": _one_of,
    "url": lambda error: error.problem(
        f"{error.subject} is not a complete web address; write it in full, "
        "starting with https://, for example https://www.example.org/page"
    ),
    "string_too_short": _empty,
    "string_too_long": _too_long,
    "string_pattern_mismatch": _key_pattern,
    "int_type": _whole_number,
    "int_parsing": _whole_number,
    "int_from_float": _whole_number,
    "greater_than_equal": _out_of_range,
    "less_than_equal": _out_of_range,
    "value_error": _one_line,
    "string_type": _text,
    "list_type": lambda error: error.problem(
        f"{error.subject} should be a list: one item a line, each starting with '- '; "
        f"found {_kind(error.found)}"
    ),
    "model_type": _keys,
    "dict_type": _keys,
    "model_attributes_type": _keys,
}
