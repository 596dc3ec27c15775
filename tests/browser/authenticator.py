"""The authenticator app of the browser tests: the codes it would show, one per account and
30-second step, because the server refuses a step it has seen before (the replay guard).

Accounts whose roles require a second factor are seeded with SECRET (two_factor_pages.py), so
helpers.sign_in can type a code when the sign-in asks for one.
"""

from __future__ import annotations

import time

import pyotp

SECRET = "KRSXG5DTNFTGKY3SMV2GM33SMJZG653T"  # base32, known to the tests only
STEP = 30
LATENCY = 5  # seconds a code may take from here to the server's check
_last_step: dict[str, int] = {}  # address → the last step whose code was typed


def next_code(address: str, secret: str = SECRET) -> str:
    """Return a code for `address` from a step not used before, waiting for a new step when
    the three the server accepts (the current one and its neighbours) are used up."""
    while True:
        now = time.time()
        # Steps the server accepts now and still in LATENCY seconds: from one before its
        # current step to one after it.
        earliest = int((now + LATENCY) // STEP) - 1
        latest = int(now // STEP) + 1
        step = max(earliest, _last_step.get(address.lower(), earliest - 1) + 1)
        if step <= latest:
            _last_step[address.lower()] = step
            return pyotp.TOTP(secret).at(step * STEP)
        time.sleep(max(0.2, (step - 1) * STEP - now + 0.2))
