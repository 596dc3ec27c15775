"""Transparency figures per month (being written)."""

MONTHS_SHOWN = 12


def monthly_report(months: int = MONTHS_SHOWN):
    """Return the figures of the last `months` months."""
    raise NotImplementedError
