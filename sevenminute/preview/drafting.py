"""The editor's feedback on what the author has typed, before it is saved: the file the form
would write, `check`'s findings placed at the field each concerns, the timing, the themes
found, and a preview of the handout built from it (the same build as the site's).
"""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..authoring.confirm import evidence_lines
from ..authoring.form import FormError, apply_form
from ..authoring.lint import lint
from ..authoring.timing import Timing, timing
from ..pipeline.bank import question_bank
from ..pipeline.briefing import Prepared, Source, prepare
from ..pipeline.dates import ENGLISH
from ..pipeline.model import SESSION_MINUTES
from ..pipeline.settings import Settings
from ..pipeline.sources import english_of, language_of
from ..problems import Problem
from ..site.branding import publish_assets, store_logo
from ..site.handouts import publish_handout
from ..site.options import BuildOptions
from ..site.workers import environment, forget_environments
from .advice import field_label, form_action, form_words
from .workspace import Preview, print_one

LABELS = {"error": "Error", "warning": "Warning", "info": "Note"}


@dataclass
class Drafts:
    """The briefings being edited: each one's last form, written as YAML and built, in the
    preview's temporary folder (never in briefings/ until the author saves)."""

    preview: Preview
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _options: BuildOptions | None = None

    @property
    def root(self) -> Path:
        return self.preview.work / "drafts"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def source(self, name: str) -> Path:
        return self.root / "briefings" / f"{name}.yaml"

    def preview_root(self, name: str) -> str:
        """Where the draft's pages are in the preview's site: family-a, or cy/family-a for its
        Welsh version (as a build puts them)."""
        stem, _, language = name.partition(".")
        return f"{language}/{stem}" if language else stem

    def _with_its_english(self, path: Path) -> None:
        """A version's themes come from its English: the English being edited, else as saved."""
        if not language_of(path):
            return
        saved, here = english_of(self.preview.briefings / path.name), english_of(path)
        if saved.is_file() and (not here.is_file() or saved.stat().st_mtime > here.stat().st_mtime):
            shutil.copyfile(saved, here)

    def check(self, name: str, original: str, form: dict) -> dict:
        """Feedback on `form` (applied to the file's text `original`); builds the draft preview."""
        started = time.perf_counter()
        try:
            text = apply_form(original, form)
        except FormError as error:
            return {"findings": [_finding("form", "error", "format", str(error))], "built": False}
        path = self.source(name)
        with self.lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            self._with_its_english(path)
            result = {"built": False}
            prepared = prepare(path)
            if prepared.briefing is None:
                self.problems[name] = prepared.problems
                findings = _placed(prepared.problems, _fields_of(prepared))
            else:
                briefing = prepared.briefing
                findings = _placed(lint(prepared), _fields(prepared.loaded))
                findings += _not_publishable(briefing.status, findings)
                handout = prepared.handout()
                result.update(timing=timing_shown(timing(briefing)), themes=_themes(briefing, handout))
                self.problems[name] = self._render(handout)
                result["built"] = True
        result["findings"] = _unreasoned(form) + findings
        result["seconds"] = round(time.perf_counter() - started, 3)
        return result

    def stops_publishing(self, name: str, text: str) -> list[dict]:
        """Why the file `text` cannot be published as it stands, at the fields concerned: its
        errors (empty when it can). Checked when the author saves, whatever the last check said."""
        path = self.root / "saving" / f"{name}.yaml"
        with self.lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            prepared = prepare(path)
            if prepared.briefing is None:
                return _placed(prepared.problems, _fields_of(path))
            return [
                f for f in _placed(prepared.problems, _fields(prepared.loaded)) if f["severity"] == "error"
            ]

    def _render(self, handout) -> list[Problem]:
        """The draft's web page, made as a build makes it, with the template environment kept
        from one keystroke to the next (a build starts a fresh one, which costs a tenth of a second)."""
        settings, logo = self.preview.settings()
        language = handout.language
        out = self.site.resolve() / ("" if language == ENGLISH else language)
        options = BuildOptions(out, "html", None, settings or Settings(), logo, False, True, language)
        if options != self._options:
            forget_environments()
            publish_assets(options.out)
            if logo is not None:
                store_logo(logo, options.assets)
            self._options = options
        published = publish_handout(environment(options), handout, options.out, "html")
        return [problem for problem in published.problems if problem.severity == "error"]

    def pdf(self, name: str, kind: str = "pdf") -> Path | None:
        """The draft's handout ("pdf") or large-print handout ("large-print"), printed now."""
        path = self.source(name)
        if not path.is_file():
            return None
        with self.lock:
            self._with_its_english(path)
            out = self.root / "pdf" / (language_of(path) or "")
            return print_one(path, out, path.parent, self.preview.settings(), kind)


def _finding(
    field_name: str, severity: str, code: str, message: str, action: dict | None = None, problem: str = ""
) -> dict:
    """A finding as the editor shows it: `message` says what to do in the form; `problem`, when
    it differs, only what is wrong (where the page offers what to do itself)."""
    return {
        "field": field_name,
        "severity": severity,
        "label": LABELS.get(severity, severity),
        "code": code,
        "message": message,
        "problem": problem or message,
        "action": action,
        "where": field_label(field_name),
    }


def _not_publishable(status: str, findings: list[dict]) -> list[dict]:
    """At Status, while it says Published: that the briefing cannot go out as it stands, and why."""
    errors = [f for f in findings if f["severity"] == "error"]
    if status != "published" or not errors:
        return []
    where = sorted({f["where"] for f in errors if f["where"]}, key=[f["where"] for f in errors].index)
    named = f" ({', '.join(where[:3])}{' and more' if len(where) > 3 else ''})" if where else ""
    return [
        _finding(
            "status",
            "error",
            "not-publishable",
            f"this briefing cannot be published as it stands: {len(errors)} "
            f"{'problem stops' if len(errors) == 1 else 'problems stop'} it{named}; fix "
            f"{'it' if len(errors) == 1 else 'them'}, or choose “a draft” here until it is ready",
        )  # fmt: skip
    ]


def _unreasoned(form: dict) -> list[dict]:
    """A note at each "allowed on purpose" row still without its reason: until it has one, it
    is not written into the file, and the detail is still reported."""
    return [
        _finding(
            f"allow.{index}.reason",
            "warning",
            "allow-reason",
            f"give the reason “{entry.get('value', '').strip()}” is safe to publish; until you do, it "
            "is not saved as allowed, and the check still reports it",
        )  # fmt: skip
        for index, entry in enumerate(form.get("allow") or [])
        if isinstance(entry, dict)
        and (entry.get("value") or "").strip()
        and not (entry.get("reason") or "").strip()
    ]


FIELD_KEYS = ("title", "subtitle", "partnership", "status", "published", "audience", "summary")


def _fields(source: Source) -> list[tuple[int, str]]:
    """(line, field) where each field the form shows starts in the file, in file order."""
    marks = source.value_marks
    found: list[tuple[int, str]] = []
    for key in FIELD_KEYS:
        if (key,) in marks:
            found.append((marks[(key,)][0], key))
    for key in ("kind", "url", "title"):
        if ("review", key) in marks:
            found.append((marks[("review", key)][0], f"review.{key}"))
    for loc, (line, _) in marks.items():
        if len(loc) == 3 and loc[0] == "sections" and loc[2] in ("title", "body", "notes", "label"):
            found.append((line, f"sections.{loc[1]}.{loc[2]}"))
        elif len(loc) == 2 and loc[0] == "questions":
            found.append((line, f"questions.{loc[1]}"))
        elif len(loc) == 3 and loc[0] in ("resources", "allow"):
            found.append((line, f"{loc[0]}.{loc[1]}.{loc[2]}"))
    if ("sections",) in source.key_marks:
        found.append((source.key_marks[("sections",)][0], "sections"))
    return sorted(found)


def _fields_of(prepared: Prepared) -> list[tuple[int, str]]:
    """The fields of a file that does not validate (it may still load)."""
    return _fields(prepared.loaded) if prepared.loaded is not None else []


def _placed(problems: list[Problem], fields: list[tuple[int, str]] | None) -> list[dict]:
    """Each problem at the last field starting on or before its line (the whole form if none)."""
    placed = []
    for problem in problems:
        where = "form"
        for line, name in fields or []:
            if line > problem.line:
                break
            where = name
        if problem.code == "too-long":
            where = "timing"
        elif problem.code == "themes-unconfirmed":
            where = "themes"
        placed.append(
            _finding(
                where,
                problem.severity,
                problem.code,
                form_words(problem, where),
                form_action(problem),
                problem.message,
            )  # fmt: skip
        )
    return placed


def timing_shown(times: Timing) -> dict:
    """The timing as the editor shows it, worded here: each part's and the meter's."""
    return {
        "parts": [
            {"words": part.words, "seconds": round(part.seconds), "text": part.text}
            for part in times.sections
        ],
        "words": times.words,
        "seconds": round(times.minutes * 60),
        "budget": SESSION_MINUTES * 60,
        "text": times.text,
    }


def _themes(briefing, handout) -> list[dict]:
    found = [
        {"key": t.key, "name": t.name, "kept": True, "evidence": evidence_lines(t) or ["named in themes:"]}
        for t in handout.themes
    ]
    bank = question_bank()
    found += [
        {"key": key, "name": bank.theme(key).name, "kept": False, "evidence": ["dropped by the author"]}
        for key in briefing.exclude_themes
        if key in bank.keys
    ]
    return found
