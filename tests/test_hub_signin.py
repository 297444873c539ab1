"""The hub (issue 32, its second part): the published library for everyone, and sign-in for the
partnership's people, each defence attacked: the CSRF token, the lockout, the cookie's flags,
sessions that end, and a sign-in page that never says whether an account exists."""

from __future__ import annotations

import http.client
import queue
import re
import shutil
import sqlite3
import threading
from urllib.parse import urlencode

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import REPO, valid_briefing, write_yaml

from sevenminute.authoring.signing import write_sign_off
from sevenminute.hub.people import DATABASE, People
from sevenminute.hub.server import LIBRARY, serve_hub
from sevenminute.preview.server import free_port

PASSWORD = "correct horse battery staple"
WRONG = "not the password at all"
AXE = {"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}


def _serve(project, https: bool = False):
    started: queue.Queue[str] = queue.Queue()
    stop = threading.Event()
    options = {"port": free_port(), "https": https, "ready": started.put, "stop": stop}
    thread = threading.Thread(target=serve_hub, args=(project,), kwargs=options, daemon=True)
    thread.start()
    return started.get(timeout=120).rstrip("/"), stop, thread


@pytest.fixture(scope="module")
def hub_project(tmp_path_factory):
    """A project with the shipped briefings and a draft (child-y), and its hub running: made once
    for the file (building the public library is most of a hub's start)."""
    project = tmp_path_factory.mktemp("hub")
    shutil.copytree(REPO / "briefings", project / "briefings", ignore=shutil.ignore_patterns("*.cy.yaml"))
    write_yaml(project / "briefings" / "child-y.yaml", valid_briefing(title="Child Y", status="draft"))
    write_sign_off(project / "briefings" / "family-a.yaml", "Sam Patel, chair")  # the hub publishes it
    address, stop, thread = _serve(project)
    yield project, address
    stop.set()
    thread.join(timeout=20)


@pytest.fixture
def hub(hub_project):
    """The hub, with Sam (an author) its only person, and no try, session or audit line yet."""
    project, address = hub_project
    People(project / DATABASE).everyone()  # the hub's database, made when first asked
    with sqlite3.connect(project / DATABASE) as db:
        for table in ("attempts", "sessions", "audit", "people"):
            db.execute(f"DELETE FROM {table}")
    People(project / DATABASE).add("sam@example.org", "author", PASSWORD, name="Sam Jones")
    return address


@pytest.fixture
def project(hub_project):  # the hub's project, for the tests that look inside it
    return hub_project[0]


class Visitor:
    """A browser without a browser: keeps the hub's cookie, sends forms, reads answers."""

    def __init__(self, address: str):
        self.host, self.port = address.removeprefix("http://").split(":")
        self.cookie = ""

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection(self.host, int(self.port), timeout=30)
        sent = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers={**sent, **(headers or {})})
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        if cookie := response.getheader("set-cookie"):
            self.cookie = cookie.split(";", 1)[0]
        return response, text

    def token(self) -> str:
        _, page = self.request("GET", "/sign-in")
        return re.search(r'name="csrf" value="([^"]+)"', page).group(1)

    def sign_in(self, email: str, password: str, token: str | None = None):
        return self.request(
            "POST", "/sign-in", {"email": email, "password": password, "csrf": token or self.token()}
        )


def _sessions(project) -> int:
    with sqlite3.connect(project / DATABASE) as db:
        return db.execute("SELECT count(*) FROM sessions").fetchone()[0]


def _signed_in(browser, hub: str, email: str, password: str, width: int = 1280):
    """A page of a browser of its own, signed in to the hub as `email`, on its workspace."""
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(f"{hub}/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{hub}/workspace")
    return page


def _assert_axe_finds_nothing(page) -> None:
    results = Axe().run(page, options=AXE)
    assert results.violations_count == 0, results.generate_report()


def test_a_person_signs_in_with_the_labelled_form_sees_the_briefings_and_signs_out(hub, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{hub}/sign-in")
    _assert_axe_finds_nothing(page)
    page.get_by_label("Email").fill("sam@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{hub}/workspace")
    assert "Signed in as Sam Jones (sam@example.org), author" in page.inner_text("main")
    row = page.get_by_role("row", name=re.compile("Child Y"))
    assert "draft" in row.inner_text()
    _assert_axe_finds_nothing(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{hub}/sign-in")
    page.goto(f"{hub}/workspace")
    assert page.url == f"{hub}/sign-in"
    context.close()


def test_the_sign_in_page_fits_a_phone_and_passes_axe_there(hub, browser):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"{hub}/sign-in")
    _assert_axe_finds_nothing(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_the_public_library_needs_no_sign_in_and_has_no_draft_in_it(hub, project):
    visitor = Visitor(hub)
    response, page = visitor.request("GET", "/index.html")
    assert response.status == 200 and "Family A" in page
    response, page = visitor.request("GET", "/family-a/facilitate.html")
    assert response.status == 200
    assert visitor.request("GET", "/child-y/index.html")[0].status == 404
    assert not any(
        "child-y" in path.read_text(errors="replace") for path in (project / LIBRARY).rglob("*.html")
    )
    assert not any(
        "Child Y" in path.read_text(errors="replace") for path in (project / LIBRARY).rglob("*.xml")
    )


def test_a_sign_in_or_sign_out_without_the_token_or_from_another_site_is_refused(hub, project):
    visitor = Visitor(hub)
    visitor.token()  # a cookie of its own, as a browser has
    response, page = visitor.request("POST", "/sign-in", {"email": "sam@example.org", "password": PASSWORD})
    assert response.status == 403 and "nothing was changed" in page
    response, _ = visitor.sign_in("sam@example.org", PASSWORD, token="a-guessed-token")
    assert response.status == 403
    token = visitor.token()
    response, _ = visitor.request(
        "POST", "/sign-in", {"email": "sam@example.org", "password": PASSWORD, "csrf": token},
        headers={"Origin": "https://attacker.example"},
    )  # fmt: skip
    assert response.status == 403
    assert _sessions(project) == 0
    response, _ = visitor.sign_in("sam@example.org", PASSWORD)
    assert response.status == 303 and _sessions(project) == 1
    response, _ = visitor.request("POST", "/sign-out", {})
    assert response.status == 403 and _sessions(project) == 1  # the forged sign-out did nothing
    _, page = visitor.request("GET", "/workspace")
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    assert visitor.request("POST", "/sign-out", {"csrf": token})[0].status == 303 and _sessions(project) == 0
    actions = [action for _, who, action, _ in People(project / DATABASE).audit() if who == "sam@example.org"]
    assert actions == ["signed in", "signed out"]


def test_after_five_wrong_passwords_even_the_right_one_is_refused(hub, project):
    visitor = Visitor(hub)
    for _ in range(5):
        assert visitor.sign_in("sam@example.org", WRONG)[0].status == 401
    response, page = visitor.sign_in("sam@example.org", PASSWORD)
    assert response.status == 401 and "do not sign in" in page
    assert _sessions(project) == 0
    actions = [action for _, who, action, _ in People(project / DATABASE).audit() if who == "sam@example.org"]
    assert actions == ["sign-in failed"] * 5 + ["sign-in refused: too many tries"]


def test_five_wrong_tries_from_one_address_on_any_accounts_stop_it_signing_in(hub, project):
    visitor = Visitor(hub)
    for number in range(5):
        assert visitor.sign_in(f"guess{number}@example.org", WRONG)[0].status == 401
    assert visitor.sign_in("sam@example.org", PASSWORD)[0].status == 401


def test_the_page_says_the_same_whether_or_not_the_account_exists(hub):
    visitor = Visitor(hub)
    _, no_account = visitor.sign_in("nobody@example.org", PASSWORD)
    _, wrong = visitor.sign_in("sam@example.org", WRONG)
    assert no_account.replace("nobody@example.org", "EMAIL") == wrong.replace("sam@example.org", "EMAIL")


def test_the_key_that_signs_the_cookies_is_readable_by_the_hubs_owner_alone(hub, project):
    assert (project / "hub" / "secret.key").stat().st_mode & 0o777 == 0o600


def test_the_cookie_is_httponly_and_samesite_lax_and_secure_behind_https(hub, project):
    response, _ = Visitor(hub).request("GET", "/sign-in")
    flags = response.getheader("set-cookie").lower()
    assert "httponly" in flags and "samesite=lax" in flags and "secure" not in flags
    address, stop, thread = _serve(project, https=True)
    try:
        response, _ = Visitor(address).request("GET", "/sign-in")
        flags = response.getheader("set-cookie").lower()
        assert "httponly" in flags and "samesite=lax" in flags and "; secure" in flags
    finally:
        stop.set()
        thread.join(timeout=20)


def test_a_session_ends_after_thirty_minutes_unused_or_when_the_person_is_removed(hub, project):
    visitor = Visitor(hub)
    assert visitor.sign_in("sam@example.org", PASSWORD)[0].status == 303
    assert visitor.request("GET", "/workspace")[0].status == 200
    with sqlite3.connect(project / DATABASE) as db:
        db.execute("UPDATE sessions SET seen = '2020-01-01T00:00:00+00:00'")
    response, _ = visitor.request("GET", "/workspace")
    assert response.status == 303 and response.getheader("location") == "/sign-in"
    assert visitor.sign_in("sam@example.org", PASSWORD)[0].status == 303
    People(project / DATABASE).remove("sam@example.org")
    assert visitor.request("GET", "/workspace")[0].status == 303
