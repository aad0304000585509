"""What the editors know of each initiative's progress: a state derived from the data, never a status.

While nobody has researched an initiative's progress (no `checked` date and no update after the
announcement), every page, feed and export says so, whatever its status: "announced" then means that an
editor looked (on `checked`) and found nothing later.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import STATUSES, Dataset, Initiative

NOT_RESEARCHED = "not-researched"
# The states pages list and count, in that order: the statuses, after the initiatives nobody researched.
TRACKING_STATES: tuple[str, ...] = (NOT_RESEARCHED, *STATUSES)


def is_researched(initiative: Initiative, announced: str) -> bool:
    """Whether an editor has looked for its progress: a `checked` date, or an update after the announcement."""
    return initiative.checked is not None or any(
        update.source != "article" or update.date > announced for update in initiative.updates
    )


def tracking_state(initiative: Initiative, announced: str) -> str:
    """``NOT_RESEARCHED``, or the initiative's status once its progress was researched."""
    return initiative.status if is_researched(initiative, announced) else NOT_RESEARCHED


@dataclass(frozen=True)
class CheckedSummary:
    """How many initiatives an editor checked for news (`checked`), of how many, and the latest such date."""

    count: int
    total: int
    latest: str | None


def checked_summary(dataset: Dataset) -> CheckedSummary:
    dates = [initiative.checked for initiative in dataset.initiatives if initiative.checked]
    return CheckedSummary(len(dates), len(dataset.initiatives), max(dates) if dates else None)
