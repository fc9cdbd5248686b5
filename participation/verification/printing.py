"""Printables as PDFs: letters with codes, a proposal's signature sheet. QR codes with segno.

fpdf2 writes the PDF with DejaVu Sans, vendored in static/fonts/dejavu with
its licence, so Czech letters print on any machine that has only Python.
"""

from datetime import datetime
from pathlib import Path

import segno
from flask import Response, current_app
from flask_babel import format_date
from flask_babel import gettext as _
from fpdf import FPDF

FONT = "DejaVu"
MARGIN = 20  # mm


def absolute_url(path: str) -> str:
    """The item's short address as a person types it: PUBLIC_BASE_URL and the path."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def pdf_response(pdf: bytes, filename: str, *, attachment: bool = False, private: bool = False) -> Response:
    """A PDF to open in the browser (or download); `private` ones are never cached."""
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    if private:
        response.headers["Cache-Control"] = "no-store"
    return response


def qr_data_uri(url: str) -> str:
    """An SVG QR code for an <img> on a print page."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def _document(title: str) -> FPDF:
    fonts = Path(current_app.static_folder) / "fonts" / "dejavu"
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.add_font(FONT, "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_title(title)
    pdf.set_creator("Spolu")
    return pdf


def _qr(pdf: FPDF, url: str, x: float, y: float, size: float = 30) -> None:
    """Draw the QR code as filled squares: sharp at any zoom, no image library needed."""
    matrix = segno.make(url, error="m").matrix
    module = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                pdf.rect(x + column * module, y + row * module, module, module, style="F")


def _paragraph(pdf: FPDF, text: str, size: int = 11, bold: bool = False, height: float = 6) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")


def letters_pdf(municipality_name: str, place: str, codes: list[str], expires_at: datetime, page_url: str) -> bytes:
    """One A4 letter per code, to put in each household's letterbox."""
    pdf = _document(_("Verifying residency in %(name)s", name=municipality_name))
    for code in codes:
        pdf.add_page()
        _paragraph(pdf, municipality_name, 12, bold=True)
        _paragraph(pdf, place, 10)
        pdf.ln(8)
        _paragraph(pdf, _("Confirm that you live in %(name)s", name=municipality_name), 16, bold=True, height=8)
        pdf.ln(4)
        _paragraph(pdf, _(
            "With this code you confirm on Spolu that you live here. Your support for proposals then counts "
            "for %(name)s, and you can answer consultations for verified residents.", name=municipality_name))
        pdf.ln(4)
        for number, step in enumerate((
            _("Open %(url)s (or scan the QR code).", url=page_url),
            _("Sign in or create an account, with %(name)s as your home municipality.", name=municipality_name),
            _("Type in the code below."),
        ), start=1):
            _paragraph(pdf, f"{number}. {step}")
        pdf.ln(6)
        _paragraph(pdf, _("Your code"), 11)
        _paragraph(pdf, code, 24, bold=True, height=12)
        _paragraph(pdf, _("Valid until %(when)s. It works once, for one person.", when=format_date(expires_at)), 10)
        _qr(pdf, page_url, pdf.w - MARGIN - 35, pdf.get_y() + 6, 35)
        pdf.set_y(pdf.get_y() + 50)
        _paragraph(pdf, _("Without internet? Come to the municipal office with your identity card; "
                          "the staff will confirm your residence and can record your support on paper."), 10, height=5)
    return bytes(pdf.output())


def signature_sheet_pdf(title: str, address: str, municipalities: list[str], rules: list[str], rows: int = 15) -> bytes:
    """A sheet to collect supports on paper: the rules and columns for name, address, date of birth, signature."""
    pdf = _document(_("Signature sheet: %(title)s", title=title))
    pdf.add_page()
    _paragraph(pdf, _("Signature sheet"), 10)
    pdf.set_right_margin(MARGIN + 35)
    _paragraph(pdf, title, 15, bold=True, height=7)
    _paragraph(pdf, _("Concerns: %(names)s", names=", ".join(municipalities)), 10, height=5)
    _paragraph(pdf, address, 10, height=5)
    pdf.set_right_margin(MARGIN)
    _qr(pdf, address, pdf.w - MARGIN - 30, MARGIN, 30)
    pdf.set_y(max(pdf.get_y(), MARGIN + 32))
    for rule in rules:
        _paragraph(pdf, "• " + rule, 9, height=4.5)
    pdf.ln(3)
    widths = (8, 48, 58, 26, 30)
    heads = ("#", _("Full name"), _("Address"), _("Date of birth"), _("Signature"))
    pdf.set_font(FONT, "B", 9)
    for width, head in zip(widths, heads, strict=True):
        pdf.cell(width, 8, head, border=1)
    pdf.ln(8)
    pdf.set_font(FONT, "", 9)
    for number in range(1, rows + 1):
        for index, width in enumerate(widths):
            pdf.cell(width, 10, str(number) if index == 0 else "", border=1)
        pdf.ln(10)
    return bytes(pdf.output())


def excerpt(text: str, limit: int = 700) -> str:
    """Plain text for paper: markdown marks dropped, cut at a word near the limit."""
    plain = " ".join((text or "").replace("**", "").replace("__", "").replace("#", "").split())
    if len(plain) <= limit:
        return plain
    return plain[:limit].rsplit(" ", 1)[0] + " …"


def notice_pdf(kind: str, title: str, facts: list[str], body: str, address: str, call: str) -> bytes:
    """A notice for the municipal notice board: what, the facts, a summary, where to take part, a QR code."""
    pdf = _document(f"{kind}: {title}")
    pdf.add_page()
    _paragraph(pdf, kind.upper(), 12, bold=True)
    pdf.ln(2)
    _paragraph(pdf, title, 20, bold=True, height=10)
    pdf.ln(3)
    for fact in facts:
        _paragraph(pdf, fact, 11)
    pdf.ln(4)
    if body:
        _paragraph(pdf, body, 11)
        pdf.ln(4)
    _paragraph(pdf, call, 12, bold=True)
    _paragraph(pdf, address, 12)
    _qr(pdf, address, MARGIN, pdf.get_y() + 4, 40)
    return bytes(pdf.output())


def questionnaire_pdf(title: str, closes: str, hand_in: str, questions: list[dict], form_codes: list[str],
                      address: str) -> bytes:
    """Paper questionnaires, one copy per form code; each question with boxes to tick or lines to write on."""
    pdf = _document(title)
    for code in form_codes:
        pdf.add_page()
        _qr(pdf, address, pdf.w - MARGIN - 25, MARGIN, 25)
        pdf.set_right_margin(MARGIN + 30)
        _paragraph(pdf, _("Form code: %(code)s", code=code), 10, bold=True)
        _paragraph(pdf, title, 15, bold=True, height=7)
        _paragraph(pdf, _("Hand in by %(when)s: %(where)s", when=closes, where=hand_in), 9, height=4.5)
        _paragraph(pdf, _("Or answer online: %(url)s", url=address), 9, height=4.5)
        pdf.set_right_margin(MARGIN)
        pdf.set_y(max(pdf.get_y(), MARGIN + 28))
        for number, question in enumerate(questions, start=1):
            pdf.ln(3)
            _paragraph(pdf, f"{number}. {question['text']}", 11, bold=True)
            if question["hint"]:
                _paragraph(pdf, question["hint"], 9, height=4.5)
            for line in question["lines"]:
                _paragraph(pdf, line, 10, height=5.5)
        pdf.ln(4)
        _paragraph(pdf, _("Name, address and date of birth (only if the consultation is for verified residents; "
                          "never published):"), 9, height=4.5)
        pdf.ln(10)
    return bytes(pdf.output())
