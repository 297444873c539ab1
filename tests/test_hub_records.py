"""Every session's record reaches the board by itself (issue 33): the facilitator page sends it
to the hub's public intake, which defends itself; the learning team sees records arrive; the
board reads the figures for a period. Each intake test asserts what the databases hold after."""

from __future__ import annotations

import copy
import http.client
import json
import queue
import re
import shutil
import sqlite3
import sys
import threading

import pytest
from conftest import REPO, invoke
from databases import BACKENDS, stored
from evidence_records import session_record
from test_hub_signin import _signed_in

from sevenminute.hub.people import DATABASE, People
from sevenminute.hub.server import serve_hub
from sevenminute.preview.server import free_port

EVIDENCE = "evidence/evidence.sqlite"
PASSWORD = "correct horse battery staple"


def _start(project, port: int):
    started: queue.Queue[str] = queue.Queue()
    stop = threading.Event()
    options = {"port": port, "ready": started.put, "stop": stop}
    thread = threading.Thread(target=serve_hub, args=(project,), kwargs=options, daemon=True)
    thread.start()
    return started.get(timeout=120).rstrip("/"), stop, thread


def _project(root, port: int, named: str = ""):
    shutil.copytree(REPO / "briefings", root / "briefings", ignore=shutil.ignore_patterns("*.cy.yaml"))
    (root / "partnership.yaml").write_text(
        f"name: Anytown Safeguarding Children Partnership\nhub_url: http://127.0.0.1:{port}/\n{named}",
        encoding="utf-8",
    )
    return root


_KEPT: dict = {}  # each hub's project: where its data is kept


@pytest.fixture(scope="module", params=BACKENDS)
def hub(request, tmp_path_factory):
    """A hub serving the shipped briefings, its data in SQLite files, then in PostgreSQL (named
    by database_url in partnership.yaml, as a partnership would)."""
    port = free_port()
    root = tmp_path_factory.mktemp("hub-records")
    with stored(request.param, root) as kept:
        project = _project(root, port, kept.settings())
        _KEPT[project] = kept
        People(kept.where("hub")).add("ravi@example.org", "approver", PASSWORD, name="Ravi Shah")
        address, stop, thread = _start(project, port)
        yield project, address
        stop.set()
        thread.join(timeout=20)


def _post(address: str, body: bytes, kind: str = "application/json", sender: str = "198.51.100.7", **headers):
    host, port = address.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request(
        "POST",
        "/api/records",
        body=body,
        headers={"Content-Type": kind, "X-Forwarded-For": sender, **headers},
    )
    response = connection.getresponse()
    text = response.read().decode("utf-8")
    return response.status, (json.loads(text) if text.startswith("{") else text), response


def _send(address: str, record: dict, sender: str = "198.51.100.7"):
    status, answer, _ = _post(address, json.dumps(record).encode(), sender=sender)
    return status, answer


def _evidence(project, record_id: str) -> list[tuple]:
    return _KEPT[project].rows(
        "evidence", "SELECT team, attending FROM records WHERE record_id = :id", id=record_id
    )


def _arrivals(project, record_id: str) -> list[tuple]:
    return _KEPT[project].rows(
        "hub", "SELECT state, outcome FROM arrivals WHERE record_id = :id", id=record_id
    )


def _count_arrivals(project) -> int:
    return _KEPT[project].rows("hub", "SELECT count(*) FROM arrivals")[0][0]


def test_a_welsh_facilitator_page_is_answered_in_welsh(hub):
    """The Welsh facilitator page sends Accept-Language: cy, and shows the hub's answer as it is."""
    _, address = hub
    record = session_record(team="Tîm Dyletswydd", updated_at="2025-03-01T10:00:00Z")
    body = json.dumps(record).encode()
    status, answer, _ = _post(address, body, **{"Accept-Language": "cy"})
    assert status == 201 and answer["outcome"] == "added" and answer["receipt"].startswith("R")
    assert answer["message"] == "Wedi cyrraedd: wedi'i ychwanegu at dystiolaeth y bartneriaeth."
    status, answer, _ = _post(address, body, **{"Accept-Language": "en-GB,en;q=0.9"})
    assert status == 200 and answer["message"].startswith("Already arrived")
    status, answer, _ = _post(address, body, kind="text/plain", **{"Accept-Language": "cy"})
    assert status == 415 and answer["message"] == "Anfonwch y cofnod fel JSON (application/json)."


def test_a_record_arrives_once_and_a_later_change_to_the_session_replaces_it(hub):
    project, address = hub
    record = session_record(team="Duty team East", updated_at="2025-03-01T10:00:00Z")
    status, answer = _send(address, record)
    assert status == 201 and answer["receipt"].startswith("R") and "added" in answer["message"]
    assert _evidence(project, record["record_id"]) == [("Duty team East", 8)]
    status, answer = _send(address, record)
    assert status == 200 and answer["outcome"] == "already"
    later = copy.deepcopy(record)
    later["session"]["attending"] = 11
    later["updated_at"] = "2025-03-02T09:00:00Z"
    assert _send(address, later)[0] == 200
    older = copy.deepcopy(record)
    older["session"]["attending"] = 3
    older["updated_at"] = "2025-02-01T09:00:00Z"
    assert _send(address, older)[1]["outcome"] == "older"
    assert _evidence(project, record["record_id"]) == [("Duty team East", 11)]


def test_a_malformed_oversized_or_mistyped_record_is_refused_and_nothing_is_kept(hub):
    project, address = hub
    before = _count_arrivals(project)
    status, answer, _ = _post(address, b"{not json")
    assert status == 422 and "not a session record" in answer["message"]
    broken = session_record(team="Broken team")
    del broken["session"]["date"]
    status, answer = _send(address, broken)
    assert (
        status == 422 and "Not added" in answer["message"] and _evidence(project, broken["record_id"]) == []
    )
    huge = session_record(team="Huge team", reflections="x" * (300 * 1024))
    status, answer, _ = _post(address, json.dumps(huge).encode())
    assert status == 413 and _evidence(project, huge["record_id"]) == []
    plain = session_record(team="Form team")
    status, _, _ = _post(address, json.dumps(plain).encode(), kind="text/plain")
    assert status == 415 and _evidence(project, plain["record_id"]) == []
    assert _count_arrivals(project) == before


def test_a_record_about_a_briefing_the_hub_does_not_have_is_kept_apart_until_accepted(hub, browser):
    project, address = hub
    record = session_record(slug="child-nobody-knows", team="Far team")
    status, answer = _send(address, record)
    assert status == 201 and "kept apart" in answer["message"]
    assert _evidence(project, record["record_id"]) == []  # not in the board's figures
    assert _arrivals(project, record["record_id"]) == [
        ("held: a briefing the hub does not have", "held: a briefing the hub does not have")
    ]
    page = _signed_in(browser, address, "ravi@example.org", PASSWORD)
    page.get_by_role("link", name="Session records").click()
    row = page.get_by_role("row", name=re.compile("Far team"))
    assert "held: a briefing the hub does not have" in row.inner_text()
    row.get_by_role("button", name="Count it").click()
    assert _evidence(project, record["record_id"]) == [("Far team", 8)]
    row = page.get_by_role("row", name=re.compile("Far team"))
    row.get_by_label(re.compile("Why set .* aside")).fill("Sent by mistake: a rehearsal, not a session")
    row.get_by_role("button", name="Set aside").click()
    assert _evidence(project, record["record_id"]) == []
    assert "Sent by mistake" in page.get_by_role("row", name=re.compile("Far team")).inner_text()
    log = [
        (action, what)
        for _, who, action, what in People(_KEPT[project].where("hub")).audit()
        if who == "ravi@example.org"
    ]
    assert log[-2][:1] == ("accepted a session record",) and "Sent by mistake" in log[-1][1]


def test_html_in_every_text_field_is_kept_as_text_and_never_shown_as_markup(hub, browser):
    project, address = hub
    evil = "<img src=x onerror=alert(1)><b>bold</b>"
    record = session_record(
        team=f"Team {evil}", reflections=evil, actions=[{"what": evil, "who": evil, "by": "2025-02-01"}]
    )
    record["session"]["facilitator"] = evil
    record["session"]["embedded"] = evil
    assert _send(address, record)[0] == 201
    page = _signed_in(browser, address, "ravi@example.org", PASSWORD)
    alerts = []
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    page.goto(f"{address}/records")
    assert f"Team {evil}" in page.inner_text("main")  # shown as the characters sent
    assert page.locator("main img, main b").count() == 0
    page.goto(f"{address}/board")
    assert page.locator("main img").count() == 0 and not alerts


def test_cors_lets_the_partnerships_pages_and_files_send_and_no_other_site(hub):
    _, address = hub
    for origin, allowed in (("null", True), (address, True), ("https://attacker.example", False)):
        host, port = address.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        connection.request(
            "OPTIONS", "/api/records",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                     "Access-Control-Request-Headers": "content-type"},
        )  # fmt: skip
        response = connection.getresponse()
        response.read()
        assert (response.getheader("access-control-allow-origin") == origin) is allowed, origin


def test_a_burst_of_500_from_one_address_is_refused_after_the_first_and_the_hub_keeps_going(hub):
    project, address = hub
    answers = [_send(address, session_record(team=f"Burst {n}"), sender="203.0.113.9")[0] for n in range(500)]
    accepted = [status for status in answers if status in (200, 201)]
    assert 50 <= len(accepted) <= 150 and answers[: len(accepted)] == accepted  # the first ones, then 429s
    assert set(answers[len(accepted) :]) == {429}
    assert _send(address, session_record(team="After the burst"), sender="198.51.100.20")[0] == 201
    kept = _KEPT[project]
    assert kept.rows("evidence", "SELECT count(*) FROM records WHERE team LIKE 'Burst %'") == [
        (len(accepted),)
    ]
    if kept.backend == "sqlite":
        with sqlite3.connect(project / EVIDENCE) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_story_a_record_sent_while_the_hub_is_down_waits_and_arrives_and_the_board_sees_it(
    tmp_path, browser, monkeypatch
):
    port = free_port()
    project = _project(tmp_path / "partnership", port)
    monkeypatch.chdir(project)
    assert invoke("build", "family-a", "--format", "html", "--out", "pages")[0] == 0
    page = browser.new_context().new_page()
    page.goto((project / "pages" / "family-a" / "facilitate.html").as_uri() + "#record")
    page.locator("#r-date").fill("2026-11-30")
    page.get_by_label("Team", exact=True).fill("Duty team West")
    page.get_by_label("Service or agency").select_option("Children's social care")
    page.get_by_label("Number attending").fill("9")
    page.get_by_role("button", name="Send to the partnership").click()
    outbox = page.locator("#outbox")
    outbox.filter(has_text="waiting to send").wait_for(timeout=10_000)

    People(project / DATABASE).add("bo@example.org", "board", PASSWORD, name="Bo Board")
    address, stop, thread = _start(project, port)
    try:
        page.evaluate("window.dispatchEvent(new Event('online'))")  # as the browser does when back online
        outbox.filter(has_text="arrived at the partnership (receipt R").wait_for(timeout=20_000)
        page.get_by_role("button", name="Send to the partnership").click()  # sent again: counted once
        outbox.filter(has_text="Already arrived").wait_for(timeout=20_000)
        board = _signed_in(browser, address, "bo@example.org", PASSWORD)
        board.get_by_role("link", name="The board's report").click()

        def glance(name: str) -> str:
            return board.locator(".glance div", has_text=name).locator("dd").inner_text()

        assert glance("Sessions held") == "1" and glance("People reached") == "9"  # sent twice, counted once
        board.get_by_label("From", exact=True).fill("2026-12-01")
        board.get_by_label("To", exact=True).fill("2026-12-31")
        board.get_by_role("button", name="Show this period").click()
        assert "No session in this period has been recorded yet" in board.inner_text("main")
        board.get_by_label("From", exact=True).fill("2026-11-01")
        board.get_by_label("To", exact=True).fill("2026-11-30")
        board.get_by_role("button", name="Show this period").click()
        assert glance("Sessions held") == "1"
        assert (
            board.request.get(f"{address}/board/report.pdf?from=2026-11-01&to=2026-11-30").body()[:5]
            == b"%PDF-"
        )
    finally:
        stop.set()
        thread.join(timeout=20)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_hub_killed_while_1000_records_arrive_keeps_each_answered_record_exactly_once(backend, tmp_path):
    sys.path.insert(0, str(REPO / "scripts"))
    from kill_intake import killed_midway

    with stored(backend, tmp_path) as kept:
        found = killed_midway(1000, kept.url)
    assert 0 < found["answered before the kill"] < 1000 and found["answered"] == 1000
    assert found["missing"] == [] and found["extra"] == [] and found["held"] == 1000
    if backend == "sqlite":
        assert found["integrity"] == ("ok", "ok")
