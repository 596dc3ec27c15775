"""The pure helpers of `make bench` (bench/measure.py, bench/report.py): reading wrk's output,
percentiles and the Markdown tables. No timing is asserted here."""

from __future__ import annotations

import pytest

from bench.measure import parse_wrk, percentile, summarize
from bench.report import markdown_table

WRK_OUTPUT = """\
Running 20s test @ http://127.0.0.1:41234/proposals/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    31.20ms    8.11ms 120.55ms   81.02%
    Req/Sec   128.61     20.43   180.00     70.25%
  Latency Distribution
     50%   30.02ms
     75%   34.80ms
     90%   40.12ms
     99%   61.70ms
  5139 requests in 20.03s, 98.15MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
Requests/sec:    256.57
Transfer/sec:      4.90MB
non-200 responses: 7
"""


def test_wrk_output_gives_throughput_requests_and_failures():
    result = parse_wrk(WRK_OUTPUT)
    assert result.requests_per_second == 256.57
    assert result.requests == 5139
    assert result.non_200 == 7
    assert result.timeouts == 3


def test_wrk_output_without_errors_counts_none():
    quiet = "\n".join(
        line for line in WRK_OUTPUT.splitlines() if "Socket" not in line and "non-200" not in line
    )
    result = parse_wrk(quiet)
    assert (result.non_200, result.timeouts) == (0, 0)


def test_output_that_is_not_wrk_is_refused():
    with pytest.raises(ValueError):
        parse_wrk("wrk: command failed\n")


def test_percentile_interpolates_between_neighbours():
    values = [float(n) for n in range(1, 101)]  # 1 … 100, shuffled order must not matter
    assert percentile(list(reversed(values)), 95) == pytest.approx(95.05)
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 100.0


def test_percentile_of_one_value_is_that_value():
    assert percentile([7.5], 95) == 7.5


def test_percentile_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        percentile([], 95)


def test_summary_gives_median_p95_and_count():
    timing = summarize([10.0, 1.0, 2.0, 3.0, 4.0])
    assert (timing.median, timing.count) == (3.0, 5)
    assert timing.p95 == pytest.approx(8.8)


def test_markdown_table_aligns_figures_right_and_text_left():
    table = markdown_table(["Page", "req/s"], [["Home", "1,234"], ["API", "—"]])
    assert table.splitlines() == [
        "| Page | req/s |",
        "| ---- | ----: |",
        "| Home | 1,234 |",
        "| API  |     — |",
    ]
