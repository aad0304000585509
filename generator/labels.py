"""The words of the generated pages, one table per language (templates/labels.*.yaml), and dates in them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .languages import ENGLISH_MONTHS, Language

TEMPLATES = Path(__file__).parent / "templates"


def load_labels(language_key: str) -> Mapping[str, Any]:
    path = TEMPLATES / f"labels.{language_key}.yaml"
    status = path.stat()
    # Read again when the file changed: a live preview is one long process.
    return _read_labels(path, status.st_mtime_ns, status.st_size)


@cache
def _read_labels(path: Path, modified: int, size: int) -> Mapping[str, Any]:
    labels: Mapping[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    return labels


def feed_title(language: Language) -> str:
    """The title of a language's feed of progress updates (the feed's own, and the theme's link to it)."""
    labels = load_labels(language.key)
    return str(labels["feed_title"]).format(site_name=labels["site_name"])


def format_date(iso_date: str, language: Language) -> str:
    date = dt.date.fromisoformat(iso_date)
    return str(load_labels(language.key)["date_format"]).format(
        year=date.year, month=date.month, day=date.day, month_name=ENGLISH_MONTHS[date.month - 1]
    )


def format_month(iso_date: str, language: Language) -> str:
    date = dt.date.fromisoformat(iso_date)
    return str(load_labels(language.key)["month_year_format"]).format(
        year=date.year, month=date.month, month_name=ENGLISH_MONTHS[date.month - 1]
    )
