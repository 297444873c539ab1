"""The editor in `serve`: a trainer writes a briefing in the browser, never touching YAML."""

from __future__ import annotations

import http.client
import io
import json
import queue
import re
import tempfile
import threading
import urllib.request

import pytest
import yaml
from conftest import SHIPPED
from pypdf import PdfReader

from sevenminute.preview.server import free_port, serve

PART_TEXTS = [
    "The partnership asked for a rapid review after Child Z was hurt at home.",
    "Child Z lived with their mother and her partner. Several agencies knew the family.",
    "Visits were announced, so the home was always ready when professionals came.",
    "Practitioners should see the child alone and ask who lives in the home.",
    "Managers should check that plans name every adult in the household.",
    "Agencies should share what they know at the first sign of concern.",
    "This week, look at one open case and ask who else lives there.",
]


@pytest.fixture
def workspace(project, tmp_path, monkeypatch):
    """The workspace `python build.py serve` runs, serving a scratch project from a thread of
    this process (tests/test_serve.py starts the command itself); stopped as Ctrl-C stops it,
    leaving no temporary folder behind."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    started: queue.Queue[str] = queue.Queue()
    stop = threading.Event()
    options = {"port": free_port(), "ready": started.put, "log": lambda _: None, "stop": stop}
    thread = threading.Thread(target=serve, args=(project,), kwargs=options, daemon=True)
    thread.start()
    address = started.get(timeout=60)
    assert address.startswith("http://127.0.0.1:"), address
    yield address.rstrip("/")
    stop.set()
    thread.join(timeout=20)
    assert not thread.is_alive()
    assert not list(scratch.glob("sevenminute-preview-*"))


@pytest.fixture
def tab(browser):
    contexts = []

    def open_(url: str, width: int = 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        return page

    yield open_
    for context in contexts:
        context.close()


def _checked(page, before: int) -> None:
    """Wait until the editor has had the checker's answer after `before` answers."""
    page.wait_for_function(f"(window.sevenminuteChecked || 0) > {before}", timeout=20_000)


def _checks(page) -> int:
    return page.evaluate("window.sevenminuteChecked || 0")


def _saved(page, name: str) -> None:
    """Wait until the editor says it saved briefings/<name>.yaml."""
    page.locator("#save-status").filter(has_text=f"Saved briefings/{name}.yaml").wait_for(timeout=10_000)


def _save(page, project, name: str) -> str:
    """Press Save, wait until it is saved, and give back the file as saved."""
    page.get_by_role("button", name="Save").click()
    _saved(page, name)
    return (project / "briefings" / f"{name}.yaml").read_text()


def _type_into(page, label: str, text: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_a_trainer_writes_a_briefing_from_new_briefing_to_a_saved_valid_draft_with_the_keyboard(
    workspace, tab, project, run
):
    page = tab(f"{workspace}/index.html")
    page.get_by_label("Title of the new briefing").focus()
    page.keyboard.type("Child Z")
    page.keyboard.press("Tab")  # to "Partnership": the shipped settings are an example, so it is empty
    page.keyboard.type("Anytown Safeguarding Children Partnership")
    page.keyboard.press("Tab")  # to "Kind of source"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "New briefing"
    page.wait_for_url(f"{workspace}/edit/child-z")
    assert page.get_by_role("heading", name="Edit: Child Z", level=1).is_visible()
    assert (project / "briefings" / "child-z.yaml").is_file()
    assert "TODO" in page.get_by_label("Part 1 text", exact=True).input_value()

    _type_into(page, "Summary", "What a rapid review about Child Z asks of every practitioner.")
    for number, text in enumerate(PART_TEXTS, 1):
        _type_into(page, f"Part {number} text", text)
    _type_into(page, "Part 1 notes for the presenter", "Ask who the team would have called first.")
    before = _checks(page)
    page.get_by_role("button", name="Add a question").press("Enter")
    page.keyboard.type("Who else lived in the home, and how did you find out?")
    _checked(page, before)
    assert "words, about" in page.locator("#part-1-time").inner_text()
    page.get_by_role("button", name="Save").focus()
    page.keyboard.press("Enter")
    _saved(page, "child-z")

    saved = (project / "briefings" / "child-z.yaml").read_text()
    assert "# yaml-language-server: $schema=../schema/briefing.schema.json" in saved  # the draft's comments
    assert (
        "Visits were announced" in saved and "TODO" not in saved.split("sections:")[1].split("questions:")[0]
    )
    code, out, err = run("check", "child-z")
    assert code == 0, out + err
    assert "0 errors" in out and "[placeholder]" not in err


def test_new_briefing_starts_even_when_the_partnerships_logo_is_missing(workspace, tab, project):
    # Seen in a fresh project: partnership.yaml named assets/logo.svg, which was not there yet,
    # and New briefing answered "Internal Server Error". The build reports the missing logo;
    # starting a briefing must not wait for it.
    (project / "partnership.yaml").write_text(
        "name: Northshire Safeguarding Children Partnership\nlogo: assets/logo.svg\n", encoding="utf-8"
    )
    page = tab(f"{workspace}/index.html")
    page.get_by_label("Title of the new briefing").fill("Child Y")
    page.get_by_role("button", name="New briefing").click()
    page.wait_for_url(f"{workspace}/edit/child-y")
    assert page.get_by_role("heading", name="Edit: Child Y", level=1).is_visible()
    assert (project / "briefings" / "child-y.yaml").is_file()


def test_a_planted_phone_number_is_flagged_at_its_field(workspace, tab):
    page = tab(f"{workspace}/edit/family-a")
    _checked(page, 0)
    before = _checks(page)
    field = page.get_by_label("Part 3 text", exact=True)
    field.focus()
    page.keyboard.press("End")
    page.keyboard.press("Control+End")
    page.keyboard.type(" Call the father on 07700 900123.")
    _checked(page, before)
    finding = page.locator("#findings-sections-2-body .finding")
    finding.first.wait_for(timeout=10_000)
    text = finding.first.inner_text()
    assert "this looks like a phone number: “07700 900123”" in text and "[phone-number]" in text
    assert "findings-sections-2-body" in field.get_attribute("aria-describedby")
    assert "07700" not in page.locator("#findings-sections-1-body").inner_text()


def test_with_scripts_off_the_editor_shows_every_part_filled_in_and_its_timing(workspace, browser, project):
    """The server writes the form from the file: the seven parts, their saved words, the other
    fields and the timing are there before any script runs, and the page says saving needs one."""
    saved = yaml.safe_load((project / "briefings" / "family-a.yaml").read_text())
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{workspace}/edit/family-a")
        for number, part in enumerate(saved["sections"], 1):
            title = page.get_by_label(f"Part {number} title", exact=True)
            text = page.get_by_label(f"Part {number} text", exact=True)
            assert title.is_visible() and text.is_visible(), number
            assert title.input_value() == part["title"]
            assert text.input_value().rstrip("\n") == part["body"].rstrip("\n")
        assert page.get_by_label("Part 8 title", exact=True).count() == 0
        assert page.get_by_label("Title", exact=True).input_value() == saved["title"]
        assert page.get_by_label("Status").input_value() == saved.get("status", "published")
        assert "words, about" in page.locator("#part-1-time").inner_text()
        assert re.fullmatch(
            r"\d:\d\d of 7:00 \(\d+ words at 130 a minute\)", page.locator("#meter-text").inner_text()
        )
        assert "needs JavaScript to check and save" in page.content()
        # The buttons that work only with the script are not offered without it.
        assert not page.get_by_role("button", name="Move part 1 down").is_visible()
        assert not page.get_by_role("button", name="Bold (Part 1 text)").is_visible()
    finally:
        context.close()


def test_an_edit_of_an_existing_briefing_keeps_its_yaml_comments(workspace, tab, project):
    source = project / "briefings" / "family-a.yaml"
    original = source.read_text()
    page = tab(f"{workspace}/edit/family-a")
    _type_into(page, "Audience", "Everyone who works with children and families")
    page.get_by_role("button", name="Save").click()
    _saved(page, "family-a")
    saved = source.read_text()
    assert "audience: Everyone who works with children and families\n" in saved
    assert saved.replace("Everyone who works with children and families", "X") == re.sub(
        r"(?m)^audience: .*$", "audience: X", original
    )  # every other byte, comments and block style included, as it was
    assert "published: 2023-01   # printed on the source" in saved


def test_asked_before_overwriting_a_file_changed_on_disk(workspace, tab, project):
    source = project / "briefings" / "family-a.yaml"
    page = tab(f"{workspace}/edit/family-a")
    _type_into(page, "Subtitle", "Changed in the browser")
    source.write_text(source.read_text().replace("title: Family A", "title: Family A (changed on disk)", 1))
    page.get_by_role("button", name="Save").click()
    dialog = page.get_by_role("alertdialog")
    dialog.wait_for(timeout=10_000)
    assert "was changed on disk since this page loaded it" in dialog.inner_text()
    assert "changed on disk" in source.read_text() and "Changed in the browser" not in source.read_text()

    page.get_by_role("button", name="Keep my changes from this page").click()
    _saved(page, "family-a")
    assert "subtitle: Changed in the browser" in source.read_text()


def test_unsaved_text_comes_back_after_closing_the_tab(workspace, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{workspace}/edit/family-a")
        _type_into(page, "Part 2 text", "Words typed but never saved.")
        page.wait_for_function(
            "(localStorage.getItem('sevenminute-edit:family-a') || '').includes('never saved')"
        )
        page.close(run_before_unload=False)

        again = context.new_page()
        again.goto(f"{workspace}/edit/family-a")
        assert "Unsaved changes found" in again.locator("#restore").inner_text()
        assert again.get_by_label("Part 2 text", exact=True).input_value() != "Words typed but never saved."
        again.get_by_role("button", name="Restore my changes").click()
        assert again.get_by_label("Part 2 text", exact=True).input_value() == "Words typed but never saved."
    finally:
        context.close()


def _post(base: str, path: str, body: bytes, headers: dict) -> tuple[int, str]:
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request("POST", path, body, headers)
    response = connection.getresponse()
    return response.status, response.read().decode()


def test_a_save_without_the_token_or_from_another_host_is_refused_and_writes_nothing(workspace, project):
    source = project / "briefings" / "family-a.yaml"
    before = source.read_bytes()
    page_host, port = workspace.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(page_host, int(port), timeout=30)
    connection.request("GET", "/edit/family-a")
    editor = connection.getresponse().read().decode()
    token = re.search(r'SEVENMINUTE_TOKEN = "([^"]+)"', editor).group(1)
    state = json.loads(re.search(r'id="editor-state">(.*?)</script>', editor, re.S).group(1))
    form = {**state["form"], "title": "Overwritten"}
    body = json.dumps({"form": form, "digest": state["digest"]}).encode()
    json_type = {"Content-Type": "application/json"}

    status, text = _post(workspace, "/edit/family-a/save", body, json_type)  # no token
    assert status == 403 and "nothing was changed" in text
    status, _ = _post(workspace, "/edit/family-a/save", body, {**json_type, "X-Sevenminute-Token": "guess"})
    assert status == 403
    rebinding = {**json_type, "X-Sevenminute-Token": token, "Host": f"attacker.example:{port}"}
    status, _ = _post(workspace, "/edit/family-a/save", body, rebinding)
    assert status == 400
    other_site = {**json_type, "X-Sevenminute-Token": token, "Origin": "http://attacker.example"}
    status, _ = _post(workspace, "/edit/family-a/save", body, other_site)
    assert status == 403
    status, _ = _post(
        workspace, "/new", b"title=Forged&kind=CSPR", {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 403
    assert source.read_bytes() == before
    assert sorted(p.name for p in (project / "briefings").iterdir()) == sorted(p.name for p in SHIPPED)
    status, _ = _post(
        workspace, "/edit/family-a/welsh", b"", {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 403 and not (project / "briefings" / "family-a.cy.yaml").exists()  # nor a Welsh version

    status, _ = _post(workspace, "/edit/family-a/save", body, {**json_type, "X-Sevenminute-Token": token})
    assert status == 200 and "title: Overwritten" in source.read_text()  # the same request, with both


def test_an_upload_too_large_is_refused_before_it_is_read(workspace, project):
    headers = {"Content-Type": "multipart/form-data; boundary=x", "Content-Length": str(21 * 1024 * 1024)}
    host, port = workspace.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.putrequest("POST", "/import")
    for key, value in headers.items():
        connection.putheader(key, value)
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413 and "at most 20 MB" in response.read().decode()


def test_a_review_imported_from_the_library_opens_as_a_draft_in_the_editor(workspace, tab, project, tmp_path):
    review = tmp_path / "child-q-review.md"
    review.write_text(
        "# Local Child Safeguarding Practice Review: Child Q\n\nNorthshire Safeguarding Children Partnership"
        "\n\nPublished: 4 March 2024\n\n## What happened\n\nChild Q, aged four, was seen at nursery "
        "with bruises twice in one month. Each time the explanation was accepted.\n\n## Recommendations\n\n"
        "1. Nursery staff should share every unexplained bruise with the health visitor on the same day.\n"
    )
    page = tab(workspace)
    page.get_by_label("A review to import").set_input_files(str(review))
    page.get_by_role("button", name="Import a review").click()
    page.wait_for_url(f"{workspace}/edit/child-q-review")
    _checked(page, 0)
    assert page.get_by_label("Title", exact=True).input_value() == "Child Q"
    assert page.get_by_label("Status", exact=True).input_value() == "draft"
    saved = (project / "briefings" / "child-q-review.yaml").read_text()
    assert "Nursery staff should share every unexplained bruise" in saved
    assert not list((project / "briefings").glob("*.md"))  # the upload is never kept beside the briefings


@pytest.mark.parametrize("width", [1280, 390])
def test_the_editor_passes_axe_at_desktop_and_phone_widths(workspace, tab, width):
    from axe_playwright_python.sync_playwright import Axe

    page = tab(f"{workspace}/edit/family-a", width=width)
    _checked(page, 0)
    options = {"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}
    results = Axe().run(page, options=options)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# Issue 30: the editor speaks the form's language ----------------------------------------------

FILE_LINE_COLUMN = re.compile(r"\.ya?ml:\d+:\d+")


def _findings_text(page) -> str:
    return " ".join(page.locator(".finding").all_inner_texts())


def test_a_finding_says_what_to_do_in_the_form_and_a_number_can_be_allowed_on_purpose_with_its_reason(
    workspace, tab, project, run
):
    # A trainer types the front door's public number into part 3. The finding names the form's
    # button and field, not a YAML key; the button puts the number under "Allowed on purpose",
    # the reason is asked for, and saving writes both into the file's `allow:`.
    page = tab(f"{workspace}/edit/family-a")
    _checked(page, 0)
    themes = page.locator("#findings-themes").inner_text()
    assert "press “Confirm the themes as ticked”" in themes and "python build.py" not in themes
    before = _checks(page)
    field = page.get_by_label("Part 3 text", exact=True)
    field.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type(" The front door answers on 0300 123 4567.")
    _checked(page, before)
    finding = page.locator("#findings-sections-2-body .finding").filter(has_text="0300 123 4567")
    text = finding.inner_text()
    assert "press “Allow on purpose” and give the reason under “Allowed on purpose”" in text, text
    assert "`allow:`" not in _findings_text(page) and "python build.py" not in _findings_text(page)
    assert not FILE_LINE_COLUMN.search(page.locator("main").inner_text())

    before = _checks(page)
    finding.get_by_role("button", name="Allow “0300 123 4567” on purpose").click()
    assert page.get_by_label("Allowed text 1", exact=True).input_value() == "0300 123 4567"
    reason = page.get_by_label("Reason it is safe to publish 1", exact=True)
    assert page.evaluate("document.activeElement.id") == reason.get_attribute("id")  # asked for at once
    _checked(page, before)
    assert (
        "give the reason “0300 123 4567” is safe to publish" in page.locator("#findings-allow-0").inner_text()
    )
    before = _checks(page)
    page.keyboard.type("the children's services front door's public number")
    _checked(page, before)
    assert "0300 123 4567" not in _findings_text(page)  # allowed: no longer reported
    saved = _save(page, project, "family-a")
    assert (
        "allow:\n  - value: 0300 123 4567\n    reason: the children's services front door's public number\n"
        in saved
    )
    code, out, err = run("check", "family-a")
    assert "0300 123 4567" not in err

    # The command line keeps its own words for the same findings.
    (project / "briefings" / "family-a.yaml").write_text(saved.replace("0300 123 4567.", "0300 123 4568."))
    code, out, err = run("check", "family-a")
    assert "“0300 123 4568”; if it is safe to publish, add it to `allow:` with a reason" in err
    assert "run python build.py themes family-a --confirm to keep or drop each" in err
    (project / "briefings" / "family-a.yaml").write_text(
        re.sub(r"(?m)^partnership: .*$", 'partnership: ""', saved)
    )
    code, out, err = run("check", "family-a")
    assert "`partnership` is empty; write something here or remove the line" in err


def test_a_briefing_that_cannot_be_published_is_said_so_before_saving_and_offered_as_a_draft(
    workspace, tab, project
):
    # Status "Published" with TODOs left: said at Status and at each part as the trainer works,
    # and Save writes nothing until the trainer chooses: save it as a draft, or keep editing.
    page = tab(f"{workspace}/index.html")
    page.get_by_label("Title of the new briefing").fill("Child T")
    page.get_by_label("Partnership", exact=True).fill("Northshire Safeguarding Children Partnership")
    page.get_by_role("button", name="New briefing").click()
    page.wait_for_url(f"{workspace}/edit/child-t")
    source = project / "briefings" / "child-t.yaml"
    written = source.read_text()
    _checked(page, 0)
    before = _checks(page)
    page.get_by_label("Status", exact=True).select_option("published")
    _checked(page, before)
    at_status = page.locator("#findings-status").inner_text()
    assert "this briefing cannot be published as it stands: 8 problems stop it" in at_status
    assert "choose “a draft” here until it is ready" in at_status
    at_part = page.locator("#findings-sections-0-body").inner_text()
    assert "“TODO” marks text still to be written" in at_part
    assert "finish the text, or choose “a draft” under Status until it is ready" in at_part
    assert "status: draft`" not in _findings_text(page)

    page.get_by_role("button", name="Save").click()
    dialog = page.get_by_role("alertdialog", name="It cannot be published as it stands")
    dialog.wait_for(timeout=10_000)
    assert page.evaluate("document.activeElement.id") == "unpublishable"
    assert "Part 1 text: “TODO” marks text still to be written" in dialog.inner_text()
    assert source.read_text() == written  # nothing saved yet
    assert "Saved" not in page.locator("#save-status").inner_text()
    assert not FILE_LINE_COLUMN.search(page.locator("body").inner_text())
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]})
    assert results.violations_count == 0, results.generate_report()

    dialog.get_by_role("link", name="Part 1 text").click()  # takes the trainer to the field
    assert page.evaluate("document.activeElement.id") == "part-1-body" and dialog.is_hidden()
    page.keyboard.press("Control+s")
    dialog.wait_for()
    dialog.get_by_role("button", name="Save as a draft").click()
    _saved(page, "child-t")
    assert page.get_by_label("Status", exact=True).input_value() == "draft"
    assert "status: draft" in source.read_text()
    page.wait_for_function("!document.querySelector('#findings-status').textContent.includes('cannot')")

    # Published from a text editor as it stands: the library's banner leads to the form, which
    # says it in its own words.
    source.write_text(source.read_text().replace("status: draft", "status: published", 1))
    page.goto(f"{workspace}/index.html")
    banner = page.locator("#sevenminute-problems")
    banner.wait_for(timeout=20_000)  # the page reloads itself when the rebuild is done
    assert "briefings/child-t.yaml:" in banner.inner_text()  # for the text editor: file, line, column
    banner.get_by_role("link", name="Open child-t in the editor").click()
    page.wait_for_url(f"{workspace}/edit/child-t")
    _checked(page, 0)
    assert "cannot be published as it stands" in page.locator("#findings-status").inner_text()
    assert not FILE_LINE_COLUMN.search(page.locator("body").inner_text())


def test_a_new_briefing_takes_its_partnership_from_partnership_yaml_or_leaves_it_to_fill_in(
    workspace, tab, project
):
    # The shipped project's settings are an example: the field is empty, never the newest
    # briefing's partnership (South Gloucestershire's), and must be filled in.
    page = tab(f"{workspace}/index.html")
    partnership = page.get_by_label("Partnership", exact=True)
    assert partnership.input_value() == ""
    page.get_by_label("Title of the new briefing").fill("Child X")
    page.get_by_role("button", name="New briefing").click()
    assert page.evaluate("document.activeElement.id") == "new-partnership"  # the browser asks for it
    assert not (project / "briefings" / "child-x.yaml").exists()
    partnership.fill("Westshire Safeguarding Children Partnership")
    page.get_by_role("button", name="New briefing").click()
    page.wait_for_url(f"{workspace}/edit/child-x")
    assert (
        page.get_by_label("Partnership", exact=True).input_value()
        == "Westshire Safeguarding Children Partnership"
    )
    _checked(page, 0)
    before = _checks(page)
    _type_into(page, "Partnership", "")  # emptied in the form: said in the form's words
    page.keyboard.press("Delete")
    _checked(page, before)
    assert (
        page.locator("#findings-partnership")
        .inner_text()
        .startswith("Error: “Partnership” is empty; write it in")
    )

    # A partnership's own settings name it (a logo not there yet changes nothing).
    (project / "partnership.yaml").write_text(
        "name: Northshire Safeguarding Children Partnership\nlogo: assets/logo.svg\n", encoding="utf-8"
    )
    page = tab(f"{workspace}/index.html")
    assert (
        page.get_by_label("Partnership", exact=True).input_value()
        == "Northshire Safeguarding Children Partnership"
    )
    page.get_by_label("Title of the new briefing").fill("Child W")
    page.get_by_role("button", name="New briefing").click()
    page.wait_for_url(f"{workspace}/edit/child-w")
    assert (
        page.get_by_label("Partnership", exact=True).input_value()
        == "Northshire Safeguarding Children Partnership"
    )
    assert "South Gloucestershire" not in (project / "briefings" / "child-w.yaml").read_text()


def test_a_rebuild_does_not_reload_the_library_under_an_author_typing_in_its_form(workspace, tab, project):
    """A change lands while an author types a new briefing's title: the library is rebuilt,
    and the page they are typing on keeps what they typed (it is not reloaded under them)."""
    page = tab(f"{workspace}/index.html")
    page.get_by_label("Title of the new briefing").fill("Child V")
    shown = re.search(r"since=(\d+)", page.content()).group(1)
    source = project / "briefings" / "family-a.yaml"
    source.write_text(source.read_text().replace("summary: ", "summary: Again. ", 1))
    with urllib.request.urlopen(f"{workspace}/__sevenminute/events?since={shown}", timeout=60) as stream:
        for line in stream:  # the server says the rebuild is done, as it tells the page
            if line.startswith(b"event: rebuilt"):
                break
    page.wait_for_timeout(500)  # a reload would have begun by now
    assert page.get_by_label("Title of the new briefing").input_value() == "Child V"
    page.get_by_label("Partnership", exact=True).fill("Westshire Safeguarding Children Partnership")
    page.get_by_role("button", name="New briefing").click()
    page.wait_for_url(f"{workspace}/edit/child-v")


def _review(tmp_path):
    review = tmp_path / "child-q-review.md"
    review.write_text(
        "# Local Child Safeguarding Practice Review: Child Q\n\nNorthshire Safeguarding Children Partnership"
        "\n\nPublished: 4 March 2024\n\n## What happened\n\nChild Q, aged four, was seen at nursery "
        "with bruises twice in one month. Each time the explanation was accepted.\n\n## Recommendations\n\n"
        "1. Nursery staff should share every unexplained bruise with the health visitor on the same day.\n"
    )
    return review


def _import_from_library(page, workspace, review) -> None:
    page.goto(f"{workspace}/index.html")
    page.get_by_label("A review to import").set_input_files(str(review))
    page.get_by_role("button", name="Import a review").click()
    page.wait_for_load_state()


def test_the_import_report_shows_beside_the_new_draft(workspace, tab, tmp_path):
    page = tab(workspace)
    _import_from_library(page, workspace, _review(tmp_path))
    page.wait_for_url(f"{workspace}/edit/child-q-review")
    report = page.get_by_role("region", name="How the review was read")
    assert report.is_visible()
    text = report.inner_text()
    assert "Where each part of the review went:" in text
    assert "“What happened” (20 words) → What happened" in text
    assert "Recommendations kept (1), numbered as in the review:" in text
    assert "1. Nursery staff should share every unexplained bruise" in text
    # The parts left to write are said under their own heading, not among the recommendations.
    kept, _, after = text.partition("Recommendations kept (1)")
    recommendations, _, unmatched = after.partition("Nothing in the review matched these parts")
    assert "left as TODO" not in recommendations and "“Introduction”: left as TODO." in unmatched
    assert "2 parts and 1 recommendation." in text
    assert "Draft: " in text and "minutes at 130 words a minute" in text
    page.reload()  # still there for the rest of the session
    assert page.get_by_role("region", name="How the review was read").is_visible()
    page.goto(f"{workspace}/edit/family-a")  # a briefing not imported has none
    assert page.get_by_role("region", name="How the review was read").count() == 0


def test_importing_the_same_review_twice_offers_the_existing_draft_or_a_new_title(
    workspace, tab, project, tmp_path
):
    review = _review(tmp_path)
    page = tab(workspace)
    _import_from_library(page, workspace, review)
    page.wait_for_url(f"{workspace}/edit/child-q-review")

    _import_from_library(page, workspace, review)
    assert page.get_by_role("heading", name="This review is already imported", level=1).is_visible()
    assert "--out" not in page.content()
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.editor-button')).backgroundColor")
        != "rgba(0, 0, 0, 0)"
    )  # the editor's own style, not a bare page
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]}
    )
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("link", name="Open “Child Q”").click()
    page.wait_for_url(f"{workspace}/edit/child-q-review")

    _import_from_library(page, workspace, review)
    title = page.get_by_label("Title of the new briefing")
    assert title.input_value() == "Child Q (2)"
    title.fill("Child Q, read again")
    page.get_by_role("button", name="Import as a new briefing").click()
    page.wait_for_url(f"{workspace}/edit/child-q-read-again")
    assert page.get_by_label("Title", exact=True).input_value() == "Child Q, read again"
    assert page.get_by_role("region", name="How the review was read").is_visible()
    assert "title: Child Q\n" in (project / "briefings" / "child-q-review.yaml").read_text().replace('"', "")
    assert not list((project / "briefings").glob("*.md"))


def test_the_not_yet_saved_note_shows_only_while_there_are_unsaved_changes(workspace, tab):
    page = tab(f"{workspace}/edit/family-a")
    _checked(page, 0)
    note = page.locator("#preview-status")
    assert "not yet saved" not in note.inner_text()  # a freshly opened page has nothing unsaved
    before = _checks(page)
    _type_into(page, "Audience", "Everyone who works with children")
    _checked(page, before)
    assert "not yet saved" in note.inner_text()
    page.get_by_role("button", name="Save").click()
    _saved(page, "family-a")
    assert "not yet saved" not in note.inner_text() and "as saved" in note.inner_text()


def test_a_date_or_an_address_finding_names_the_forms_field_not_the_files_key(workspace, tab):
    # Seen after the first fixes: "`published` is 2030, in the future; check the date" and
    # "`review` `url` is not a complete web address" beside fields labelled "Published" and
    # "Review address". Every finding in the form names the place by the form's label.
    page = tab(f"{workspace}/edit/family-a")
    _checked(page, 0)
    before = _checks(page)
    _type_into(page, "Published", "2030")
    _checked(page, before)
    date = page.locator("#findings-published").inner_text()
    assert "“Published” is 2030" in date and "in the future" in date, date
    before = _checks(page)
    _type_into(page, "Review address", "www.example.org/review")
    _checked(page, before)
    address = page.locator("#findings-review-url").inner_text()
    assert "“Review address” is not a complete web address" in address, address
    assert "`" not in _findings_text(page)


def test_the_library_with_its_workspace_fits_a_phone_390_pixels_wide(workspace, tab):
    page = tab(f"{workspace}/index.html", width=390)
    assert page.get_by_label("A review to import").is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    box = page.get_by_label("A review to import").bounding_box()
    assert box["x"] + box["width"] <= 390
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]})
    assert results.violations_count == 0, results.generate_report()


def test_a_part_title_too_long_for_the_figure_gets_a_shorter_label_in_the_form(workspace, tab, project):
    page = tab(f"{workspace}/edit/family-a")
    _checked(page, 0)
    before = _checks(page)
    _type_into(page, "Part 3 title", "What the family's history told the professionals who met them")
    _checked(page, before)
    finding = page.locator("#findings-sections-2-title").inner_text()
    assert "is too long for its circle on the seven-point figure" in finding
    assert (
        "write a shorter name for the part, of up to" in finding
        and "in “Part 3 label for the figure”" in finding
    )
    assert "`label:`" not in finding
    before = _checks(page)
    _type_into(page, "Part 3 label for the figure", "Family history")
    _checked(page, before)
    assert "seven-point figure" not in page.locator("#findings-sections-2-title").inner_text()
    saved = _save(page, project, "family-a")
    assert (
        "- title: What the family's history told the professionals who met them\n    label: Family history\n"
        in saved
    )


def test_the_editor_offers_the_large_print_preview_beside_the_handouts(workspace, tab):
    page = tab(f"{workspace}/edit/family-a")
    link = page.get_by_role("link", name="Large print PDF preview (opens in a new tab)")
    assert link.get_attribute("href") == "/__draft/family-a/family-a-large-print.pdf"
    response = page.request.get(workspace + link.get_attribute("href"), timeout=120_000)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    printed = PdfReader(io.BytesIO(response.body()))
    assert len(printed.pages) > 2 and "The seven parts" in printed.pages[0].extract_text()
    handout = page.request.get(f"{workspace}/__draft/family-a/family-a.pdf", timeout=120_000)
    assert handout.status == 200 and len(PdfReader(io.BytesIO(handout.body())).pages) <= 2


def test_a_trainer_starts_the_welsh_version_and_translates_it_beside_the_english(workspace, tab, project):
    page = tab(f"{workspace}/edit/family-a")
    page.get_by_role("button", name="Start the Welsh version").click()
    page.wait_for_url(f"{workspace}/edit/family-a.cy")
    version = project / "briefings" / "family-a.cy.yaml"
    assert version.is_file() and "status: draft" in version.read_text(encoding="utf-8")
    # Each field to translate has its English above it, and says so to a screen reader.
    title = page.locator("#f-title")
    assert title.input_value() == "TODO"
    english = page.locator("#f-title-english")
    assert english.get_attribute("lang") == "en-GB" and "Family A" in english.inner_text()
    assert title.get_attribute("aria-describedby") == "f-title-english"
    assert (
        "Assessments and plans need to consider fathers fully."
        in page.locator("#part-2-body-english").inner_text()
    )
    before = _checks(page)
    title.fill("Teulu A")
    _checked(page, before)
    # The preview is the Welsh handout, in the Welsh library's place.
    frame = page.frame_locator("#preview")
    assert page.locator("#preview").get_attribute("data-src") == "/__draft/cy/family-a/index.html"
    frame.locator("h1", has_text="Teulu A").wait_for(timeout=20_000)  # reloaded with the change
    assert frame.locator("html").get_attribute("lang") == "cy"
    handout = page.request.get(f"{workspace}/__draft/cy/family-a/family-a.pdf", timeout=120_000)
    assert (
        handout.status == 200 and "Teulu A" in PdfReader(io.BytesIO(handout.body())).pages[0].extract_text()
    )
    page.get_by_role("button", name="Save").click()
    _saved(page, "family-a.cy")
    assert "title: Teulu A" in version.read_text(encoding="utf-8")
    back = tab(f"{workspace}/edit/family-a")
    assert (
        back.get_by_role("link", name="Edit the Welsh version").get_attribute("href") == "/edit/family-a.cy"
    )
