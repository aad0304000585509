"""Small data files for unit tests, and a way to vary them line by line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.errors import DataError
from generator.loader import load_text
from generator.validate import Validated, validate

HERE = Path(__file__).parent
MINIMAL = (HERE / "minimal.yaml").read_text("utf-8")
GLOSSARY = (HERE / "glossary.yaml").read_text("utf-8")
TODAY = dt.date(2026, 11, 26)


def vary(old: str, new: str, text: str = MINIMAL, count: int = 1) -> str:
    assert text.count(old) >= count, f"{old!r} not in the sample"
    return text.replace(old, new, count)


def validate_text(text: str, glossary: str = GLOSSARY, **options: object) -> Validated:
    return validate(load_text(text, "data.yaml"), load_text(glossary, "glossary.yaml"), today=TODAY, **options)  # type: ignore[arg-type]


def problems_of(text: str, glossary: str = GLOSSARY, **options: object) -> list[str]:
    try:
        validate_text(text, glossary, **options)
    except DataError as error:
        return [str(problem) for problem in error.problems]
    return []
