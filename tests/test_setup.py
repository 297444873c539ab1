"""Setting up on a fresh machine prints what a trainer needs to read, not a packager's notices."""

from __future__ import annotations

import re
import tomllib

from conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def _recipe(target: str) -> list[str]:
    """The recipe lines of a Makefile target."""
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    found = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", text, re.M)
    assert found, target
    return [line.strip() for line in found.group(1).splitlines()]


def test_make_prints_a_line_a_step_and_no_pip_chatter():
    for target in ("$(BIN)/python", "$(STAMP)", "$(TSTAMP)", "compiled", "build"):
        for line in _recipe(target):
            assert line.startswith("@"), f"{target}: {line} would be echoed"
    pip = re.search(r"^PIP := (.*)$", (REPO / "Makefile").read_text(), re.M).group(1)
    assert "-qq" in pip  # setuptools' and this machine's index notices are not for the reader
    assert any(line.startswith("@echo ") for line in _recipe("$(STAMP)"))


def test_the_package_raises_no_setuptools_notices():
    # A licence as a TOML table and data folders that are not declared packages each made
    # setuptools print a screenful of warnings on every `make`.
    assert isinstance(PYPROJECT["project"]["license"], str)
    assert any(re.fullmatch(r"setuptools>=(7[7-9]|[89]\d)", req.split("#")[0].strip())
               for req in PYPROJECT["build-system"]["requires"])  # fmt: skip
    packages = set(SETUPTOOLS["packages"])
    assert set(SETUPTOOLS["package-data"]) <= packages
    folders = {"sevenminute": REPO / "sevenminute"} | {
        name: REPO / folder for name, folder in SETUPTOOLS["package-dir"].items()
    }
    for package in packages:
        root = next(name for name in sorted(folders, key=len, reverse=True) if package.startswith(name))
        folder = (
            folders[root].joinpath(*package[len(root) :].strip(".").split("."))
            if package != root
            else folders[root]
        )
        assert folder.is_dir(), package
        for child in folder.iterdir():
            shipped = child.is_dir() and child.name != "__pycache__" and any(child.iterdir())
            if shipped:
                assert f"{package}.{child.name}" in packages, f"{child} ships but is not a declared package"
