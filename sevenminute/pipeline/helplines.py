"""National helplines a briefing names by key (`helplines:`), each number kept once.

The numbers live in `data/helplines.yaml`, each with the pages it was checked against, so a
number is corrected in one place and every briefing that lists it follows.
"""

from __future__ import annotations

import importlib.resources
from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from .dates import ENGLISH
from .language import translate
from .model import Contact


class Helpline(BaseModel):
    """A national helpline as the kit keeps it: the contact printed, and where it was checked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    phone: str
    url: HttpUrl | None = None
    note: str | None = None
    checked: tuple[HttpUrl, ...] = Field(min_length=1)

    @property
    def contact(self) -> Contact:
        return Contact(name=self.name, phone=self.phone, url=self.url, note=self.note)


@cache
def helplines() -> dict[str, Helpline]:
    """Every helpline the kit keeps, by key, read and checked once a process."""
    text = importlib.resources.files("sevenminute").joinpath("data/helplines.yaml").read_text("utf-8")
    return {key: Helpline.model_validate(entry) for key, entry in yaml.safe_load(text).items()}


def helpline_contacts(keys: list[str], language: str = ENGLISH) -> tuple[Contact, ...]:
    """The contacts for `keys`, in the briefing's order (keys are checked when it is validated),
    their names and notes in `language` (the catalogue holds each helpline's, see
    scripts/messages.py)."""
    known = helplines()
    found = tuple(known[key].contact for key in keys if key in known)
    if language == ENGLISH:
        return found
    return tuple(
        contact.model_copy(
            update={
                "name": translate(language, contact.name),
                "note": translate(language, contact.note) if contact.note else None,
            }
        )
        for contact in found
    )
