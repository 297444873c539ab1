"""Stage 1, gather: the files a person named (folders searched), each read as JSON or CSV."""

from __future__ import annotations

from pathlib import Path

from ..problems import display_path
from .library import Library
from .records import RecordFault, Refusal, SessionRecord, named, read_json_record
from .returns import read_csv_records

KINDS = (".json", ".csv")


def record_files(paths: tuple[Path, ...]) -> tuple[list[Path], list[Refusal]]:
    """The JSON and CSV files named, or found in the folders named (and their sub-folders)."""
    files, refused = [], []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in KINDS and p.is_file())
            if not found:
                refused.append(Refusal(display_path(path), "this folder holds no .json or .csv files"))
            files += found
        elif not path.exists():
            refused.append(Refusal(display_path(path), "there is no such file or folder; check the name"))
        elif path.suffix.lower() not in KINDS:
            refused.append(
                Refusal(
                    display_path(path),
                    "the kit reads session records as .json files (from the facilitator page) or "
                    ".csv files in the kit's column layout",
                )
            )
        else:
            files.append(path)
    return list(dict.fromkeys(files)), refused


def read_records(path: Path, library: Library) -> tuple[list[SessionRecord], list[Refusal]]:
    """The records in one file, and what in it was refused."""
    try:
        if path.suffix.lower() == ".csv":
            return read_csv_records(path, library)
        return [read_json_record(path)], []
    except RecordFault as fault:
        return [], [Refusal(named(path), reason) for reason in fault.reasons]
    except OSError as error:
        return [], [Refusal(named(path), f"could not be read ({error.strerror or error})")]
