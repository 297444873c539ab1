"""PowerPoint slides to deliver a briefing from (python-pptx): a title slide, a slide for each
part (more when a part is long: text is never shrunk below 24 pt), the questions, and a closing
slide with the full review and where to get advice. The notes go in the speaker notes.

Made for PowerPoint's accessibility checker: 16:9, every slide titled, the title read first,
the logo described, and every piece of text at least 20 pt."""

from __future__ import annotations

import io

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ..enrich.handout import Handout
from ..language import translate
from ..settings import Settings
from .blocks import (
    OFFICE_LANGUAGES,
    Block,
    Run,
    blocks,
    contact_runs,
    contacts,
    describe,
    plain,
    resource_runs,
    review_runs,
)
from .fitting import AFTER, INDENT, LINE, Box, filled, indent, line_starts, paginate, size_of

FONT = "Arial"  # on every computer that opens the slides; LibreOffice shows it as Liberation Sans
INK = RGBColor(0x1B, 0x1B, 0x1B)
WIDTH, HEIGHT = Pt(960), Pt(540)  # 16:9, 13.33 by 7.5 inches
SIDE = 44  # points of margin left and right
TITLE_HEIGHT = 100  # the title band
BODY_TOP, BODY_BOTTOM = 122, 516
INSET = 7  # points inside a text box
SIZES = (28, 24, 22)  # body text: the largest that fits one slide...
LONG = 24  # ...or, when none does, 24 pt over as many slides as it needs
TITLE_SIZES = (36, 32, 28)
SMALLEST = 20  # nothing on a slide is smaller
FULL_ENOUGH = 2 / 3  # a slide that goes on to a "(continued)" one is at least this full


def write_slides(handout: Handout, settings: Settings, logo: bytes | None = None) -> bytes:
    """The briefing's slides as a .pptx file's bytes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    describe(deck.core_properties, handout)
    language = handout.language
    brand = _rgb(settings.colours.brand)
    on_brand = _rgb(settings.colours.on_brand)
    _title_slide(deck, handout, settings, logo, brand, on_brand)
    for section in handout.sections:
        _content_slides(
            deck, f"{section.number}. {section.title}", blocks(section.body), brand, on_brand,
            notes=plain(section.notes) if section.notes
            else translate(language, "Part %(number)s of 7: no notes.", number=section.number),
            language=language,
        )  # fmt: skip
    talk = translate(
        language,
        "Give the team time to talk; record what you agree, with an owner and a date for each action.",
    )
    _content_slides(deck, translate(language, "Questions for your team"), _question_blocks(handout), brand,
                    on_brand, notes=talk, language=language)  # fmt: skip
    _content_slides(deck, translate(language, "Find out more"), _closing_blocks(handout, settings), brand,
                    on_brand, notes="", language=language)  # fmt: skip
    _in_language(deck, OFFICE_LANGUAGES[language])
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _title_slide(deck, handout: Handout, settings: Settings, logo: bytes | None, brand, on_brand) -> None:
    briefing = handout.briefing
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    background = slide.background.fill
    background.solid()
    background.fore_color.rgb = brand
    title, subtitle = slide.placeholders[0], slide.placeholders[1]
    _place(title, SIDE, 150, 960 - 2 * SIDE, 150)
    _text(title.text_frame, [Block("paragraph", (Run(briefing.title, bold=True),))], 44, on_brand,
          anchor=MSO_ANCHOR.BOTTOM)  # fmt: skip
    lines, language = [], handout.language
    if handout.draft:
        lines.append(
            Block("paragraph", (Run(translate(language, "Draft – not for circulation"), bold=True),))
        )
    if briefing.subtitle:
        lines.append(Block("paragraph", (Run(briefing.subtitle),)))
    lines.append(
        Block("paragraph", (Run(f"{translate(language, 'Seven-minute briefing')} · {briefing.partnership}"),))
    )
    published = translate(language, "Published %(date)s", date=handout.published)
    lines.append(Block("paragraph", (Run(f"{published} · {handout.review_kind}"),)))
    _place(subtitle, SIDE, 310, 960 - 2 * SIDE, 200)
    _text(subtitle.text_frame, lines, 24, on_brand)
    if logo:
        picture = slide.shapes.add_picture(io.BytesIO(logo), Pt(960 - SIDE - 96), Pt(36), height=Pt(96))
        picture.name = "Logo"
        picture._element.nvPicPr.cNvPr.set("descr", settings.logo_words(briefing.partnership, language) or "")
    slide.notes_slide.notes_text_frame.text = settings.how_to_use_in(language)


def _content_slides(
    deck, title: str, content: list[Block], brand, on_brand, notes: str, language: str
) -> None:
    box = Box(960 - 2 * SIDE - 2 * INSET, BODY_BOTTOM - BODY_TOP - 2 * INSET)
    for size in SIZES:
        pages = paginate(content, size, box)
        if len(pages) == 1:
            break
    else:
        size, pages = LONG, _balanced(content, LONG, box)
    for number, page in enumerate(pages):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        # Each title its own, as a screen reader's list of slides needs: a part on three slides
        # goes on to "(continued)", then "(continued, 3 of 3)".
        heading = title if number == 0 else translate(language, "%(title)s (continued)", title=title)
        if number > 1:
            heading = translate(language, "%(title)s (continued, %(number)s of %(count)s)", title=title,
                                number=number + 1, count=len(pages))  # fmt: skip
        _title_band(slide.shapes.title, heading, brand, on_brand)
        body = slide.placeholders[1]
        _place(body, SIDE, BODY_TOP, 960 - 2 * SIDE, BODY_BOTTOM - BODY_TOP)
        _text(body.text_frame, page, size, INK, link=brand)
        slide.notes_slide.notes_text_frame.text = (
            notes if number == 0 else translate(language, "%(title)s, continued.", title=title)
        )


def _balanced(content: list[Block], size: float, box: Box) -> list[list[Block]]:
    """The content over as few slides as it needs, shared out as evenly as it can be rather than
    leaving a line or two alone on the last, but never leaving a slide that goes on to the next
    less than two-thirds full."""
    pages = paginate(content, size, box)
    best, evenness = pages, min(filled(page, size, box) for page in pages)
    height = box.height
    while height > box.height * FULL_ENOUGH:
        height *= 0.95
        trial = paginate(content, size, Box(box.width, height))
        if len(trial) > len(pages):
            break
        fills = [filled(page, size, box) for page in trial]
        if min(fills[:-1], default=1) >= FULL_ENOUGH and min(fills) > evenness:
            best, evenness = trial, min(fills)
    return best


def _title_band(shape, text: str, brand, on_brand) -> None:
    """The slide's title on a band of the brand colour across the top."""
    _place(shape, 0, 0, 960, TITLE_HEIGHT)
    shape.fill.solid()
    shape.fill.fore_color.rgb = brand
    width = 960 - 2 * SIDE - 2 * INSET
    block = Block("paragraph", (Run(text, bold=True),))
    size = next((s for s in TITLE_SIZES if len(line_starts(block, s, width)) * s * LINE <= TITLE_HEIGHT - 10),
                TITLE_SIZES[-1])  # fmt: skip
    frame = shape.text_frame
    _text(frame, [block], size, on_brand, anchor=MSO_ANCHOR.MIDDLE, after=False)
    frame.margin_left = frame.margin_right = Pt(SIDE + INSET)


def _question_blocks(handout: Handout) -> list[Block]:
    lead = [Block("number", (Run(q.text),), 0, n) for n, q in enumerate(handout.lead_questions, 1)]
    standard = [Block("bullet", (Run(q.text),)) for q in handout.standard_questions]
    if lead and standard:
        return [*lead, Block("heading", (Run(translate(handout.language, "Then, to close")),), 2), *standard]
    return lead or standard


def _closing_blocks(handout: Handout, settings: Settings) -> list[Block]:
    result = [Block("paragraph", review_runs(handout))]
    result += [Block("bullet", runs) for runs in resource_runs(handout)]
    advice = contacts(handout, settings)
    if advice:
        result.append(Block("heading", (Run(translate(handout.language, "Get advice")),), 2))
        result += [Block("bullet", contact_runs(contact)) for contact in advice]
    return result


def _place(shape, left: float, top: float, width: float, height: float) -> None:
    shape.left, shape.top, shape.width, shape.height = Pt(left), Pt(top), Pt(width), Pt(height)


def _text(frame, content: list[Block], size: float, colour, *, anchor=MSO_ANCHOR.TOP, link=None,
          after: bool = True) -> None:  # fmt: skip
    """Write `content` into a text frame at `size`, with the spacing the fitting measured."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE  # never shrink the text to fit: it was split instead
    frame.vertical_anchor = anchor
    frame.margin_top = frame.margin_bottom = frame.margin_left = frame.margin_right = Pt(INSET)
    for index, block in enumerate(content):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        points = max(size_of(block, size), SMALLEST)
        paragraph.line_spacing = Pt(points * LINE)
        paragraph.space_before = Pt(0)
        paragraph.space_after = Pt(points * AFTER if after else 0)
        paragraph.level = 0 if block.kind == "heading" else min(block.level, 8)
        paragraph.alignment = PP_ALIGN.LEFT
        _marker(paragraph, block, size)
        for part in block.runs:
            run = paragraph.add_run()
            run.text = part.text
            font = run.font
            font.name, font.size = FONT, Pt(points)
            font.bold = part.bold or block.kind == "heading"
            font.italic = part.italic
            font.color.rgb = colour
            if part.url:
                run.hyperlink.address = part.url
                font.color.rgb = link or colour
                font.underline = True


def _marker(paragraph, block: Block, size: float) -> None:
    """A bullet, a number or none, at the indent the fitting measured."""
    properties = paragraph._p.get_or_add_pPr()
    properties.set("marL", str(Emu(Pt(indent(block, size)))))
    properties.set("indent", str(Emu(Pt(-INDENT * size))) if block.kind in ("bullet", "number") else "0")
    for old in properties.findall(qn("a:buNone")) + properties.findall(qn("a:buChar")):
        properties.remove(old)
    if block.kind == "bullet":
        etree.SubElement(properties, qn("a:buFont"), typeface=FONT)
        etree.SubElement(properties, qn("a:buChar"), char="•")
    elif block.kind == "number":
        etree.SubElement(properties, qn("a:buFont"), typeface=FONT)
        etree.SubElement(properties, qn("a:buAutoNum"), type="arabicPeriod", startAt=str(block.number or 1))
    else:
        etree.SubElement(properties, qn("a:buNone"))


def _in_language(deck, language: str) -> None:
    """Every piece of text on the slides and in their notes marked as in `language` ("en-GB",
    "cy-GB"; the template's text is marked US English), so a screen reader and the spelling
    checker read it as such."""
    from pptx.oxml.ns import qn

    parts = [slide.shapes for slide in deck.slides]
    parts += [slide.notes_slide.shapes for slide in deck.slides if slide.has_notes_slide]
    for shapes in parts:
        for shape in shapes:
            if not shape.has_text_frame:
                continue
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    run._r.get_or_add_rPr().set("lang", language)
                end = paragraph._p.find(qn("a:endParaRPr"))
                if end is not None:
                    end.set("lang", language)


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())
