"""The source article as readers see it on its own page: its paragraphs, each with its translation.

The text comes from the attributed copy kept in the repository (``source.copy``), verbatim. Each
paragraph is matched to the data that translates it: the headline, the lead, each initiative's title
and text. Without a copy, the page is built from the data's own Chinese texts in the same order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .models import Dataset, Initiative, LocalizedText

_ITEM_TITLE = re.compile(r"^(\d+)、(.+)$")


@dataclass(frozen=True)
class ArticleUnit:
    kind: str  # "headline", "dateline", "lead", "item-title", "item-text" or "other"
    zh: str  # the article's text, verbatim
    translation: LocalizedText | None  # the data text that translates it, when there is one
    anchor: str | None = None  # where "source" links land: the headline, the lead, each initiative
    initiative: Initiative | None = None


def read_article_copy(data_path: Path, dataset: Dataset) -> str | None:
    """The attributed copy named by ``source.copy`` (a path from the repository root), if it is there."""
    if not dataset.source.copy_path:
        return None
    copy = data_path.resolve().parent.parent / dataset.source.copy_path
    return copy.read_text("utf-8") if copy.is_file() else None


def initiative_anchor(initiative: Initiative) -> str:
    return f"item-{initiative.number}"


def article_units(dataset: Dataset, copy: str | None) -> list[ArticleUnit]:
    """The article paragraph by paragraph, in its order, each with its translation where the data has one."""
    by_number = {initiative.number: initiative for initiative in dataset.initiatives}
    source = dataset.source
    if copy is None:
        return _units_from_data(dataset)
    units: list[ArticleUnit] = []
    paragraphs = [line.strip() for line in copy.splitlines() if line.strip()]
    current: Initiative | None = None
    for index, paragraph in enumerate(paragraphs):
        match = _ITEM_TITLE.match(paragraph)
        if index == 0:
            units.append(ArticleUnit("headline", paragraph, source.title, "headline"))
        elif index == 1 and source.date in paragraph:
            units.append(ArticleUnit("dateline", paragraph, None))
        elif match and int(match[1]) in by_number:
            current = by_number[int(match[1])]
            units.append(ArticleUnit("item-title", paragraph, current.title, initiative_anchor(current), current))
        elif current is not None and units[-1].kind == "item-title":
            units.append(ArticleUnit("item-text", paragraph, current.body, None, current))
        elif not any(unit.kind == "lead" for unit in units) and current is None:
            units.append(ArticleUnit("lead", paragraph, source.lead, "lead"))
        else:
            units.append(ArticleUnit("other", paragraph, None))
    return units


def _units_from_data(dataset: Dataset) -> list[ArticleUnit]:
    source = dataset.source
    units = [
        ArticleUnit("headline", source.title.zh, source.title, "headline"),
        ArticleUnit("lead", source.lead.zh, source.lead, "lead"),
    ]
    for initiative in sorted(dataset.initiatives, key=lambda i: i.number):
        title = f"{initiative.number}、{initiative.title.zh}"
        units.append(ArticleUnit("item-title", title, initiative.title, initiative_anchor(initiative), initiative))
        units.append(ArticleUnit("item-text", initiative.body.zh, initiative.body, None, initiative))
    return units
