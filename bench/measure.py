"""Timing for `make bench`: sequential requests timed on the client, and wrk's throughput.

Every measured answer must be a 200: a redirect to the sign-in page or a 429 from a rate limit
would be fast and meaningless, so anything else stops the run.
"""

from __future__ import annotations

import http.client
import re
import shutil
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_status.lua"
REQUESTS_PER_SECOND = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
NON_200 = re.compile(r"^non-200 responses: (\d+)", re.MULTILINE)
SOCKET_ERRORS = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", re.MULTILINE
)
TOTAL = re.compile(r"^\s*(\d+) requests in ", re.MULTILINE)


class BadStatus(RuntimeError):
    """A measured page answered with something other than 200."""


@dataclass(frozen=True)
class Timing:
    """Sequential figures of one page, in milliseconds."""

    median: float
    p95: float
    count: int


@dataclass(frozen=True)
class WrkResult:
    """What one wrk run reported."""

    requests_per_second: float
    requests: int
    non_200: int
    timeouts: int


def percentile(values: list[float], share: float) -> float:
    """Return the `share` (0…100) percentile of `values`, interpolated between neighbours."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    position = (len(ordered) - 1) * share / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarize(milliseconds: list[float]) -> Timing:
    """Return the median and p95 of request times."""
    return Timing(statistics.median(milliseconds), percentile(milliseconds, 95), len(milliseconds))


def fetch(connection: http.client.HTTPConnection, path: str, cookie: str | None) -> int:
    """Send one GET over `connection` (reopened when the server closed it); return the status."""
    headers = {"Cookie": cookie} if cookie else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    if response.will_close:
        connection.close()  # gunicorn's sync workers close after each answer
    return response.status


def timed_requests(port: int, path: str, cookie: str | None, count: int) -> list[float]:
    """Send `count` sequential GETs; return their times in ms, failing on any status but 200."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    times = []
    try:
        for _ in range(count):
            start = time.perf_counter()
            status = fetch(connection, path, cookie)
            times.append((time.perf_counter() - start) * 1000)
            if status != 200:
                raise BadStatus(f"GET {path} answered {status}, not 200")
    finally:
        connection.close()
    return times


def wrk_command(url: str, cookie: str | None, seconds: int) -> list[str]:
    """Return the wrk command line: 2 threads, 8 connections, latency, the status counter, and
    a 10 s timeout (wrk's 2 s would drop a slow page's answers instead of counting them)."""
    command = [require_wrk(), "-t2", "-c8", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    command += ["-s", str(WRK_SCRIPT)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    return [*command, url]


def run_wrk(url: str, cookie: str | None, seconds: int = 20) -> WrkResult:
    """Run wrk against `url`; return its figures, failing on any status but 200."""
    done = subprocess.run(
        wrk_command(url, cookie, seconds), capture_output=True, text=True, check=True
    )
    result = parse_wrk(done.stdout)
    if result.non_200:
        raise BadStatus(f"wrk: {result.non_200} answers of {url} were not 200\n{done.stdout}")
    return result


def parse_wrk(output: str) -> WrkResult:
    """Read requests/s, the request count, non-200 answers and timeouts from wrk's output."""
    rate = REQUESTS_PER_SECOND.search(output)
    total = TOTAL.search(output)
    if rate is None or total is None:
        raise ValueError(f"not wrk output:\n{output}")
    non_200 = NON_200.search(output)
    errors = SOCKET_ERRORS.search(output)
    return WrkResult(
        requests_per_second=float(rate.group(1)),
        requests=int(total.group(1)),
        non_200=int(non_200.group(1)) if non_200 else 0,
        timeouts=int(errors.group(4)) if errors else 0,
    )


def require_wrk() -> str:
    """Return the path of wrk, installing the Debian package when it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    print("installing wrk from Debian packages", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "wrk"],
        check=True,
        env={"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
    )
    return shutil.which("wrk") or "/usr/bin/wrk"
