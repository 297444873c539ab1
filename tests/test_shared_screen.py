"""The team lead runs a session on the shared screen, a 1280x720 projector, in front of the
whole team: every part of every shipped briefing is read whole above the control bar, with the
notes off, with the notes on (N), and in the presenter view (issue 30)."""

from __future__ import annotations

import pytest
from conftest import SHIPPED
from playwright.sync_api import expect

from sevenminute.pipeline.enrich.handout import enrich
from sevenminute.pipeline.validate import read_briefing

PROJECTOR = {"width": 1280, "height": 720}

# What the room cannot read on the screen now: each visible piece of text in the session view
# (outside the control bar) that reaches below the bar's top or out of the window, or that a box
# around it cuts off (a box that clips or scrolls, its text beyond the edge).
COVERED = """() => {
  const bar = document.querySelector('#session .controls').getBoundingClientRect();
  const own = e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const shown = e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden';
  const text = [...document.querySelectorAll('#session *')].filter(e =>
    own(e) && shown(e) && !e.closest('.controls, .visually-hidden'));
  const faults = [];
  for (const e of text) {
    const box = e.getBoundingClientRect();
    const words = e.textContent.trim().slice(0, 40);
    if (box.bottom > bar.top + 1)
      faults.push(`"${words}" ends at ${box.bottom} px, under the bar at ${bar.top} px`);
    if (box.top < -1 || box.right > innerWidth + 1) faults.push(`"${words}" is outside the window`);
    for (let around = e.parentElement; around; around = around.parentElement) {
      const style = getComputedStyle(around);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const edge = around.getBoundingClientRect();
      if (box.bottom > edge.bottom + 1 || box.top < edge.top - 1 || box.right > edge.right + 1)
        faults.push(`"${words}" is cut off by its box (${around.className || around.tagName})`);
    }
  }
  return faults;
}"""


# The last thing shown on a screen, when it is a heading or lead-in (text that introduces what
# follows: a bold line alone, or a line ending in a colon); empty when it is not.
LEAD_IN_LAST = """() => {
  const body = document.querySelector('.slide:not([hidden]) .slide-body');
  const shown = [...body.querySelectorAll(':scope > *, li')]
    .filter(e => e.getClientRects().length && e.tagName !== 'UL' && e.tagName !== 'OL');
  const last = shown[shown.length - 1];
  const text = last.textContent.trim();
  const bold = last.querySelector(':scope > strong:only-child');
  const alone = bold && bold.textContent.trim() === text;
  const leads = /^H[1-6]$/.test(last.tagName) || text.endsWith(':') || alone;
  return leads ? text : '';
}"""


def _handout(source):
    return enrich(read_briefing(source), source)


def _open_presenter_view(shared):
    """The presenter view the shared screen opens, in its own window at the projector's size."""
    with shared.expect_popup() as popup:
        shared.get_by_role("button", name="Presenter view").click()
    presenter = popup.value
    presenter.set_viewport_size(PROJECTOR)
    presenter.wait_for_load_state("load")
    return presenter


def _screens_of_part(screen, number: int):
    """Yield once for each screen of part `number` on `screen`, stepping on with Next."""
    while True:
        expect(screen.locator("#position")).to_have_text(f"Section {number} of 7")
        yield
        if "goes on after Next" not in screen.locator("#continued").inner_text():
            return
        screen.keyboard.press("ArrowRight")


@pytest.mark.parametrize("mode", ["notes off", "notes on", "presenter view"])
def test_no_text_of_any_part_is_under_the_control_bar_or_cut_off(browser, built, mode):
    out, _ = built
    for source in SHIPPED:
        handout = _handout(source)
        context = browser.new_context(viewport=PROJECTOR)
        try:
            shared = context.new_page()
            shared.goto((out / source.stem / "facilitate.html").as_uri())
            watched = shared
            if mode == "presenter view":
                watched = _open_presenter_view(shared)
            shared.get_by_role("button", name="Start").click()
            if mode == "notes on":
                shared.keyboard.press("n")
            for section in handout.sections:
                for _ in _screens_of_part(shared, section.number):
                    expect(watched.locator("#position")).to_have_text(f"Section {section.number} of 7")
                    notes = watched.locator(f"#notes-{section.number}")
                    if mode == "notes off":
                        expect(notes).to_be_hidden()
                    else:
                        expect(notes).to_be_visible()
                    where = (source.stem, mode, section.number, shared.locator("#continued").inner_text())
                    assert watched.evaluate(COVERED) == [], where
                    if "goes on after Next" in shared.locator("#continued").inner_text():
                        assert shared.evaluate(LEAD_IN_LAST) == "", where  # it goes on with what it leads to
                shared.keyboard.press("ArrowRight")
            expect(shared.locator("#discussion")).to_be_visible()
        finally:
            context.close()


def test_with_the_notes_on_the_part_and_its_notes_share_the_screen_and_n_puts_it_back(open_page):
    page, _ = open_page("family-a/facilitate.html")
    page.set_viewport_size(PROJECTOR)
    page.get_by_role("button", name="Start").click()
    part = page.locator("#slide-1 .slide-body")
    alone = part.bounding_box()
    page.keyboard.press("n")
    notes = page.locator("#notes-1")
    expect(notes).to_be_visible()
    beside = part.bounding_box()
    box = notes.bounding_box()
    assert box["x"] >= beside["x"] + beside["width"], "the notes sit beside the part"
    assert box["y"] + box["height"] <= PROJECTOR["height"]
    page.keyboard.press("ArrowRight")  # the keys still work with the notes on
    expect(page.locator("#notes-2")).to_be_visible()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("n")
    expect(notes).to_be_hidden()
    assert part.bounding_box()["width"] == pytest.approx(alone["width"], abs=1)
    assert float(part.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 28


def test_driven_from_the_presenter_view_the_room_sees_every_screen_of_a_long_part(browser, built):
    """Family A's part 6 takes two screens on the projector and one in the presenter view: Next
    and Previous pressed in the presenter view go through both screens the room sees, and a
    reload of the shared screen comes back to the screen it showed."""
    out, _ = built
    context = browser.new_context(viewport=PROJECTOR)
    try:
        shared = context.new_page()
        shared.goto((out / "family-a" / "facilitate.html").as_uri())
        presenter = _open_presenter_view(shared)
        shared.get_by_role("button", name="Start").click()
        expect(presenter.locator("#position")).to_have_text("Section 1 of 7")
        room, said = shared.locator("#continued"), presenter.locator("#continued")

        def at(number, screen=None):
            expect(shared.locator("#position")).to_have_text(f"Section {number} of 7")
            expect(presenter.locator("#position")).to_have_text(f"Section {number} of 7")
            if screen:
                expect(room).to_contain_text(f"Screen {screen} of 2 for this part")
                expect(said).to_have_text(f"The shared screen shows screen {screen} of 2 of this part")

        for _ in range(5):
            presenter.keyboard.press("ArrowRight")
        at(6, 1)
        presenter.keyboard.press("ArrowRight")
        at(6, 2)
        presenter.keyboard.press("ArrowRight")
        at(7)
        presenter.keyboard.press("ArrowLeft")  # back into part 6 at the screen the room saw last
        at(6, 2)
        presenter.keyboard.press("ArrowLeft")
        at(6, 1)
        presenter.keyboard.press("ArrowRight")
        at(6, 2)
        shared.reload()
        at(6, 2)
    finally:
        context.close()
