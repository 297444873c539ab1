#!/usr/bin/env python3
"""Kill -9 the hub while session records are being sent, then start it again and send what was
not answered, as facilitator pages do. Afterwards every record the hub answered 200 or 201 for
must be in the evidence database exactly once, and both databases must pass SQLite's
integrity check. With --database, the same on a PostgreSQL database (its tables are made in it).

    .venv/bin/python scripts/kill_intake.py [--records 1000] [--database postgresql:///name]

Also `make bench` reports the intake's records a second and its 95th-percentile time
(`sustained`), on SQLite.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENDERS = 4  # facilitator pages sending at once
ADDRESSES = 40  # the places they send from (the intake's limit is per address)


def record(number: int) -> dict:
    return {
        "format": "seven-minute-session-record", "format_version": 1, "record_id": str(uuid.uuid4()),
        "kit_version": "0.1.0", "exported_at": "2026-11-30T16:00:00Z",
        "briefing": {"slug": "family-a", "title": "Family A", "partnership": "Anytown",
                     "content_hash": "sha256:0123456789abcdef"},
        "session": {
            "date": "2026-11-30", "team": f"Team {number}", "agency": "Children's social care",
            "facilitator": "Jo Bloggs", "attending": 5 + number % 7, "reflections": "Fathers.", "actions": [],
            "embedded": "", "evaluation": {"usefulness": 4, "confidence_before": 2, "confidence_after": 4,
                                           "will_do_differently": []},
        },
    }  # fmt: skip


class Hub:
    """The hub as its own process, on a project of one briefing."""

    def __init__(self, project: Path, port: int):
        self.project, self.port, self.process = project, port, None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "hub", "--port", str(self.port)], cwd=self.project,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        line = self.process.stdout.readline()
        while line and "The hub is at" not in line:  # what it says first: briefings left out
            line = self.process.stdout.readline()
        assert "The hub is at" in line, line

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)

    def send(self, body: bytes, address: str) -> int | None:
        """The hub's answer, or None when it could not be reached (the page keeps it waiting)."""
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            connection.request(
                "POST", "/api/records", body=body,
                headers={"Content-Type": "application/json", "X-Forwarded-For": address},
            )  # fmt: skip
            response = connection.getresponse()
            response.read()
            connection.close()
            return response.status
        except OSError:
            return None


def _project(scratch: Path, database_url: str | None) -> Path:
    project = scratch / "hub"
    (project / "briefings").mkdir(parents=True)
    shutil.copy(ROOT / "briefings" / "family-a.yaml", project / "briefings")
    if database_url:
        (project / "partnership.yaml").write_text(f"database_url: '{database_url}'\n", encoding="utf-8")
    return project


def send_all(hub: Hub, bodies: dict[str, bytes], answered: dict[str, int], times: list[float]) -> None:
    """Send every record not yet answered, from SENDERS threads."""
    waiting = [key for key in bodies if key not in answered]
    lock = threading.Lock()

    def work(share: list[str], sender: int) -> None:
        for number, key in enumerate(share):
            started = time.perf_counter()
            status = hub.send(bodies[key], f"198.51.100.{(sender * 10 + number) % ADDRESSES + 1}")
            if status in (200, 201):
                with lock:
                    answered[key] = status
                    times.append(time.perf_counter() - started)

    threads = [threading.Thread(target=work, args=(waiting[n::SENDERS], n)) for n in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def killed_midway(records: int = 1000, database_url: str | None = None) -> dict:
    """The run: figures and findings, for the script and the test; on the SQLite files, or on
    the PostgreSQL database at `database_url`."""
    from sevenminute import database
    from sevenminute.preview.server import free_port

    bodies = {}
    for number in range(records):
        data = record(number)
        bodies[data["record_id"]] = json.dumps(data).encode()
    answered: dict[str, int] = {}
    times: list[float] = []
    with tempfile.TemporaryDirectory() as scratch:
        project = _project(Path(scratch), database_url)
        hub = Hub(project, free_port())
        hub.start()
        killer = threading.Thread(target=lambda: (_wait_for(answered, records // 3), hub.kill()))
        killer.start()
        send_all(hub, bodies, answered, times)
        killer.join()
        before_restart = len(answered)
        hub.start()
        started = time.perf_counter()
        send_all(hub, bodies, answered, times)
        seconds = time.perf_counter() - started
        hub.stop()
        evidence = database_url or str(project / "evidence" / "evidence.sqlite")
        with database.reading(evidence, "evidence") as db:
            held = dict(
                db.exec_driver_sql("SELECT record_id, count(*) FROM records GROUP BY record_id").all()
            )
        evidence_ok = hub_ok = "not SQLite"
        if not database_url:
            with sqlite3.connect(project / "evidence" / "evidence.sqlite") as db:
                evidence_ok = db.execute("PRAGMA integrity_check").fetchone()[0]
            with sqlite3.connect(project / "hub" / "hub.sqlite") as db:
                hub_ok = db.execute("PRAGMA integrity_check").fetchone()[0]
    return {
        "records": records, "held": sum(held.values()), "answered before the kill": before_restart,
        "answered": len(answered),
        "missing": [key for key in answered if held.get(key) != 1],
        "extra": [key for key in held if key not in answered],
        "integrity": (evidence_ok, hub_ok), "rate": (records - before_restart) / seconds,
        "p95": sorted(times)[int(0.95 * (len(times) - 1))], "median": statistics.median(times),
    }  # fmt: skip


def _wait_for(answered: dict, count: int) -> None:
    while len(answered) < count:
        time.sleep(0.005)


def print_intake(records: int = 1000, database_url: str | None = None) -> dict:
    found = killed_midway(records, database_url)
    print(
        f"Killed the hub (kill -9) after {found['answered before the kill']} of {found['records']} "
        f"records were answered; after the restart {found['answered']} answered, "
        f"{len(found['missing'])} of them missing or doubled, {len(found['extra'])} kept unanswered; "
        f"integrity: evidence {found['integrity'][0]}, hub {found['integrity'][1]}; "
        f"{found['held']} records in the database"
    )
    print(
        f"Intake on {'PostgreSQL' if database_url else 'SQLite'}, {SENDERS} pages sending at once: "
        f"{found['rate']:.0f} records a second; "
        f"{found['median'] * 1000:.0f} ms median, {found['p95'] * 1000:.0f} ms at the 95th percentile"
    )
    return found


def print_intake_on_postgresql(records: int = 1000) -> dict | None:
    """The same on PostgreSQL, in a schema of its own in the database `make test` makes
    (BENCH_POSTGRESQL names another); says so and measures nothing when none can be reached."""
    import secrets

    import sqlalchemy as sa

    server = os.environ.get("BENCH_POSTGRESQL", "postgresql:///sevenminute_test")
    admin = sa.create_engine(sa.make_url(server).set(drivername="postgresql+psycopg"))
    schema = f"bench_{secrets.token_hex(4)}"
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    except sa.exc.OperationalError:
        print(f"Intake on PostgreSQL: not measured; no server at {server} (make test starts one)")
        return None
    try:
        return print_intake(records, f"{server}?options=-csearch_path%3D{schema}")
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--database", default=None, help="a PostgreSQL database's address, to run on it")
    args = parser.parse_args()
    found = print_intake(args.records, args.database)
    if found["missing"] or found["extra"] or (not args.database and found["integrity"] != ("ok", "ok")):
        sys.exit(1)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
