"""A briefing from another hand cannot run script in a reader's browser or pull local files into a PDF."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import valid_briefing, write_yaml
from pypdf import PdfReader

from sevenminute.pipeline.printing import print_pdf
from sevenminute.pipeline.render import markdown
from sevenminute.site.branding import publish_assets


def _hostile_briefing(project: Path) -> Path:
    data = valid_briefing(title='Child Z</title><script>alert("title")</script>')
    data["sections"][0]["body"] = (
        'Before <script>alert("x")</script> after.\n\n'
        "<img src=x onerror=alert(1)>\n\n"
        "[click me](javascript:alert(1)) and [also](JaVaScRiPt:alert(2)) and [vb](vbscript:msgbox)\n\n"
        "![passwords](file:///etc/passwd) and ![relative](../../../../etc/passwd)\n"
    )
    data["sections"][1]["title"] = '"><svg onload=alert(1)>'
    return write_yaml(project / "briefings" / "child-z.yaml", data)


def test_markdown_with_script_and_javascript_links_comes_out_inert(project, run):
    _hostile_briefing(project)
    code, _, err = run("build", "child-z")
    assert code == 0, err
    html = (project / "output" / "child-z" / "index.html").read_text()
    assert "<script" not in html
    assert "&lt;script&gt;" in html  # shown as text, not run
    assert "<img" not in html and "onerror" not in html.replace("&lt;img src=x onerror", "")
    hrefs = [href.lower() for href in re.findall(r'href="([^"]*)"', html)]
    assert not [href for href in hrefs if href.startswith(("javascript:", "vbscript:", "file:", "data:"))]
    assert "[click me](javascript:alert(1))" in html  # left as plain, inert text
    assert "<svg" not in html
    assert 'src="' not in html


def test_an_image_pointing_at_a_local_file_does_not_reach_the_pdf(project, run):
    _hostile_briefing(project)
    code, _, err = run("build", "child-z", "--format", "pdf")
    assert code == 0, err
    text = "".join(page.extract_text() for page in PdfReader(project / "output/child-z/child-z.pdf").pages)
    assert "root:" not in text


def test_the_pdf_printer_refuses_local_files_and_the_network_even_from_a_template(tmp_path):
    assets = publish_assets(tmp_path / "out")
    page = tmp_path / "out" / "x" / "index.html"
    html = """<html lang="en"><head><title>t</title>
      <link rel="stylesheet" href="../assets/briefing.css">
      <style>body { background: url(file:///etc/hostname) }
             p { background: url(https://example.org/x.png) }</style>
      </head><body><p>Hello</p>
      <img src="file:///etc/passwd" alt="">
      <img src="../../../../../etc/passwd" alt="">
      <img src="http://169.254.169.254/latest/meta-data" alt="">
      <object data="file:///etc/passwd"></object>
      </body></html>"""
    printed = print_pdf(html, page, [assets])
    refused = " ".join(printed.refused)
    for url in (
        "file:///etc/hostname",
        "https://example.org/x.png",
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data",
    ):
        assert url in refused
    assert not any("briefing.css" in url for url in printed.refused)  # its own assets are served
    assert b"root:x" not in printed.data


def test_a_refused_address_is_reported_to_the_author_with_its_line(project, run, monkeypatch):
    # Only a template can name a resource: a partnership's template that points outside is reported.
    templates = project / "own-templates"
    templates.mkdir()
    (templates / "handout.html").write_text(
        '{% extends "base.html" %}{% block main %}<img src="file:///etc/passwd" alt="">{% endblock %}'
    )
    import sevenminute.pipeline.render as render

    kit_environment = render.environment
    monkeypatch.setattr(render, "environment", lambda branding=None: kit_environment(branding, [templates]))
    write_yaml(project / "briefings" / "child-z.yaml", valid_briefing())
    code, _, err = run("build", "child-z")
    assert code == 0
    assert (
        "briefings/child-z.yaml:1:1: warning: the handout points to file:///etc/passwd, "
        "which the kit does not fetch; it was left out of the PDF" in err
    )


def test_markdown_keeps_ordinary_formatting():
    html = str(
        markdown("Be **curious**. See [the guidance](https://www.gov.uk/x).\n\n- one\n- two\n\n# Heading")
    )
    assert "<strong>curious</strong>" in html
    assert '<a href="https://www.gov.uk/x">the guidance</a>' in html
    assert "<ul>" in html and "<li>one</li>" in html
    assert "<h3>Heading</h3>" in html  # below the section's own h2
