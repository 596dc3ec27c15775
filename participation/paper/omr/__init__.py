"""Scan recognition (OMR): what a scanned sheet says, from its pixels alone.

Pure functions on numpy arrays (OpenCV, zxing-cpp): no database, no app or request, no files,
so the import job, a command line tool or the bench can call them directly (importing the
package loads `participation/__init__.py`, which imports Flask, but nothing here uses it). The package needs only
the layout description every printed sheet follows (`participation.paper.layout`, stored per
batch as `PaperBatch.layout`) and the sheet codes' check (`participation.paper.codes`).

Reading a page::

    from participation.paper.omr import read_page, Status

    reading = read_page(image, layout_for, prefix="PN")

- `image`: one scanned page, a numpy array (grey uint8 preferred; BGR/BGRA, 16-bit and float
  images are converted), any resolution from 150 to 300 dpi, any way up.
- `layout_for(code) -> Layout | None`: the layout of the batch the sheet code belongs to
  (called only with codes that passed the check character), None if no batch has it.
- `prefix`: the town's sheet prefix (`current_town().sheet_prefix`).
- `known=(code, page)`: for a page whose QR code cannot be read, the code and page staff typed
  in review; the page is then read with that code's layout. A code read on the page wins.

How: find the QR code anywhere (its code, and which way up the page lies, also upside down or
sideways), find the four corner markers where the QR code says they are (three will do: the
page is then `degraded`; fewer, or markers that do not form the layout's rectangle, and the
page is not measured), map the layout's millimetres onto the scan, read the QR code again
where the layout prints it (a code is never guessed: if it cannot be read there, the page
goes to review without a code), then measure and judge every box of the page (boxes.py) and
every question's boxes together (groups.py). Every limit is in thresholds.py.

`PageReading` (frozen):

- `status`: `Status.READ` (code and every mark certain), `REVIEW` (a sheet, but a box, a
  group or the code needs a person; `code` is None when the code could not be read),
  `UNREADABLE` (the code is known but the page cannot be measured), `UNKNOWN_CODE` (a valid
  code no batch printed, or a page number the sheet does not have), `NOT_A_SHEET` (blank,
  a photo, another form or paper size);
- `code`, `page`: the sheet code as stored and the page number (None when unknown);
- `problem`: why it is not READ: "blank", "markers", "no_code", "several_codes",
  "code_position", "unknown_code", "marks";
- `degraded`: read with three markers; `turns`: quarter turns clockwise the page lay;
- `boxes`: a `BoxReading` per box of the page in layout order: `box` (the layout's Box),
  `state` (`BoxState.EMPTY`, `CROSSED`, `FILLED` = cancelled by the printed correction rule,
  `UNCLEAR`), `reason` ("outline", "around", "faint", "partial") and `measures`;
- `groups`: a `GroupReading` per question (or ballot) with boxes on the page: `marked` and
  `cancelled` boxes, `unclear` and `reason` ("box", "over", "mixed"). An over-vote is
  unclear, never dropped or counted as invalid by the machine;
- `unclear_boxes`: the boxes a person must look at; `as_dict()`: JSON-safe, for storing.

A sheet of several pages (a survey; a ballot in easy language runs over three, its options
on two of them): a page's `groups` judge only that page's boxes. Count a sheet once all its
pages are read: `read_sheet(layout, code, page_readings) -> SheetReading` judges every group
over the boxes of all pages (`missing`: pages with boxes not read yet; `certain`: complete,
every page READ, no group unclear). `read_groups(groups, box_readings)` is the same judgement
for any set of boxes.

For the review screen, with the same image: `page_image(image, reading)` returns the page
upright and straightened; `box_image(image, reading, box)` an enlarged crop of a box and
its surroundings (both None when the page could not be located).
"""

from participation.paper.omr.boxes import BoxState, Measures
from participation.paper.omr.groups import GroupReading, read_groups
from participation.paper.omr.reading import (
    BoxReading,
    PageReading,
    Status,
    box_image,
    page_image,
    read_page,
)
from participation.paper.omr.sheet import SheetReading, read_sheet

__all__ = [
    "BoxReading",
    "BoxState",
    "GroupReading",
    "Measures",
    "PageReading",
    "SheetReading",
    "Status",
    "box_image",
    "page_image",
    "read_groups",
    "read_page",
    "read_sheet",
]
