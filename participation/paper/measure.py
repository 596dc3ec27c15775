"""The shipped Unicode font (DejaVu Sans: umlauts and ß) and measuring text set in it."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"


def new_pdf() -> FPDF:
    """Return an empty A4 document (mm) with the shipped Unicode fonts."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    return pdf


class Measure:
    """Text widths and line breaks in the shipped font."""

    def __init__(self, pdf: FPDF):
        self.pdf, self.font = pdf, None

    def use(self, size: float, bold: bool) -> None:
        """Select the font for measuring."""
        if self.font != (size, bold):
            self.pdf.set_font(FAMILY, "B" if bold else "", size)
            self.font = (size, bold)

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Return the width of `text` in mm."""
        self.use(size, bold)
        return self.pdf.get_string_width(text)

    def wrap(self, text: str, size: float, bold: bool, width: float) -> list[str]:
        """Return `text` broken into lines no wider than `width` (words kept whole if they fit)."""
        self.use(size, bold)
        lines: list[str] = []
        for paragraph in text.split("\n"):
            lines += self.wrap_paragraph(paragraph.split(), width)
        return lines

    def wrap_paragraph(self, words: list[str], width: float) -> list[str]:
        """Return the words of one paragraph as lines of at most `width` mm."""
        lines, line = [], ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if self.pdf.get_string_width(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = word
            while self.pdf.get_string_width(line) > width and len(line) > 1:
                cut = self.longest_prefix(line, width)
                lines.append(line[:cut])
                line = line[cut:]
        return [*lines, line] if line else lines or [""]

    def longest_prefix(self, word: str, width: float) -> int:
        """Return how many characters of an over-long word fit in `width`."""
        cut = len(word) - 1
        while cut > 1 and self.pdf.get_string_width(word[:cut]) > width:
            cut -= 1
        return cut
