"""The one shape every data problem takes: ``FILE:LINE:COLUMN: PATH: message``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .characters import escape_for_terminal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in an editor's file, located at the value (or key) the editor wrote."""

    file: str
    line: int  # 1-based
    column: int  # 1-based
    path: str  # e.g. "initiatives[6].themes[1]"; empty for the whole file
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        parts = [f"{self.file}:{self.line}:{self.column}"]
        if self.path:
            parts.append(self.path)
        parts.append(self.message if self.severity == "error" else f"warning: {self.message}")
        # Data shows escaped: a terminal would obey an ESC or a bidirectional override in it.
        return escape_for_terminal(": ".join(parts))


class DataError(Exception):
    """Raised with every error found, so an editor can fix them all in one go."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def raise_if_errors(problems: Iterable[Problem]) -> None:
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise DataError(errors)
