"""The one shape every data problem takes: ``FILE:LINE:COLUMN: WHERE — PATH: message``."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .characters import escape_for_terminal

Severity = Literal["error", "warning"]


def display_path(path: Path) -> str:
    """The path as an editor would type it: relative to the current folder when possible."""
    try:
        return (
            Path(os.path.relpath(path)).as_posix()
            if not path.is_absolute() or path.is_relative_to(Path.cwd())
            else path.as_posix()
        )
    except ValueError:
        return path.as_posix()


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in an editor's file, located at the value (or key) the editor wrote."""

    file: str
    line: int  # 1-based
    column: int  # 1-based
    path: str  # e.g. "initiatives[6].themes[1]"; empty for the whole file
    message: str
    severity: Severity = "error"
    # The same place in the editor's words, e.g. "initiative 7 (opening-up-hub), themes, 2nd entry".
    where: str = field(default="", compare=False)

    def __str__(self) -> str:
        parts = [f"{self.file}:{self.line}:{self.column}"]
        if self.path:
            parts.append(f"{self.where} — {self.path}" if self.where else self.path)
        elif self.where:  # a syntax error: no data path, but the record it is in
            parts.append(self.where)
        parts.append(self.message if self.severity == "error" else f"warning: {self.message}")
        # Data shows escaped: a terminal would obey an ESC or a bidirectional override in it. The
        # message's own line breaks (a suggested line to paste, for instance) stay line breaks. What stands
        # before an address's '@' never shows: it may be a password, wherever the address was written.
        shown = _USER_INFO.sub(r"\1…@", ": ".join(parts))
        return "\n".join(escape_for_terminal(line) for line in shown.split("\n"))


_USER_INFO = re.compile(r"(https?://)[^\s'\"]*?@", re.IGNORECASE)


_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")
_RECORDS = {
    "initiatives": "initiative",
    "themes": "theme",
    "terms": "glossary term",
    "renderings": "settled rendering",
    "hedges": "hedge",
}


def describe_path(data: Any, path: str) -> str:
    """A data path in an editor's words: records by their number and id, list entries counted from 1.

    ``initiatives[8].updates[1].text`` becomes ``initiative 9 (state-owned-enterprise-reform), updates,
    2nd entry, text``. Paths outside a record (``source.lead``) are already readable: "" for them.
    """
    parts: list[str | int] = [int(index) if index else key for index, key in _PART.findall(path)]
    if len(parts) < 2 or parts[0] not in _RECORDS or not isinstance(parts[1], int):
        return ""
    kind, index = _RECORDS[str(parts[0])], parts[1]
    records = data.get(parts[0]) if isinstance(data, dict) else None
    record = records[index] if isinstance(records, list) and index < len(records) else None
    record = record if isinstance(record, dict) else {}
    number, record_id = record.get("number"), record.get("id")
    named = f" ({record_id})" if isinstance(record_id, str) and record_id else ""
    if kind == "initiative" and isinstance(number, int) and not isinstance(number, bool):
        words = [f"initiative {number}{named}"]
    else:
        words = [f"the {ordinal(index + 1)} {kind}{named}"]
    words += [f"{ordinal(part + 1)} entry" if isinstance(part, int) else part for part in parts[2:]]
    return ", ".join(words)


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def did_you_mean(value: str, choices: list[str]) -> str:
    """`` (did you mean 'x'?)`` with the closest of ``choices``, or nothing when none is close."""
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class DataError(Exception):
    """Raised with every error found, so an editor can fix them all in one go."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def raise_if_errors(problems: Iterable[Problem]) -> None:
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise DataError(errors)
