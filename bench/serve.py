"""Start and stop gunicorn for `make bench`: two sync workers on 127.0.0.1, no access log, and
the workers' resident memory read from /proc."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
WORKERS = 2
STARTUP_SECONDS = 60
# Long enough for a first request that warms a cache on a big database (the vote tally mixes
# the ballots once); gunicorn's default of 30 s would kill that worker mid-warm-up.
WORKER_TIMEOUT = 300


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One gunicorn master with its workers, serving `app` (module:variable) on a free port."""

    def __init__(self, app: str, env: dict[str, str], log: Path, port: int | None = None):
        self.app, self.env, self.log = app, env, log
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        """Return the gunicorn command line (no --access-logfile: the access log stays off)."""
        return [
            str(GUNICORN),
            f"--workers={WORKERS}",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{self.port}",
            f"--timeout={WORKER_TIMEOUT}",
            "--log-level=warning",
            self.app,
        ]

    def start(self) -> Server:
        """Start gunicorn in its own session (Ctrl-C reaches only us) and wait until it answers."""
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.command(),
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_until_ready()
        return self

    def wait_until_ready(self) -> None:
        """Wait until the server answers a request and both workers run; fail with its log."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn ({self.app}) exited:\n{self.log_tail()}")
            if answers(self.port) and len(self.worker_pids()) == WORKERS:
                return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn ({self.app}) did not answer:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        """Return the last lines of the server's log."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def worker_pids(self) -> list[int]:
        """Return the process ids of the master's workers."""
        if self.process is None:
            return []
        return children(self.process.pid)

    def stop(self) -> None:
        """Stop the master and its workers: TERM (graceful), then KILL after 20 s."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


def answers(port: int) -> bool:
    """Return whether something answers HTTP on 127.0.0.1:`port`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/")
        connection.getresponse().read()
        return True
    except OSError:
        return False
    finally:
        connection.close()


def children(pid: int) -> list[int]:
    """Return the ids of the child processes of `pid` (from /proc)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(child) for child in path.read_text().split()]
    except FileNotFoundError:
        return []


def rss_mb(pid: int) -> float:
    """Return the resident memory of process `pid` in MB (VmRSS in /proc/<pid>/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")
