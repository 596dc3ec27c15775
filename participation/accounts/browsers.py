"""A short, privacy-friendly name for a browser: its family and operating system, read from the
User-Agent header ("Firefox / Linux"). Versions and devices are left out on purpose: the list
of signed-in browsers must help people recognise theirs, not fingerprint them."""

from __future__ import annotations

from flask_babel import gettext as _

SEPARATOR = " / "

# The first match wins: Edge, Opera and Samsung Internet also name Chrome and Safari.
FAMILIES = (
    (("Edg/", "EdgA/", "EdgiOS/"), "Edge"),
    (("OPR/", "Opera"), "Opera"),
    (("SamsungBrowser/",), "Samsung Internet"),
    (("Firefox/", "FxiOS/"), "Firefox"),
    (("Chromium/",), "Chromium"),
    (("Chrome/", "CriOS/"), "Chrome"),
    (("Safari/",), "Safari"),
)
SYSTEMS = (
    (("Windows",), "Windows"),
    (("Android",), "Android"),
    (("iPad",), "iPadOS"),
    (("iPhone", "iPod"), "iOS"),
    (("CrOS",), "ChromeOS"),
    (("Macintosh", "Mac OS X"), "macOS"),
    (("Linux", "X11"), "Linux"),
)


def first_match(agent: str, table) -> str:
    """Return the name of the first entry whose markers occur in `agent`, else ""."""
    for markers, name in table:
        if any(marker in agent for marker in markers):
            return name
    return ""


def describe(agent: str | None) -> str:
    """Return "Family / System" for a User-Agent header ("" parts when unknown)."""
    agent = (agent or "")[:1000]
    return f"{first_match(agent, FAMILIES)}{SEPARATOR}{first_match(agent, SYSTEMS)}"


def label(description: str) -> str:
    """Return the stored description as a phrase in the current language."""
    family, _sep, system = (description or "").partition(SEPARATOR)
    family = family or _("Unbekannter Browser")
    if not system:
        return family
    return _("%(browser)s auf %(system)s", browser=family, system=system)
