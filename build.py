#!/usr/bin/env python3
"""Build the seven-minute briefings: `python build.py --help` lists the commands."""

import os
import sys
from pathlib import Path

try:
    from sevenminute.cli import main
except ImportError:
    # Run with a Python that lacks the kit's libraries: use the project's own .venv (made by `make`).
    venv = Path(__file__).resolve().parent / ".venv"
    if (venv / "bin" / "python").exists() and Path(sys.prefix).resolve() != venv.resolve():
        os.execv(str(venv / "bin" / "python"), [str(venv / "bin" / "python"), *sys.argv])
    sys.exit("The kit's libraries are not installed. Run `make` in the project folder first.")

if __name__ == "__main__":
    main()
