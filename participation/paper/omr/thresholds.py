"""Every limit the scan reader uses, in one place.

Calibrated on the synthetic suite (tests/paper/omr/synthetic.py): sheets of every kind printed
by the real generator, rasterized at 150, 200 and 300 dpi, marked with dark pens (ink 0.62–0.9
dark, 0.3–0.7 mm lines), fills, pencil (0.2–0.42 dark, grainy), circles, arrows, notes and
partial fills, then scanned clean, skewed (±5°, shifted), turned (90°, 180°, 270°) and rough
(blur up to σ 1.3 px at 150 dpi, noise σ 8, JPEG quality 45–70). "Seen" figures below are the
extremes over about 16,000 boxes of one measuring run (bench/omr.py and a run that kept every
box's measures); five full bench runs (seeds 1–5, 12,000 pages) gave no wrong accept.
Darkness is measured against the paper: 0 paper … 1 black.
"""

# Resolutions --------------------------------------------------------------------------------
# The small copy for the QR code and markers (≈ 100 dpi): QR modules (0.96 mm) are ~3.8 px,
# which zxing-cpp read on every synthetic page; markers are 32 px across.
WORK_PX_PER_MM = 4.0
# Upright crops of boxes and the QR code (≈ 200 dpi): finer than a 150 dpi scan, a 0.3 mm
# pen line is ~2.4 px wide.
WARP_PX_PER_MM = 8.0

# Paper ---------------------------------------------------------------------------------------
PAPER_PERCENTILE = 75  # grey level of the paper on a page: most of a printed page is paper
LOCAL_PAPER_PERCENTILE = 90  # in a box's crop: a filled box is < 25% of the crop
PAPER_MIN = 100.0  # a "paper" darker than this is not believed (a dark photo, a black border)

# Pages ---------------------------------------------------------------------------------------
MIN_SIDE_PX = 300  # smaller than 300 px is no page scan (A4 at 150 dpi is 1240 px wide)
# Dark pixels below this share: a blank page (a sheet's markers alone are 0.4%).
BLANK_INK = 0.001
INK_DARKNESS = 0.45  # dark enough to count as print or pen (blank test, QR area's ink)
# Without a QR code the scale is guessed from the image's long side; the markers may be this
# much smaller or larger (a scan with a wide margin, or cut a little short).
PAGE_SCALE_SPREAD = 1.3

# Markers -------------------------------------------------------------------------------------
MARKER_DARKNESS = 0.5  # printed markers are ≥ 0.8 dark on every synthetic scan
# Share of its smallest enclosing rectangle a marker fills: solid squares ≥ 0.9 at any angle,
# a QR finder pattern ~0.5, text and box outlines far less.
MARKER_FILL_MIN = 0.85
MARKER_ASPECT_MAX = 1.3
# Marker side against the layout's: seen −2.5% … +3.1% (thresholding a blurred edge).
MARKER_SIZE_TOLERANCE = 0.3
MARKER_MAX_BLOBS = 60  # more solid squares than that: a photo or noise, stop looking
# Where the QR code predicts a marker vs. where it is: seen up to 3.2 mm (the code's corners
# are read to the pixel, the error grows over 25 cm). Nothing else is printed within 5 mm.
MARKER_SEARCH_MM = 6.0
# Largest distance of a marker from the layout's rectangle after fitting position, angle and
# scale: seen ≤ 0.15 mm. A page stretched 1.5% (a slipping feeder) still fits; an A4 sheet
# printed onto Letter (aspect off by 9%) misses by several mm and is no sheet.
MARKER_FIT_MM = 2.0
SCALE_TOLERANCE = 0.05  # markers' scale vs. the QR code's: seen within ±1.1%

# Boxes: where they are ------------------------------------------------------------------------
CROP_MARGIN_MM = 4.0  # a box is cropped with this much round it (less than the 5 mm kept clear)
OUTLINE_INSET_MM = 0.25  # the outline's middle lies half a stroke (0.4 / 0.6 mm) inside the box
# The outline is looked for this far from where the layout puts it: outlines seen ≤ 0.63 mm
# off (99% ≤ 0.25 mm); a box more than 1 mm off is not found (and so unclear).
OUTLINE_SEARCH_MM = 1.0
OUTLINE_MIN = 0.3  # a printed side is seen ≥ 0.57 dark on average along its middle line
OUTLINE_SIDES_MIN = 3  # fewer sides found (torn, covered, misplaced): the box is unclear
# The inside starts this far from the outline's middle: half a 0.6 mm stroke plus the blur of
# a rough 150 dpi scan (an empty box's inside stays clean: `faint` seen ≤ 0.001).
OUTLINE_CLEAR_MM = 0.95
COVER_CLEAR_MM = 0.5  # `cover` looks closer to the outline, to see white left by a partial fill
RIM_CLEAR_MM = 0.6  # the rim: between 0.6 and 0.95 mm from the outline's middle
RIM_DARKNESS = 0.2  # on an empty box's rim seen ≤ 0.003 at this darkness

# Boxes: their ink ---------------------------------------------------------------------------
FAINT_DARKNESS = 0.08  # anything on the paper (noise evened out: empty insides seen ≤ 0.001)
TONE_PERCENTILE = 95  # a mark's tone: how dark its darkest part is
# Ink is what is at least half as dark as the mark's tone (never below 0.2), so a light pen
# on a blurred scan covers as much of the box as a black one on a sharp scan.
INK_MIN = 0.2
INK_SHARE = 0.5
# Bands outside the outline's middle: near 0.9–1.8 mm, ring 1.8–3.5 mm (boxes are 5 mm apart,
# so the ring stays clear of the neighbours' own marks).
NEAR_INNER_MM = 0.9
RING_INNER_MM = 1.8
RING_OUTER_MM = 3.5
RING_DARKNESS = 0.1
# Empty: inside and rim at most this share marked. Empty boxes seen ≤ 0.001 / 0.003; the
# faintest marks seen: pencil 0.06 (its rim then > 0.01), a sliver of a partial fill 0.012.
EMPTY_MAX = 0.01
# Ink in the ring: circles, arrows and notes seen ≥ 0.014 (one tight circle 0.006, caught
# by `near`); dark-pen sheets' own marks seen 0 (neighbouring spoiled boxes up to 0.16).
RING_MAX = 0.008
# Ink in the near band (a box that is not filled): crosses seen ≤ 0.006, circles ≥ 0.156.
# Fills spill over their outline (seen up to 0.33): a full fill is exempt.
NEAR_MAX = 0.03
# Pen or pencil: the marks' tone. Pencil seen ≤ 0.35; dark pen crosses ≥ 0.37, 99% ≥ 0.42 (the
# lightest pen, thin, on a rough 150 dpi scan): those few go to review, never pencil through.
TONE_MIN = 0.4
SOLID_MM = 1.2  # ink wider than this disc is a fill, not a pen line (lines ≤ 0.7 mm + blur)
# Filled completely: ink ≥ 80% of the inside and ≥ 85% in each ninth of the box (fills and
# corrected crosses seen 1.0 / 1.0; partial fills seen cover ≤ 0.42).
FILLED_MIN = 0.8
FILLED_COVER_MIN = 0.85
# A cross: ink 5–55% of the inside (seen 0.095–0.53), mostly thin (solid ≤ half the ink:
# crosses seen ≤ 0.41, partial fills ≥ 0.77), in all four quarters (≥ 3% each) and through
# the middle 40% of the inside (≥ 5%; crosses seen ≥ 0.22).
CROSS_MIN = 0.05
CROSS_MAX = 0.55
CROSS_SOLID_SHARE = 0.5
QUADRANT_INK = 0.03
CENTRE_SHARE = 0.4
CENTRE_MIN = 0.05
# Two lines, not one: the ink's spread (smaller over larger variance along its main axes).
# Crosses seen ≥ 0.21 (1% below 0.28, on 1,126 crossed boxes at 150 and 300 dpi); a partial
# fill along one diagonal (a band like a single thick stroke) read 0.07 and was taken for a
# cross once in 29,760 boxes before this limit. A slash (≈ 0) and a tick (✓, ≈ 0.11) go to
# review too: the sheet asks for a cross; a person decides what anything else means.
CROSS_SPREAD_MIN = 0.15

# Review images --------------------------------------------------------------------------------
REVIEW_AROUND_MM = 10.0  # an enlarged box shows this much round it: its label starts 5 mm away
REVIEW_PX_PER_MM = 16.0  # ≈ 400 dpi
