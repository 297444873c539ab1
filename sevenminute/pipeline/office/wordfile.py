"""The handout as a Word file (python-docx) a communications team can edit and file: Word's own
Title, Heading and List styles throughout, so restyling the styles restyles the whole handout,
the partnership's name in the header, and no facilitator notes (they are never on a handout)."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from ..enrich.handout import Handout
from ..language import translate, translate_plural
from ..settings import Settings
from .blocks import (
    OFFICE_LANGUAGES,
    Block,
    Run,
    blocks,
    contact_runs,
    contacts,
    describe,
    resource_runs,
    review_runs,
)

FONT = "Arial"
LIST_STYLES = {"bullet": ("List Bullet", "List Bullet 2", "List Bullet 3"),
               "number": ("List Number", "List Number 2", "List Number 3")}  # fmt: skip


def write_word(handout: Handout, settings: Settings, logo: bytes | None = None) -> bytes:
    """The briefing's handout as a .docx file's bytes."""
    document = Document()
    briefing, language = handout.briefing, handout.language
    _styles(document, settings, OFFICE_LANGUAGES[language])
    describe(document.core_properties, handout)
    _header_and_footer(document, handout, settings, logo)

    document.add_paragraph(briefing.title, style="Title")
    if briefing.subtitle:
        document.add_paragraph(briefing.subtitle, style="Subtitle")
    review = briefing.review.title or handout.review_kind
    facts = [
        translate(language, "Seven-minute briefing, published %(date)s", date=handout.published),
        translate(language, "Draws on: %(review)s", review=review),
    ]
    if briefing.audience:
        facts.append(translate(language, "For: %(audience)s", audience=briefing.audience))
    minutes = round(handout.minutes + 0.49)
    facts.append(
        translate_plural(
            language,
            "Delivery: about %(num)s minute, then discussion",
            "Delivery: about %(num)s minutes, then discussion",
            minutes,
        )
    )
    for line in [*facts, *handout.corrections]:
        document.add_paragraph(line)
    summary = document.add_paragraph()
    _add_runs(document, summary, (Run(briefing.summary, bold=True),))

    for section in handout.sections:
        document.add_heading(f"{section.number}. {section.title}", level=1)
        _add_blocks(document, blocks(section.body))

    document.add_heading(translate(language, "Questions for reflection"), level=1)
    lead = [Block("number", (Run(q.text),), 0, n) for n, q in enumerate(handout.lead_questions, 1)]
    _add_blocks(document, lead)
    if handout.standard_questions:
        if lead:
            document.add_heading(translate(language, "Then, to close"), level=2)
        _add_blocks(document, [Block("bullet", (Run(q.text),)) for q in handout.standard_questions])
    document.add_paragraph(
        translate(
            language,
            "Record the date, who attended, your reflections and the actions you agree, with an owner and a "
            "date for each.",
        )
    )
    if handout.terms:
        document.add_heading(translate(language, "Terms used"), level=1)
        for term in handout.terms:
            phrase = getattr(term, "phrase", None)
            runs = (
                (Run(phrase, bold=True), Run(f": {term.meaning}"))
                if phrase
                else (Run(term.acronym, bold=True), Run(f": {term.stands_for}. {term.meaning}"))
            )
            _add_runs(document, document.add_paragraph(), runs)
    advice = contacts(handout, settings)
    if advice:
        document.add_heading(translate(language, "Get advice"), level=1)
        _add_blocks(document, [Block("bullet", contact_runs(contact)) for contact in advice])
    document.add_heading(translate(language, "Find out more"), level=1)
    further = [Block("bullet", review_runs(handout))]
    _add_blocks(document, further + [Block("bullet", runs) for runs in resource_runs(handout)])
    document.add_heading(translate(language, "How to use this briefing"), level=1)
    document.add_paragraph(settings.how_to_use_in(language))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _styles(document, settings: Settings, language: str) -> None:
    """Legible defaults a communications team can change in one place: Word's own styles."""
    brand = RGBColor.from_string(settings.colours.brand.lstrip("#").upper())
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    marked = OxmlElement("w:lang")
    marked.set(qn("w:val"), language)
    normal.element.get_or_add_rPr().append(marked)
    for default in document.styles.element.iter(qn("w:lang")):  # the document's own default too
        default.set(qn("w:val"), language)
        default.set(qn("w:eastAsia"), language)
    for name, size in (("Title", 28), ("Subtitle", 16), ("Heading 1", 16), ("Heading 2", 13)):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = brand if name != "Subtitle" else RGBColor(0x1B, 0x1B, 0x1B)
        style.font.italic = False
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
            rfonts.set(qn(attribute), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            rfonts.attrib.pop(qn(theme), None)
    if "Hyperlink" not in [style.name for style in document.styles]:
        link = document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = brand
        link.font.underline = True


def _header_and_footer(document, handout: Handout, settings: Settings, logo: bytes | None) -> None:
    briefing = handout.briefing
    section = document.sections[0]
    header = section.header.paragraphs[0]
    if logo:
        header.add_run().add_picture(io.BytesIO(logo), height=Pt(28))
        _describe_last_picture(section.header, settings.logo_words(briefing.partnership) or "")
        header.add_run("  ")
    header.add_run(briefing.partnership).bold = True
    if handout.draft:
        draft = section.header.add_paragraph()
        run = draft.add_run(translate(handout.language, "Draft – not for circulation"))
        run.bold = True
        run.font.color.rgb = RGBColor(0xA4, 0x00, 0x0F)
    footer = section.footer.paragraphs[0]
    said = translate(handout.language, "seven-minute briefing, %(published)s", published=handout.published)
    footer.text = f"{briefing.partnership} · {briefing.title} · {said}"


def _describe_last_picture(part_owner, text: str) -> None:
    """Alternative text for the picture just added (Word's accessibility checker reads `descr`)."""
    found = part_owner._element.findall(".//" + qn("wp:docPr"))
    if found:
        found[-1].set("descr", text)
        found[-1].set("title", text)


def _add_blocks(document, content: list[Block]) -> None:
    previous: Block | None = None
    numbering: dict[int, int] = {}  # list level -> the numbering instance that restarts it
    for block in content:
        if block.kind == "heading":
            document.add_heading(block.text, level=min(block.level + 1, 4))
        elif block.kind in LIST_STYLES:
            styles = LIST_STYLES[block.kind]
            paragraph = document.add_paragraph(style=styles[min(block.level, len(styles) - 1)])
            if block.kind == "number":
                starts = previous is None or previous.kind != "number" or previous.level < block.level
                if starts or block.level not in numbering:
                    numbering[block.level] = _restart(document, paragraph, block.number or 1)
                _use_numbering(paragraph, numbering[block.level])
            _add_runs(document, paragraph, block.runs)
        else:
            paragraph = document.add_paragraph(style="List Continue" if block.level else None)
            _add_runs(document, paragraph, block.runs)
        previous = block


def _restart(document, paragraph, start: int) -> int:
    """A new numbering instance of the paragraph's list style, starting at `start`, so each list
    counts from its own first number instead of going on from the last list."""
    numbering = document.part.numbering_part.numbering_definitions._numbering
    style_num = paragraph.style.element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    override = num.add_lvlOverride(ilvl=0)
    override.add_startOverride(start)
    return num.numId


def _use_numbering(paragraph, num_id: int) -> None:
    properties = paragraph._p.get_or_add_pPr()
    numbering = properties.get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0
    numbering.get_or_add_numId().val = num_id


def _add_runs(document, paragraph, runs: tuple[Run, ...]) -> None:
    for part in runs:
        if part.url:
            _hyperlink(document, paragraph, part)
            continue
        run = paragraph.add_run(part.text)
        run.bold = part.bold or None
        run.italic = part.italic or None


def _hyperlink(document, paragraph, part: Run) -> None:
    """A real link (python-docx writes none itself): the address opens from the Word file."""
    relation = document.part.relate_to(part.url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = paragraph.add_run(part.text, style="Hyperlink")
    run.bold = part.bold or None
    link.append(run._r)
    paragraph._p.append(link)
