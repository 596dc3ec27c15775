"""Every limit the scan reader uses, in one place. Calibrated against the synthetic suite
(tests/paper/omr/synthetic.py; bench/omr.py prints the figures): see the comment on each."""

# Resolutions
WORK_PX_PER_MM = 4.0  # the small copy for finding the QR code and markers (≈ 100 dpi)
WARP_PX_PER_MM = 8.0  # upright crops of boxes and the QR code (≈ 200 dpi)

# Paper
PAPER_PERCENTILE = 75  # most of a page is paper
LOCAL_PAPER_PERCENTILE = 90  # most of a box's crop is paper, even with the box filled in
PAPER_MIN = 100.0  # grey level below which "paper" is not believed

# Pages
MIN_SIDE_PX = 300
BLANK_INK = 0.001
INK_DARKNESS = 0.45
PAGE_SCALE_SPREAD = 1.3

# Markers
MARKER_DARKNESS = 0.5
MARKER_FILL_MIN = 0.85
MARKER_ASPECT_MAX = 1.3
MARKER_SIZE_TOLERANCE = 0.3
MARKER_MAX_BLOBS = 60
MARKER_SEARCH_MM = 6.0
MARKER_FIT_MM = 2.0
SCALE_TOLERANCE = 0.06

# Boxes: where they are
CROP_MARGIN_MM = 4.0
OUTLINE_INSET_MM = 0.25
OUTLINE_SEARCH_MM = 1.0
OUTLINE_MIN = 0.3
OUTLINE_SIDES_MIN = 3
OUTLINE_CLEAR_MM = 0.95
COVER_CLEAR_MM = 0.5
RIM_CLEAR_MM = 0.6
RIM_DARKNESS = 0.2

# Boxes: their ink
FAINT_DARKNESS = 0.08
TONE_PERCENTILE = 95
INK_MIN = 0.2
INK_SHARE = 0.5
NEAR_INNER_MM = 0.9
RING_INNER_MM = 1.8
RING_OUTER_MM = 3.5
RING_DARKNESS = 0.1
EMPTY_MAX = 0.01
RING_MAX = 0.008
NEAR_MAX = 0.03
TONE_MIN = 0.4
SOLID_MM = 1.2
FILLED_MIN = 0.8
FILLED_COVER_MIN = 0.85
CROSS_MIN = 0.05
CROSS_MAX = 0.55
CROSS_SOLID_SHARE = 0.5
QUADRANT_INK = 0.03
CENTRE_SHARE = 0.4
CENTRE_MIN = 0.05

# Review images
REVIEW_AROUND_MM = 10.0
REVIEW_PX_PER_MM = 16.0
