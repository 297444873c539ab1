"""The hub under a partnership's load: 20 people signed in, each editing a briefing of their
own at once. Each round, each person asks for the live preview (the editor's check, which
builds the draft's page) and saves, as the editor's page does; the script reports each at the
median and the 95th percentile, and the hub's memory (its process and its children) at rest
and at its peak.

    .venv/bin/python scripts/bench.py --only hub    [--people 20 --rounds 5]
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Person:
    """One signed-in person, as their browser would be: a cookie, a token, their briefing."""

    def __init__(self, port: int, email: str, name: str):
        self.port, self.email, self.name, self.cookie = port, email, name, ""

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        sent = {"Cookie": self.cookie, **(headers or {})} if self.cookie else dict(headers or {})
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        data = response.read()
        if cookie := response.getheader("set-cookie"):
            self.cookie = cookie.split(";", 1)[0]
        connection.close()
        return response.status, data.decode("utf-8", "replace")

    def sign_in(self) -> None:
        _, page = self.request("GET", "/sign-in")
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        form = urlencode({"email": self.email, "password": PASSWORD, "csrf": token}).encode()
        status, _ = self.request(
            "POST", "/sign-in", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert status == 303, f"{self.email} could not sign in ({status})"

    def open_editor(self) -> None:
        status, page = self.request("GET", f"/edit/{self.name}")
        assert status == 200, f"the editor of {self.name} answered {status}"
        self.token = re.search(r'SEVENMINUTE_TOKEN = "([^"]+)"', page).group(1)
        state = json.loads(re.search(r'id="editor-state">(.*?)</script>', page, re.S).group(1))
        self.form, self.digest = state["form"], state["digest"]

    def post(self, path: str, body: dict) -> tuple[float, dict]:
        headers = {"Content-Type": "application/json", "X-Sevenminute-Token": self.token}
        started = time.perf_counter()
        status, text = self.request("POST", path, json.dumps(body).encode(), headers)
        seconds = time.perf_counter() - started
        assert status == 200, f"{path} answered {status}: {text[:200]}"
        return seconds, json.loads(text)

    def edit(self, round_number: int) -> tuple[float, float]:
        """One round: a sentence typed into part 1, the preview asked for, then Save."""
        body = self.form["sections"][0]["body"].rstrip()
        self.form["sections"][0]["body"] = f"{body} Round {round_number} added a sentence here."
        preview, _ = self.post(f"/edit/{self.name}/check", self.form)
        save, answer = self.post(f"/edit/{self.name}/save", {"form": self.form, "digest": self.digest})
        self.digest = answer["digest"]
        return preview, save


def _memory(pid: int) -> int:
    from bench_parts import tree_rss  # the process and its children

    return tree_rss(pid)


def print_hub(people: int = 20, rounds: int = 5) -> None:
    from sevenminute.hub.people import DATABASE, People
    from sevenminute.preview.server import free_port

    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "hub"
        shutil.copytree(ROOT / "briefings", project / "briefings")
        shutil.copytree(ROOT / "assets", project / "assets")
        shutil.copy(ROOT / "partnership.yaml", project)
        original = (ROOT / "briefings" / "family-a.yaml").read_text(encoding="utf-8")
        register = People(project / DATABASE)
        crowd = []
        port = free_port()
        for number in range(1, people + 1):
            name = f"draft-{number:02d}"
            text = original.replace("title: Family A", f"title: Draft {number:02d}\nstatus: draft", 1)
            (project / "briefings" / f"{name}.yaml").write_text(text, encoding="utf-8")
            register.add(f"author{number}@example.org", "author", PASSWORD)
            crowd.append(Person(port, f"author{number}@example.org", name))
        started = time.perf_counter()
        hub = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "hub", "--port", str(port)], cwd=project,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        try:
            ready = hub.stdout.readline()
            while ready and "The hub is at" not in ready:  # what it says first: briefings left out
                ready = hub.stdout.readline()
            assert "The hub is at" in ready, ready
            start_seconds = time.perf_counter() - started
            for person in crowd:
                person.sign_in()
                person.open_editor()
            resting = _memory(hub.pid)
            previews: list[float] = []
            saves: list[float] = []
            peak = [resting]
            lock = threading.Lock()
            watching = threading.Event()

            def watch() -> None:
                while not watching.wait(0.2):
                    peak.append(_memory(hub.pid))

            def work(person: Person) -> None:
                for round_number in range(rounds):
                    preview, save = person.edit(round_number)
                    with lock:
                        previews.append(preview)
                        saves.append(save)

            watcher = threading.Thread(target=watch)
            watcher.start()
            began = time.perf_counter()
            threads = [threading.Thread(target=work, args=(person,)) for person in crowd]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - began
            watching.set()
            watcher.join()
        finally:
            hub.terminate()
            hub.wait(timeout=30)
    print(
        f"Hub, {people} people editing at once ({rounds} rounds each, {len(saves)} saves and previews "
        f"in {wall:.1f} s); the hub started in {start_seconds:.1f} s"
    )
    print(
        f"  live preview (the editor's check, the draft's page built): median "
        f"{statistics.median(previews):.2f} s, 95th percentile {_percentile(previews, 0.95):.2f} s"
    )
    print(
        f"  save: median {statistics.median(saves):.3f} s, 95th percentile {_percentile(saves, 0.95):.3f} s"
    )
    print(f"  the hub's memory: {resting / 2**20:.0f} MB at rest, {max(peak) / 2**20:.0f} MB at its peak")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "scripts"))
    print_hub()
