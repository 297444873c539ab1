"""The hub's sign-off (issue 32): the whole story in Chromium, across the roles, and each limit
of a role attacked. An admin adds an author and an approver; the author writes a briefing in
the browser and submits it; the approver returns it with a comment, then signs off the
corrected version; it appears in the public library; an edit after the sign-off stops the
build publishing it until it is signed off again."""

from __future__ import annotations

import csv
import io
import re
import shutil
import sqlite3
import subprocess
import sys

import pytest
import yaml
from conftest import REPO, invoke
from evidence_records import session_record, write_record
from test_hub_signin import Visitor, _assert_axe_finds_nothing, _serve, _signed_in

from sevenminute.authoring.signing import write_sign_off
from sevenminute.hub.people import DATABASE, People
from sevenminute.preview.server import free_port

PASSWORDS = {role: f"correct horse battery {role}" for role in ("admin", "author", "approver", "board")}
PARTS = [
    "A baby of four months was brought to hospital with a head injury.",
    "Several agencies knew the family and each held one piece of what was happening.",
    "Health visitors saw the baby twice but did not ask who else lived in the home.",
    "The men in the baby's life were not seen or spoken to by any service.",
    "Information about the father's history stayed with one agency and was not shared.",
    "Ask who lives in the home and who looks after the baby, every time.",
    "Share what you know about risk, and check what others know, before you close a case.",
]


@pytest.fixture(scope="module")
def hub_with_people(tmp_path_factory):
    """A project with the shipped briefings (Family A signed off), a partnership that requires a
    sign-off, an admin and a board member; its hub running."""
    project = tmp_path_factory.mktemp("hub-sign-off")
    shutil.copytree(REPO / "briefings", project / "briefings", ignore=shutil.ignore_patterns("*.cy.yaml"))
    (project / "partnership.yaml").write_text(
        "name: Anytown Safeguarding Children Partnership\nsign_off: required\n", encoding="utf-8"
    )
    write_sign_off(project / "briefings" / "family-a.yaml", "Sam Patel, chair")
    people = People(project / DATABASE)
    people.add("ada@example.org", "admin", PASSWORDS["admin"], name="Ada Admin")
    people.add("bo@example.org", "board", PASSWORDS["board"], name="Bo Board")
    address, stop, thread = _serve(project)
    yield project, address
    stop.set()
    thread.join(timeout=20)


def _save(page) -> None:
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator("#save-status").filter(has_text=re.compile(r"^Saved .*child-[a-z]\.yaml")).wait_for(
        timeout=20_000
    )


def _token(visitor: Visitor, path: str = "/workspace") -> str:
    _, page = visitor.request("GET", path)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_the_story_from_a_new_author_to_a_signed_off_briefing_and_an_edit_that_needs_it_again(
    hub_with_people, browser, monkeypatch
):
    project, hub = hub_with_people
    path = project / "briefings" / "child-z.yaml"

    admin = _signed_in(browser, hub, "ada@example.org", PASSWORDS["admin"])
    admin.get_by_role("link", name="People", exact=True).click()
    for name, email, role in (
        ("Ann Author", "ann@example.org", "author"),
        ("Ravi Shah", "ravi@example.org", "approver"),
    ):
        admin.get_by_label("Name").fill(name)
        admin.get_by_label("Email").fill(email)
        admin.get_by_label("Role").select_option(role)
        admin.get_by_label("A first password").fill(PASSWORDS[role])
        admin.get_by_role("button", name="Add", exact=True).click()
        assert admin.get_by_role("row", name=re.compile(email)).inner_text().count(role) == 1

    author = _signed_in(browser, hub, "ann@example.org", PASSWORDS["author"])
    author.get_by_label("Title of the new briefing").fill("Child Z")
    author.get_by_label("Partnership").fill("Anytown Safeguarding Children Partnership")
    author.get_by_role("button", name="New briefing").click()
    author.wait_for_url(f"{hub}/edit/child-z")
    author.get_by_label("Summary").fill("A baby was hurt; no service had seen the men in his life.")
    for number, text in enumerate(PARTS, start=1):
        author.get_by_label(f"Part {number} text", exact=True).fill(text)
    _save(author)
    author.get_by_role("link", name="Back to your hub").click()
    author.get_by_role("link", name="Child Z", exact=True).click()
    author.get_by_role("button", name="Submit for sign-off").click()
    assert "Submitted for sign-off." in author.inner_text("main")
    assert "awaiting sign-off" in author.inner_text("main")

    approver = _signed_in(browser, hub, "ravi@example.org", PASSWORDS["approver"])
    approver.get_by_role("link", name="Child Z", exact=True).click()
    handout = approver.request.get(f"{hub}/briefings/child-z/handout.pdf")
    assert handout.ok and handout.body()[:5] == b"%PDF-"
    approver.get_by_label("What needs to change").fill(
        "Part 3: say which service the health visitors were from."
    )
    approver.get_by_role("button", name="Return with a comment").click()
    assert "Returned to its author" in approver.inner_text("main")

    author.goto(f"{hub}/briefings/child-z")
    assert "say which service the health visitors were from" in author.inner_text("main")
    author.goto(f"{hub}/edit/child-z")
    author.get_by_label("Part 3 text", exact=True).fill(
        PARTS[2].replace("Health visitors", "Health visitors from the NHS trust")
    )
    _save(author)
    author.goto(f"{hub}/briefings/child-z")
    author.get_by_role("button", name="Submit for sign-off").click()

    approver.goto(f"{hub}/briefings/child-z")
    approver.get_by_role("button", name="Sign off").click()
    assert "Signed off and published" in approver.inner_text("main")
    record = yaml.safe_load(path.read_text(encoding="utf-8"))["signed_off"]
    assert record["by"] == "Ravi Shah, approver" and record["hash"].startswith("sha256:")

    reader = browser.new_context().new_page()  # no one signed in
    reader.goto(f"{hub}/index.html")
    assert "Child Z" in reader.inner_text("main")
    reader.goto(f"{hub}/child-z/index.html")
    assert "from the NHS trust" in reader.inner_text("main")
    assert reader.request.get(f"{hub}/child-z/facilitate.html").ok

    author.goto(f"{hub}/edit/child-z")
    author.get_by_label("Part 3 text", exact=True).fill(PARTS[2] + " They were not told about the father.")
    _save(author)
    author.goto(f"{hub}/briefings/child-z")
    assert "changed since its sign-off" in author.inner_text("main")
    monkeypatch.chdir(project)  # the partnership's command line, beside the hub
    code, _, err = invoke("build", "child-z", "--format", "html")
    assert code == 1 and "part 3 text changed since it was signed off by Ravi Shah, approver" in err
    reader.goto(f"{hub}/child-z/index.html")
    assert "not told about the father" not in reader.inner_text(
        "main"
    )  # the library keeps what was signed off

    history = [action for _, _, action, _ in People(project / DATABASE).audit(briefing="child-z")]
    assert history == [
        "made a new briefing", "saved", "submitted for sign-off", "returned with a comment", "saved",
        "submitted for sign-off", "signed off and published", "saved",
    ]  # fmt: skip
    author.goto(f"{hub}/briefings/child-z")
    assert "returned with a comment: Part 3: say which service" in author.inner_text("main")


def _person(project, role: str, email: str) -> None:
    with sqlite3.connect(project / DATABASE) as db:
        db.execute("DELETE FROM people WHERE email = ?", (email,))
    People(project / DATABASE).add(email, role, PASSWORDS[role])


def _draft_awaiting(project, hub: str, name: str) -> None:
    """`name`, a copy of Family A as a draft, submitted for sign-off by an author."""
    text = (REPO / "briefings" / "family-a.yaml").read_text(encoding="utf-8")
    (project / "briefings" / f"{name}.yaml").write_text(
        text.replace("title: Family A", f"title: {name}\nstatus: draft", 1), encoding="utf-8"
    )
    _person(project, "author", "writer@example.org")
    writer = Visitor(hub)
    writer.sign_in("writer@example.org", PASSWORDS["author"])
    assert writer.request("POST", f"/briefings/{name}/submit", {"csrf": _token(writer)})[0].status == 303


def test_a_change_without_a_session_or_without_the_token_is_refused_and_writes_nothing(hub_with_people):
    project, hub = hub_with_people
    path = project / "briefings" / "family-a.yaml"
    before = path.read_bytes()
    stranger = Visitor(hub)
    for target in ("/edit/family-a/save", "/briefings/family-a/withdraw", "/new", "/people/add"):
        response, page = stranger.request("POST", target, {"reason": "x", "title": "x", "csrf": "guess"})
        assert response.status == 403, target
    _person(project, "approver", "ravi2@example.org")
    approver = Visitor(hub)
    approver.sign_in("ravi2@example.org", PASSWORDS["approver"])
    response, page = approver.request("POST", "/briefings/family-a/withdraw", {"reason": "Taken down"})
    assert response.status == 403 and "nothing was changed" in page
    response, _ = approver.request(
        "POST", "/briefings/family-a/withdraw", {"reason": "Taken down", "csrf": _token(approver)},
        headers={"Origin": "https://attacker.example"},
    )  # fmt: skip
    assert response.status == 403
    response, _ = approver.request(
        "POST",
        "/edit/family-a/save",
        None,
        headers={"X-Sevenminute-Token": "guess", "Content-Type": "application/json"},
    )
    assert response.status == 403
    assert path.read_bytes() == before
    assert not (project / "briefings" / "x.yaml").exists()


def test_an_author_cannot_sign_off_and_a_board_member_cannot_edit(hub_with_people):
    project, hub = hub_with_people
    _draft_awaiting(project, hub, "child-w")
    path = project / "briefings" / "child-w.yaml"
    before = path.read_bytes()
    writer = Visitor(hub)
    writer.sign_in("writer@example.org", PASSWORDS["author"])
    response, page = writer.request("POST", "/briefings/child-w/sign-off", {"csrf": _token(writer)})
    assert response.status == 403 and "it does not sign off briefings" in page
    assert path.read_bytes() == before

    board = Visitor(hub)
    board.sign_in("bo@example.org", PASSWORDS["board"])
    response, page = board.request("GET", "/edit/child-w")
    assert response.status == 403 and "does not edit briefings" in page
    token = _token(board)
    response, _ = board.request(
        "POST",
        "/edit/child-w/save",
        None,
        headers={"X-Sevenminute-Token": token, "Content-Type": "application/json"},
    )
    assert response.status == 403
    assert board.request("POST", "/briefings/child-w/submit", {"csrf": token})[0].status == 403
    assert path.read_bytes() == before
    _, page = board.request("GET", "/workspace")
    assert "New briefing" not in page and "child-w" in page  # reads, never edits


def test_an_approver_cannot_sign_off_their_own_last_edit(hub_with_people, browser):
    project, hub = hub_with_people
    _draft_awaiting(project, hub, "child-v")
    _person(project, "approver", "own@example.org")
    page = _signed_in(browser, hub, "own@example.org", PASSWORDS["approver"])
    page.goto(f"{hub}/edit/child-v")
    page.get_by_label("Summary").fill("What the review of Child V asks of every practitioner.")
    _save(page)
    page.goto(f"{hub}/briefings/child-v")
    before = (project / "briefings" / "child-v.yaml").read_bytes()
    page.get_by_role("button", name="Sign off").click()
    assert "You made the last edit to this briefing, so another approver must sign it off" in page.inner_text(
        "main"
    )
    assert (project / "briefings" / "child-v.yaml").read_bytes() == before


def test_an_admin_reads_the_audit_log_and_exports_it_and_nobody_else_can(hub_with_people, browser):
    project, hub = hub_with_people
    admin = _signed_in(browser, hub, "ada@example.org", PASSWORDS["admin"], width=390)
    admin.get_by_role("link", name="Audit log").click()
    admin.wait_for_url(f"{hub}/audit")
    assert admin.evaluate("document.documentElement.scrollWidth") <= 390
    assert "signed in" in admin.inner_text("main")
    exported = admin.request.get(f"{hub}/audit.csv")
    assert exported.ok and "attachment" in exported.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(exported.text())))
    assert rows[0] == ["when (UTC)", "who", "action", "what"]
    assert ["ada@example.org", "signed in"] in [row[1:3] for row in rows]
    board = Visitor(hub)
    board.sign_in("bo@example.org", PASSWORDS["board"])
    for target in ("/audit", "/audit.csv", "/people"):
        response, page = board.request("GET", target)
        assert response.status == 403 and "an admin does" in page


def test_the_public_library_shows_no_briefing_that_was_never_signed_off(hub_with_people):
    _, hub = hub_with_people
    visitor = Visitor(hub)
    _, index = visitor.request("GET", "/index.html")
    assert "Family A" in index and "Mark and Lloyd" not in index
    assert visitor.request("GET", "/mark-and-lloyd/index.html")[0].status == 404


def test_the_board_reads_its_report_in_the_hub_and_an_author_cannot(hub_with_people, browser, monkeypatch):
    project, hub = hub_with_people
    board = _signed_in(browser, hub, "bo@example.org", PASSWORDS["board"])
    board.get_by_role("link", name="The board's report").click()
    assert "No session has been recorded yet" in board.inner_text("main")
    write_record(project / "records", "duty-north.json", session_record(team="Duty team North"))
    monkeypatch.chdir(project)
    assert invoke("evidence", "add", "records")[0] == 0
    board.goto(f"{hub}/board")
    assert board.get_by_role("heading", name="Evidence of learning from seven-minute briefings").is_visible()
    assert "Duty team North" in board.inner_text("body")
    assert board.request.get(f"{hub}/board/report.pdf").body()[:5] == b"%PDF-"
    _person(project, "author", "writer@example.org")
    writer = Visitor(hub)
    writer.sign_in("writer@example.org", PASSWORDS["author"])
    response, page = writer.request("GET", "/board")
    assert response.status == 403 and "the board does" in page


def test_an_approver_reads_and_signs_off_with_the_keyboard_alone(hub_with_people, browser):
    project, hub = hub_with_people
    _draft_awaiting(project, hub, "child-u")
    _person(project, "approver", "keys@example.org")
    page = _signed_in(browser, hub, "keys@example.org", PASSWORDS["approver"])
    page.goto(f"{hub}/briefings/child-u")
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.innerText || document.activeElement.id"))
        if reached[-1] == "Sign off":
            break
    assert reached[0] == "Skip to main content"
    assert "Read the handout as it stands (PDF)" in reached and reached[-1] == "Sign off"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"done=signed-off"))
    assert yaml.safe_load((project / "briefings" / "child-u.yaml").read_text(encoding="utf-8"))["signed_off"]


def test_an_approver_withdraws_a_published_briefing_with_its_reason_and_the_library_takes_it_down(
    hub_with_people,
):
    project, hub = hub_with_people
    _draft_awaiting(project, hub, "child-t")
    _person(project, "approver", "withdraws@example.org")
    approver = Visitor(hub)
    approver.sign_in("withdraws@example.org", PASSWORDS["approver"])
    assert (
        approver.request("POST", "/briefings/child-t/sign-off", {"csrf": _token(approver)})[0].status == 303
    )
    assert approver.request("GET", "/child-t/index.html")[0].status == 200
    response, page = approver.request(
        "POST", "/briefings/child-t/withdraw", {"csrf": _token(approver), "reason": " "}
    )
    assert response.status == 403 and "Give the reason for withdrawing it" in page
    reason = "Taken down while the review is updated"
    response, _ = approver.request(
        "POST", "/briefings/child-t/withdraw", {"csrf": _token(approver), "reason": reason}
    )
    assert response.status == 303
    data = yaml.safe_load((project / "briefings" / "child-t.yaml").read_text(encoding="utf-8"))
    assert data["status"] == "withdrawn" and data["withdrawn_reason"] == reason
    assert Visitor(hub).request("GET", "/child-t/index.html")[0].status == 404
    _, withdrawn = Visitor(hub).request("GET", "/withdrawn.html")
    assert reason in withdrawn
    assert ("withdrawn", reason) in [
        (action, what) for _, _, action, what in People(project / DATABASE).audit("child-t")
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_every_hub_page_passes_axe_and_fits_the_screen_in_each_role(hub_with_people, browser, width):
    project, hub = hub_with_people
    name = f"child-s{width}"  # a briefing awaiting sign-off, for this width
    _draft_awaiting(project, hub, name)
    _person(project, "approver", "looks@example.org")
    pages = {
        # Each page once, in the role that shows the most of it.
        ("ada@example.org", PASSWORDS["admin"]): [
            "/people",
            "/audit",
            "/board",
            "/records",
            "/no-such-page",
        ],
        ("writer@example.org", PASSWORDS["author"]): [
            "/workspace",
            f"/briefings/{name}",
            "/briefings/family-a",
        ],
        ("looks@example.org", PASSWORDS["approver"]): [f"/briefings/{name}", "/briefings/family-a"],
        ("bo@example.org", PASSWORDS["board"]): ["/workspace", "/edit/family-a"],
    }
    for (email, password), paths in pages.items():
        page = _signed_in(browser, hub, email, password, width=width)
        for path in paths:
            if page.url != f"{hub}{path}":  # signing in lands on /workspace
                page.goto(f"{hub}{path}")
            _assert_axe_finds_nothing(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        page.context.close()


def test_starting_the_hub_says_which_published_briefings_wait_for_a_sign_off(tmp_path):
    shutil.copytree(REPO / "briefings", tmp_path / "briefings", ignore=shutil.ignore_patterns("*.cy.yaml"))
    write_sign_off(tmp_path / "briefings" / "family-a.yaml", "Sam Patel, chair")
    port = str(free_port())
    hub = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "hub", "--port", port], cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        first, second = hub.stdout.readline(), hub.stdout.readline()
    finally:
        hub.terminate()
        hub.wait(timeout=30)
    assert first.startswith("Not in the public library until an approver signs them off")
    assert "mark-and-lloyd" in first and "family-a" not in first
    assert f"The hub is at http://127.0.0.1:{port}/" in second
