"""Notifications: email now; the outbox, RQ jobs and the in-app centre build on this seam."""
