"""Related initiatives: declared links first, then those sharing the most themes.

Each list is capped, so a page's size does not grow with the number of initiatives. Initiatives
with the same set of themes get the same ranking, so the ranking is computed once per distinct
theme set rather than once per initiative (thousands of initiatives share a few hundred sets).
"""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from .models import Dataset, Initiative

RELATED_LIMIT = 6
# How many a page shows before its "more" disclosure (templates/initiative.md.j2).
RELATED_SHOWN = 4


@dataclass(frozen=True)
class RelatedLink:
    initiative: Initiative
    shared_themes: tuple[str, ...]  # theme ids, in the order of the page's own themes
    declared: bool  # named in `related:` by an editor (on either side)


def find_related(dataset: Dataset, limit: int = RELATED_LIMIT) -> dict[str, list[RelatedLink]]:
    by_id = {initiative.id: initiative for initiative in dataset.initiatives}
    declared: dict[str, set[str]] = defaultdict(set)
    for initiative in dataset.initiatives:
        for other in initiative.related:
            declared[initiative.id].add(other)
            declared[other].add(initiative.id)

    by_theme_set: dict[frozenset[str], list[Initiative]] = defaultdict(list)
    for initiative in sorted(dataset.initiatives, key=lambda i: i.number):
        by_theme_set[frozenset(initiative.themes)].append(initiative)
    # Enough candidates that skipping the initiative itself and its declared links still leaves `limit`.
    needed = limit + 1 + max((len(ids) for ids in declared.values()), default=0)
    best: dict[frozenset[str], list[Initiative]] = {}

    result: dict[str, list[RelatedLink]] = {}
    for initiative in dataset.initiatives:
        own = frozenset(initiative.themes)
        if own not in best:
            levels = _rank_theme_sets(own, by_theme_set)
            best[own] = list(itertools.islice(_candidates(levels, by_theme_set), needed))
        links = [
            RelatedLink(by_id[other], _shared(initiative, by_id[other]), declared=True)
            for other in sorted(declared[initiative.id], key=lambda other_id: by_id[other_id].number)
        ]
        skip = declared[initiative.id] | {initiative.id}
        candidates = (c for c in best[own] if c.id not in skip)
        for candidate in itertools.islice(candidates, max(0, limit - len(links))):
            links.append(RelatedLink(candidate, _shared(initiative, candidate), declared=False))
        result[initiative.id] = links
    return result


def _rank_theme_sets(
    own: frozenset[str], by_theme_set: dict[frozenset[str], list[Initiative]]
) -> list[list[frozenset[str]]]:
    """Theme sets that share something with ``own``, grouped by how many themes they share (most first)."""
    levels: dict[int, list[frozenset[str]]] = defaultdict(list)
    for theme_set in by_theme_set:
        shared = len(own & theme_set)
        if shared:
            levels[shared].append(theme_set)
    return [levels[count] for count in sorted(levels, reverse=True)]


def _candidates(
    levels: list[list[frozenset[str]]], by_theme_set: dict[frozenset[str], list[Initiative]]
) -> Iterator[Initiative]:
    for theme_sets in levels:
        yield from heapq.merge(*(by_theme_set[s] for s in theme_sets), key=lambda i: i.number)


def _shared(initiative: Initiative, other: Initiative) -> tuple[str, ...]:
    return tuple(theme for theme in initiative.themes if theme in other.themes)
