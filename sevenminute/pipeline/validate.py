"""Stage 2, validate: a loaded source becomes a `Briefing`, or problems worded for its author."""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..problems import BriefingError, Problem, Remedy
from .bank import question_bank
from .helplines import helplines
from .load import Location, Source, load
from .model import Briefing

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


def _problem(source: Source, detail: dict) -> Problem:
    kind = detail["type"]
    loc = _data_loc(source, detail["loc"])
    found = detail.get("input")
    subject = _subject(loc)
    name = loc[-1] if loc else ""

    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        allowed = list(model.model_fields) if model else []
        close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
        hint = (
            f"; did you mean `{close[0]}`?" if close else f". The keys allowed here are: {', '.join(allowed)}"
        )
        where = f" in {_subject(loc[:-1])}" if loc[:-1] else ""
        return source.problem(loc, f"`{name}` is not a key a briefing can have{where}{hint}", key=True)
    if kind == "missing":
        parent = loc[:-1]
        where = f" from {_subject(parent)}" if parent else ""
        return source.problem(parent, f"`{name}` is missing{where}; add a `{name}:` line")
    if loc and loc[-1] == "sections" and kind in ("too_short", "too_long"):
        count = len(found) if isinstance(found, list) else 0
        written = _NUMBER_WORDS[count] if count < len(_NUMBER_WORDS) else str(count)
        return source.problem(
            loc,
            f"a briefing needs exactly seven sections, in delivery order; this one has {written}",
            key=True,
        )
    if name == "published" and kind != "missing":
        return source.problem(
            loc,
            "`published` should be a year (2023), a month (2023-01) or a day (2023-01-15), as "
            f"precisely as the source gives it; found {_kind(found)}",
        )
    if kind.startswith("date"):
        return source.problem(
            loc,
            f"{subject} should be a date written as YYYY-MM-DD, for example 2022-06-01; found {_kind(found)}",
        )
    if kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        options = [
            option.strip(" '") for option in expected.replace(" or ", ",").split(",") if option.strip()
        ]
        close = [o for o in options if o.lower() == str(found).lower()] or difflib.get_close_matches(
            str(found), options, n=1
        )
        hint = f"; did you mean `{close[0]}`?" if close else ""
        return source.problem(
            loc, f"{subject} must be one of {', '.join(options)}; found {_kind(found)}{hint}"
        )
    if kind.startswith("url"):
        return source.problem(
            loc,
            f"{subject} is not a complete web address; write it in full, "
            f"starting with https://, for example https://www.example.org/page",
        )
    if kind == "string_too_short" or (kind == "string_type" and found is None):
        return source.problem(loc, f"{subject} is empty", remedy=Remedy("fill-in"))
    if kind == "string_too_long":
        limit = detail.get("ctx", {}).get("max_length")
        return source.problem(
            loc, f"{subject} is too long ({len(str(found))} characters); keep it under {limit} characters"
        )
    if kind == "string_pattern_mismatch":
        what = "a helpline key" if loc and loc[0] == "helplines" else "a theme key"
        return source.problem(
            loc,
            f"{subject} should be {what} in lowercase words joined by "
            f"hyphens, like {'nspcc-helpline' if what == 'a helpline key' else 'domestic-abuse'}; "
            f"found {_kind(found)}",
        )
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return source.problem(loc, f"{subject} should be a whole number; found {_kind(found)}")
    if kind in ("greater_than_equal", "less_than_equal"):
        low, high = _bounds(loc)
        return source.problem(loc, f"{subject} should be a number from {low} to {high}; found {_kind(found)}")
    if kind == "value_error" and "one_line" in str(detail.get("msg")):
        return source.problem(loc, f"{subject} must fit on one line")
    if kind == "string_type":
        return source.problem(loc, f"{subject} should be text, but here it is {_kind(found)}")
    if kind == "list_type":
        return source.problem(
            loc, f"{subject} should be a list: one item a line, each starting with '- '; found {_kind(found)}"
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        model = _model_at(loc)
        keys = ", ".join(model.model_fields) if model else "keys"
        return source.problem(
            loc,
            f"{subject} should be a set of keys ({keys}), each on its own "
            f"line and indented under it; found {_kind(found)}",
        )
    return source.problem(loc, f"{subject}: {detail['msg']}")
