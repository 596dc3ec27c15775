"""The export of everything stored about one account (Art. 15 and 20 DSGVO): a zip with
data.json (every part, stable keys, ISO 8601 times in UTC), the pictures of the person's
proposals, and a readable summary in the account's language.

The zip is written to a temporary file, part by part and row by row, so memory stays small
however much the account has written; the caller sends the file and closes it (which removes
it)."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from typing import IO

from flask import render_template
from flask_babel import force_locale

from participation.accounts.export_content import image_filenames
from participation.accounts.export_json import JsonObjectWriter
from participation.accounts.export_parts import NOT_INCLUDED, PARTS
from participation.accounts.models import User
from participation.core.models import utcnow
from participation.core.town import current_town
from participation.notifications.delivery import mail_context
from participation.proposals.images import upload_folder

FORMAT = "participation-data-export"
VERSION = 1
DATA_NAME = "data.json"
SUMMARY_NAMES = {"de": "zusammenfassung.html", "en": "summary.html"}
DOWNLOAD_NAMES = {"de": "meine-daten", "en": "my-data"}


def summary_name(locale: str) -> str:
    """Return the file name of the summary in the account's language."""
    return SUMMARY_NAMES.get(locale, SUMMARY_NAMES["de"])


def download_name(user: User) -> str:
    """Return the name the browser saves the zip under, e.g. meine-daten-2026-05-04.zip."""
    stem = DOWNLOAD_NAMES.get(user.locale, DOWNLOAD_NAMES["de"])
    return f"{stem}-{utcnow().date().isoformat()}.zip"


def export_file(user: User) -> IO[bytes]:
    """Write the export of `user` to a temporary file and return it, rewound."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it, which removes it)
    try:
        write_export(user, target)
    except BaseException:
        target.close()
        raise
    target.seek(0)
    return target


def write_export(user: User, target: IO[bytes]) -> dict[str, int]:
    """Write the zip for `user` to `target`; return how many rows each list part has."""
    created_at = utcnow()
    with (
        force_locale(user.locale),
        mail_context(),  # full page addresses, also from a command
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        counts, values = write_data(user, archive, created_at)
        copy_images(user, archive)
        summary = render_template(
            "accounts/data/summary.html",
            user=user,
            parts=PARTS,
            counts=counts,
            values=values,
            not_included=NOT_INCLUDED,
            created_at=created_at,
            data_name=DATA_NAME,
            town=current_town(),
        )
        archive.writestr(summary_name(user.locale), summary)
    return counts


def write_data(user: User, archive: zipfile.ZipFile, created_at) -> tuple[dict, dict]:
    """Write data.json; return the row counts of list parts and the values of single parts."""
    counts, values = {}, {}
    with (
        archive.open(DATA_NAME, "w", force_zip64=True) as raw,
        io.TextIOWrapper(raw, encoding="utf-8") as text,
        JsonObjectWriter(text) as writer,
    ):
        writer.value("format", {"name": FORMAT, "version": VERSION, "created_at": created_at})
        for part in PARTS:
            if part.many:
                counts[part.key] = writer.rows(part.key, part.collect(user))
            else:
                values[part.key] = part.collect(user)
                writer.value(part.key, values[part.key])
        writer.value("not_included", {key: str(text) for key, text in NOT_INCLUDED})
    return counts, values


def copy_images(user: User, archive: zipfile.ZipFile) -> None:
    """Copy the pictures of the person's proposals into the folder `images` of the zip."""
    folder = upload_folder()
    for filename in image_filenames(user):
        path = folder / filename
        if path.is_file():
            with path.open("rb") as source, archive.open(f"images/{filename}", "w") as sink:
                shutil.copyfileobj(source, sink)
