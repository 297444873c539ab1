"""The command line: a thin layer over the pipeline. The only place problems become exit codes.

Exit codes: 0 success, 1 a briefing has problems, 2 the command was used wrongly.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import sys
from datetime import date
from pathlib import Path

import click

from . import __version__
from .bank import question_bank
from .cards import DEFAULT_THEME_QUESTIONS
from .enrich import WORDS_PER_MINUTE, Handout, enrich, slugify
from .lint import Timing, lint, timing
from .load import load
from .model import REVIEW_KIND_NAMES, SECTION_COUNT, briefing_schema
from .problems import BriefingError, Problem, display_path
from .publish import FORMATS, find_sources, write_atomic
from .publish import build as build_briefings
from .publish import clean as clean_output
from .scaffold import STRUCTURES, Draft, structure_for, write_draft
from .settings import SETTINGS_FILE, load_settings
from .themes import MIN_PLACES, MIN_SCORE, DetectedTheme
from .validate import read_briefing, validate

BRIEFINGS = Path("briefings")
OUTPUT = Path("output")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _echo_problems(problems: list[Problem], *, codes: bool = False) -> None:
    """Each problem as `file:line:col: message`; warnings labelled; with `codes`, `[code]` after."""
    for problem in problems:
        label = "warning: " if problem.severity == "warning" else ""
        text = str(problem).replace(": ", f": {label}", 1) if label else str(problem)
        click.echo(text + (f" [{problem.code}]" if codes else ""), err=True)


def _format_option(help_text: str):
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=help_text,
    )


_theme_questions_option = click.option(
    "--theme-questions",
    "theme_questions",
    type=click.IntRange(0, 12),
    default=DEFAULT_THEME_QUESTIONS,
    show_default=True,
    help="How many questions to add from each briefing's themes (a briefing's own "
    "theme_questions setting wins).",
)


def _sources(names: tuple[str, ...]) -> list[Path]:
    try:
        return find_sources(names, BRIEFINGS)
    except BriefingError as error:
        raise click.UsageError(error.text) from None


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="seven-minute briefing kit")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Make seven-minute safeguarding briefings from YAML sources.

    With no command, builds every briefing in briefings/ into output/: a web page
    and a printable A4 handout (PDF) for each, and a page listing them all.

    \b
    Examples:
      python build.py                      build everything
      python build.py build family-a       build one briefing
      python build.py check                check every briefing without building
      python build.py themes family-a      see the themes found and the questions added
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


def _output_folder_option(help_text: str):  # noqa: ANN202 (a click decorator)
    """The `--out` folder option that `build` and `clean` share."""
    return click.option(
        "--out",
        "out",
        type=click.Path(file_okay=False, path_type=Path),
        default=OUTPUT,
        show_default=True,
        help=help_text,
    )


@cli.command()
@click.argument("briefings", nargs=-1, metavar="[PATH_OR_NAME]...")
@_output_folder_option("Folder to write the pages and PDFs into.")
@click.option(
    "--format",
    "formats",
    type=click.Choice(FORMATS),
    default="all",
    show_default=True,
    help="Build web pages, PDF handouts, or both.",
)
@_theme_questions_option
@click.option(
    "--self-contained",
    is_flag=True,
    help="Put each web page's stylesheet, script, fonts and logo inside it, so one file can be "
    "emailed or uploaded on its own.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 256),
    default=None,
    help="How many briefings to build at once (default: one for each processor core).",
)
@click.option("--force", is_flag=True, help="Rebuild everything, even what has not changed.")
def build(
    briefings: tuple[str, ...],
    out: Path,
    formats: str,
    theme_questions: int,
    self_contained: bool,
    jobs: int | None,
    force: bool,
) -> None:
    """Build briefings into web pages and printable PDF handouts.

    Name briefings by file name (family-a) or by path (briefings/family-a.yaml,
    or a file anywhere else). With no names, builds every briefing in briefings/.

    \b
    Examples:
      python build.py build
      python build.py build family-a mark-and-lloyd --format pdf
      python build.py build ~/Downloads/new-brief.yaml --out preview
      python build.py build --self-contained --out single-files
    """
    sources = _sources(briefings)
    if not sources:
        click.echo(f"There are no briefings in {BRIEFINGS}/ yet. Add a .yaml file there and build again.")
        return
    try:
        settings, logo = load_settings()
    except BriefingError as error:
        _echo_problems(error.problems)
        click.echo(f"Nothing built: fix {SETTINGS_FILE} first.")
        sys.exit(1)
    try:
        report = _build_with_progress(
            sources, out, formats, theme_questions, settings, logo, self_contained, jobs, force
        )
    except BriefingError as error:  # another build holds the output folder
        click.echo(error.text, err=True)
        sys.exit(1)
    _report_build(report, out)


def _build_with_progress(sources, out, formats, theme_questions, settings, logo, self_contained, jobs, force):
    with click.progressbar(
        length=len(sources),
        label="Building",
        file=sys.stderr,
        item_show_func=lambda name: name,
        show_pos=True,
    ) as bar:
        report = build_briefings(
            sources,
            out,
            formats=formats,
            briefings_dir=BRIEFINGS,
            theme_questions=theme_questions,
            settings=settings,
            logo=logo,
            self_contained=self_contained,
            jobs=jobs,
            force=force,
            progress=lambda source: bar.update(1, source.stem),
        )
    return report


def _report_build(report, out: Path) -> None:
    _echo_problems(report.problems)
    built, failed = len(report.built), len(report.failed)
    warnings = f", {_plural(len(report.warnings), 'warning')}" if report.warnings else ""
    skipped = f", {len(report.skipped)} up to date" if report.skipped else ""
    click.echo(
        f"{_plural(built, 'briefing')} built{skipped}, {failed} failed{warnings}, in {report.seconds:.1f} s"
        f" (output in {out}/)"
    )
    if failed:
        sys.exit(1)


def _timing_table(times: Timing) -> list[str]:
    rows = [f"  {'part':<4} {'title':<34} {'words':>5} {'time':>6}"]
    for section in times.sections:
        title = section.title if len(section.title) <= 34 else section.title[:33] + "…"
        rows.append(f"  {section.number:<4} {title:<34} {section.words:>5} {_clock(section.seconds):>6}")
    rows.append(f"  {'':<4} {'total':<34} {times.words:>5} {_clock(times.minutes * 60):>6}")
    return rows


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


@cli.command()
@click.argument("briefings", nargs=-1, metavar="[PATH_OR_NAME]...")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit status 1 when there are any).")
@_format_option("Text for reading, or a JSON list of findings for other tools.")
@click.option(
    "--pace",
    type=click.IntRange(60, 250),
    default=WORDS_PER_MINUTE,
    show_default=True,
    help="Speaking pace, in words a minute, for the timing.",
)
def check(briefings: tuple[str, ...], strict: bool, output_format: str, pace: int) -> None:
    """Check briefings as a careful editor would, without building anything.

    Reports, each at its file, line and column: problems with the format (errors); and
    warnings for a briefing that runs past seven minutes, what looks like identifying
    detail (postcodes, phone numbers, email addresses, NHS and National Insurance
    numbers, dates of birth, street addresses, real names), acronyms used before they
    are spelled out, malformed links, unfinished text and repeated section titles.
    Prints each briefing's timing, section by section.

    Exit status 0 when there are no errors, 1 when there are (with --strict, warnings
    count as errors).

    \b
    Examples:
      python build.py check
      python build.py check family-a --pace 110
      python build.py check --strict --format json > findings.json
    """
    sources = _sources(briefings)
    findings: list[Problem] = []
    for source in sources:
        try:
            loaded = load(source)
            briefing = validate(loaded)
        except BriefingError as error:
            found = error.problems
        else:
            found = lint(loaded, briefing, pace=pace)
            if output_format == "text":
                times = timing(briefing, pace)
                click.echo(
                    f"{display_path(source)}: {times.words} words, about {_clock(times.minutes * 60)} "
                    f"at {pace} words a minute"
                )
                for row in _timing_table(times):
                    click.echo(row)
        if strict:
            found = [dataclasses.replace(problem, severity="error") for problem in found]
        findings += found
        if output_format == "text":
            _echo_problems(found, codes=True)
    errors = [problem for problem in findings if problem.severity == "error"]
    if output_format == "json":
        click.echo(json.dumps([problem.as_dict() for problem in findings], indent=2, ensure_ascii=False))
    else:
        warnings = len(findings) - len(errors)
        bad = len({problem.path for problem in errors})
        click.echo(
            f"{_plural(len(sources), 'briefing')} checked: {_plural(len(errors), 'error')}, "
            f"{_plural(warnings, 'warning')}"
            + (f"; {bad} of them cannot be built until the errors are fixed" if bad and not strict else "")
        )
    if errors:
        sys.exit(1)


def _theme_json(handout: Handout) -> list[dict]:
    added: dict[str, list[str]] = {}
    for question in handout.questions:
        if question.theme is not None:
            added.setdefault(question.theme.key, []).append(question.text)
    return [
        {
            "path": str(handout.source),
            "key": theme.key,
            "name": theme.name,
            "score": theme.score,
            "pinned": theme.pinned,
            "evidence": [
                {"term": item.term, "where": item.where, "count": item.count} for item in theme.evidence
            ],
            "questions": added.get(theme.key, []),
        }
        for theme in handout.themes
    ]


def _evidence_lines(theme: DetectedTheme) -> list[str]:
    places: dict[str, list[str]] = {}
    for item in theme.evidence:
        places.setdefault(item.where, []).append(
            f"“{item.term}”" + (f" ×{item.count}" if item.count > 1 else "")
        )
    return [f"      {where}: {', '.join(terms)}" for where, terms in places.items()]


def _echo_themes(handout: Handout) -> None:
    click.echo(f"{handout.source}: {handout.briefing.title}")
    if not handout.themes:
        click.echo(
            "  No theme from the question bank found. The handout gets the briefing's own "
            "questions and the three standard ones.\n"
            "  To add a theme anyway, name it under themes: in the briefing "
            "(see python build.py questions)."
        )
    for number, theme in enumerate(handout.themes, 1):
        why = "pinned by the briefing" if theme.pinned else f"score {theme.score}"
        click.echo(f"  {number}. {theme.name} [{theme.key}], {why}")
        for line in _evidence_lines(theme):
            click.echo(line)
    click.echo("  Questions for reflection, in order:")
    labels = {"author": "the briefing's own", "standard": "standard"}
    for number, question in enumerate(handout.questions, 1):
        label = question.theme.name if question.theme else labels[question.origin]
        click.echo(f"    {number}. {question.text} ({label})")
    click.echo("")


@cli.command()
@click.argument("briefings", nargs=-1, metavar="[PATH_OR_NAME]...")
@_format_option("Text for reading, or JSON for other tools.")
@_theme_questions_option
def themes(briefings: tuple[str, ...], output_format: str, theme_questions: int) -> None:
    """Show the themes found in briefings, the evidence for each, and the questions added.

    A theme is found when its terms appear in the briefing often enough: a score of
    {min_score} from at least {min_places} mentions in different places, where a match counts
    3 in the title, 2 in the summary or a section title, and 1 in a section's text. Pin a theme
    with themes: in the briefing; drop a wrong one with exclude_themes:.

    JSON output is one list of the themes found, each with the briefing's path.

    \b
    Examples:
      python build.py themes family-a
      python build.py themes --format json > themes.json
    """
    sources = _sources(briefings)
    problems: list[Problem] = []
    report: list[dict] = []
    for source in sources:
        try:
            handout = enrich(read_briefing(source), source, theme_questions=theme_questions)
        except BriefingError as error:
            problems += error.problems
            continue
        if output_format == "json":
            report += _theme_json(handout)
        else:
            _echo_themes(handout)
    if output_format == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    _echo_problems(problems)
    if problems:
        sys.exit(1)


themes.help = (themes.help or "").format(min_places=MIN_PLACES, min_score=MIN_SCORE)


@cli.command()
@click.option("--theme", "keys", multiple=True, metavar="KEY", help="Show only this theme (repeatable).")
def questions(keys: tuple[str, ...]) -> None:
    """List the question bank: every theme, the terms that signal it, and its questions.

    \b
    Examples:
      python build.py questions
      python build.py questions --theme domestic-abuse
    """
    bank = question_bank()
    unknown = [key for key in keys if key not in bank.keys]
    if unknown:
        close = difflib.get_close_matches(unknown[0], bank.keys, n=1, cutoff=0.6)
        hint = f" Did you mean {close[0]}?" if close else ""
        raise click.BadParameter(
            f"there is no theme “{unknown[0]}” in the bank.{hint} "
            "Run python build.py questions to see every theme.",
            param_hint="--theme",
        )
    chosen = [bank.theme(key) for key in keys] if keys else list(bank.themes)
    if not keys:
        click.echo("Standard questions, asked after every briefing:")
        for number, text in enumerate(bank.standard_questions, 1):
            click.echo(f"  {number}. {text}")
        click.echo("")
    for theme in chosen:
        click.echo(f"{theme.name} [{theme.key}]")
        click.echo(f"  {theme.description}")
        click.echo(f"  Signalled by: {', '.join(theme.terms)}")
        for number, text in enumerate(theme.questions, 1):
            click.echo(f"  {number}. {text}")
        click.echo("")
    if not keys:
        click.echo(f"{_plural(len(bank.themes), 'theme')} in the bank.")


def _default_partnership() -> str:
    """The partnership of the newest briefing in briefings/, as a starting point."""
    newest = ""
    for source in sorted(BRIEFINGS.glob("*.yaml"), key=lambda path: path.stat().st_mtime):
        try:
            newest = read_briefing(source).partnership
        except BriefingError:
            continue
    return newest or "Anytown Safeguarding Children Partnership"


@cli.command()
@click.argument("slug", required=False)
@click.option("--title", help="The briefing's title, such as the review's anonymised name (Child Z).")
@click.option("--partnership", help="The partnership publishing it.")
@click.option("--published", type=click.DateTime(["%Y-%m-%d"]), help="Publication date, YYYY-MM-DD.")
@click.option("--kind", type=click.Choice(list(REVIEW_KIND_NAMES)), help="The kind of source.")
@click.option(
    "--structure",
    type=click.Choice([*STRUCTURES, "own"]),
    help="Seven parts to start from; `own` takes seven --part titles.",
)
@click.option("--part", "parts", multiple=True, help="One of your own seven section titles (seven times).")
@click.option(
    "--no-input", is_flag=True, help="Ask nothing: use the options given and defaults for the rest."
)
def new(
    slug: str | None,
    title: str | None,
    partnership: str | None,
    published,
    kind: str | None,
    structure: str | None,
    parts: tuple[str, ...],
    no_input: bool,
) -> None:
    """Start a new briefing: asks a few questions, then writes briefings/SLUG.yaml.

    The file has the seven parts laid out for the kind of source, with guidance in
    comments and a TODO in each part; `check` lists what is left to write. It never
    overwrites a file. Every question has a default (press Enter to take it).

    \b
    Examples:
      python build.py new
      python build.py new child-z
      python build.py new child-z --no-input --title "Child Z" --kind rapid-review
    """

    def ask(text: str, default, **options):
        return default if no_input else click.prompt(text, default=default, **options)

    title = title or ask("Title (the review's anonymised name)", _title_from(slug) if slug else "Child Z")
    slug = slugify(slug or title)
    target = BRIEFINGS / f"{slug}.yaml"
    if target.exists():
        raise click.UsageError(
            f"{target} already exists, and `new` never overwrites a briefing; choose another name"
        )
    partnership = partnership or ask("Partnership", _default_partnership())
    if published is None and no_input:
        published = date.today()
    elif published is None:
        published = click.prompt(
            "Published (YYYY-MM-DD)", default=date.today().isoformat(), type=click.DateTime(["%Y-%m-%d"])
        )
    kinds = list(REVIEW_KIND_NAMES)
    if not kind:
        if not no_input:
            for key, name in REVIEW_KIND_NAMES.items():
                click.echo(f"  {key:<13} {name}")
        kind = ask("Kind of source", "CSPR", type=click.Choice(kinds), show_choices=False)
    if parts and not structure:
        structure = "own"
    if not structure:
        suggested = structure_for(kind)
        if not no_input:
            click.echo(f"Suggested seven parts, for {STRUCTURES[suggested].name}:")
            for number, (part, _) in enumerate(STRUCTURES[suggested].parts, 1):
                click.echo(f"  {number}. {part}")
        use = no_input or click.confirm("Use these seven parts?", default=True)
        structure = suggested if use else "own"
    if structure == "own":
        titles = list(parts)
        if len(titles) > SECTION_COUNT or (no_input and len(titles) != SECTION_COUNT):
            raise click.UsageError(f"give exactly seven --part titles; there are {len(titles)}")
        for number in range(len(titles) + 1, SECTION_COUNT + 1):
            titles.append(click.prompt(f"Title of part {number}", default=f"Part {number}"))
        chosen = tuple((part, "Write this part in a few short lines.") for part in titles)
    else:
        chosen = STRUCTURES[structure].parts
    day = published.date() if hasattr(published, "date") else published
    path = write_draft(target, Draft(title, partnership, day, kind, chosen))
    click.echo(f"Wrote {path}. Fill in each TODO, then run: python build.py check {slug}")


def _title_from(slug: str) -> str:
    words = slug.replace("_", "-").split("-")
    return " ".join(word.upper() if len(word) == 1 else word.capitalize() for word in words if word)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in your web browser.")
def serve(host: str, port: int, open_browser: bool) -> None:
    """Preview the briefings as you edit them: the page reloads itself when you save.

    Builds the web pages into a temporary folder and serves them; watches briefings/,
    the templates and partnership.yaml, and rebuilds only what a change touches. A PDF is
    made the first time you open it. When a briefing has a problem, the page shows it in
    a banner until you fix it. Stop with Ctrl-C.

    \b
    Examples:
      python build.py serve
      python build.py serve --port 8080 --open
    """
    from .serve import is_loopback
    from .serve import serve as run_preview

    if not is_loopback(host):
        click.echo(
            f"Warning: listening on {host}, so other computers on the network can see the preview, "
            "which may include unpublished briefings. Use the default, 127.0.0.1, unless you mean it.",
            err=True,
        )

    def ready(address: str) -> None:
        click.echo(f"Previewing at {address} (Ctrl-C to stop)")
        if open_browser:
            import webbrowser

            webbrowser.open(address)

    try:
        run_preview(Path("."), host, port, ready=ready, log=lambda text: click.echo(text, err=True))
    except KeyboardInterrupt:
        click.echo("\nStopped the preview.")
    except OSError as error:
        raise click.UsageError(
            f"cannot listen on {host}:{port} ({error.strerror}); try another --port"
        ) from None


@cli.command("import")
@click.argument("review", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the draft (default: briefings/<review's name>.yaml).")  # fmt: skip
@click.option("--title", default=None, help="The briefing's title, if the review's is not right.")
@click.option("--partnership", default=None, help="The partnership's name, if the review's is not right.")
def import_command(review: Path, out: Path | None, title: str | None, partnership: str | None) -> None:
    """Draft a seven-part briefing from a full review (PDF with text, Word .docx, Markdown or text).

    Finds the review's parts by their headings, keeps every recommendation (one line each,
    numbered as in the review), condenses the rest to about seven minutes, and marks with
    TODO what you must decide. Then prints where each part went. Never overwrites a file.

    \b
    Examples:
      python build.py import ~/Downloads/child-z-review.pdf
      python build.py import review.docx --out briefings/child-z.yaml --title "Child Z"
    """
    from .importer import import_review

    target = out or BRIEFINGS / f"{slugify(review.stem)}.yaml"
    try:
        draft = import_review(review, target, title=title, partnership=partnership)
    except BriefingError as error:
        _echo_problems(error.problems)
        sys.exit(1)
    for line in draft.report:
        click.echo(line)
    click.echo(f"Wrote {display_path(target)}. Next: python build.py check {display_path(target)}")


@cli.command("clean")
@_output_folder_option("The output folder to clean.")
def clean_command(out: Path) -> None:
    """Remove the files the kit made in the output folder, and nothing else.

    The kit keeps a list of every file it writes there; files you put in the folder
    yourself stay, and are listed.
    """
    try:
        removed, left = clean_output(out)
    except BriefingError as error:
        click.echo(error.text, err=True)
        sys.exit(1)
    click.echo(f"Removed {_plural(removed, 'file')} the kit made in {out}/.")
    if left:
        click.echo(f"Left {_plural(len(left), 'file')} the kit did not make:")
        for path in left[:20]:
            click.echo(f"  {display_path(path)}")


@cli.command()
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the schema to this file instead of printing it.",
)
def schema(out: Path | None) -> None:
    """Print the JSON schema of the briefing format, for editors that check YAML as you type.

    Briefings name it on their first line, so editors such as VS Code (with the YAML
    extension) underline mistakes and suggest keys:

    \b
      # yaml-language-server: $schema=../schema/briefing.schema.json

    \b
    Examples:
      python build.py schema --out schema/briefing.schema.json
    """
    text = briefing_schema()
    if out is None:
        click.echo(text, nl=False)
    else:
        write_atomic(out, text)
        click.echo(f"Wrote {out}")


def main() -> None:
    """Console entry point: no traceback ever reaches an author."""
    try:
        cli.main(prog_name="python build.py", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("\nStopped. Files already written are complete; nothing is half-written.", err=True)
        sys.exit(130)
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        click.echo(
            f"Could not read or write{where}: {error.strerror or error}. Check the folder exists "
            "and you may write to it, and that the disk is not full.",
            err=True,
        )
        sys.exit(1)
    except Exception as error:  # a bug in the kit: say so plainly
        click.echo(
            f"The kit stopped on an unexpected problem ({type(error).__name__}: {error}). "
            "This is a fault in the kit, not in your briefing; please report it with this message.",
            err=True,
        )
        sys.exit(1)
