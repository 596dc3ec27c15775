"""The town's settings (name, logo, colours, categories, districts, contact) as configuration."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app

COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_CATEGORIES = (
    "Verwaltungsleistungen",
    "Digitale Infrastruktur",
    "Kultur und Tourismus",
    "Bürgerbeteiligung",
    "Sonstiges",
)


@dataclass(frozen=True)
class Town:
    """What makes an instance belong to one municipality."""

    name: str = "Pößneck"
    platform_name: str = "Bürgerbeteiligung Pößneck"
    logo: str | None = None
    primary_color: str = "#1d4e89"
    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    districts: tuple[str, ...] = ()
    contact_name: str = "Stadtverwaltung Pößneck, Bürgerbüro"
    contact_address: str = "Markt 1, 07381 Pößneck"
    contact_email: str = "buergerbuero@example.org"
    contact_phone: str = ""
    sheet_prefix: str = "PN"  # letters before every paper sheet code, e.g. PN-7K3M-9Q2X-4
    extra: dict = field(default_factory=dict)


def load_town(path: str | Path | None) -> Town:
    """Read a town TOML file; missing file or keys fall back to the Pößneck defaults."""
    if not path or not Path(path).exists():
        return Town()
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    known = {key: data.pop(key) for key in list(data) if key in Town.__dataclass_fields__}
    for key in ("categories", "districts"):
        if key in known:
            known[key] = tuple(str(item).strip() for item in known[key] if str(item).strip())
    check_color(known.get("primary_color", Town.primary_color))
    check_sheet_prefix(known.get("sheet_prefix", Town.sheet_prefix))
    return Town(**known, extra=data)


def check_sheet_prefix(prefix: str) -> None:
    """Refuse a sheet prefix other than one to four capital letters A–Z."""
    if not re.fullmatch(r"[A-Z]{1,4}", str(prefix)):
        raise ValueError(f"sheet_prefix must be one to four capital letters A-Z, not {prefix!r}")


def relative_luminance(color: str) -> float:
    """Return the WCAG relative luminance of a #rrggbb colour."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def check_color(color: str) -> None:
    """Refuse a primary colour that is malformed or too light for white text (WCAG AA)."""
    if not COLOR.match(color):
        raise ValueError(f"primary_color must look like #1d4e89, not {color!r}")
    ratio = 1.05 / (relative_luminance(color) + 0.05)
    if ratio < 4.5:
        raise ValueError(f"primary_color {color} gives white text a contrast of {ratio:.1f}:1")


def town_config_path(app: Flask) -> Path:
    """Return the town file: TOWN_CONFIG, else instance/town.toml."""
    return Path(app.config.get("TOWN_CONFIG") or Path(app.instance_path) / "town.toml")


def current_town() -> Town:
    """Return the running app's town settings."""
    return current_app.extensions["town"]


def check_logo(town: Town, instance_path: str) -> None:
    """Refuse a configured logo that is missing, rather than break every page later."""
    if town.logo and not (Path(instance_path) / town.logo).is_file():
        raise ValueError(f"logo {town.logo!r} not found in the instance folder {instance_path}")


def init_app(app: Flask) -> None:
    """Load the town settings once and make them available to every template as `town`."""
    town = load_town(town_config_path(app))
    check_logo(town, app.instance_path)
    app.extensions["town"] = town
    app.context_processor(lambda: {"town": current_town()})
