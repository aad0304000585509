"""How to cite a page, for reference managers: one CSL-JSON item (Citation Style Language data) per page.

CSL-JSON is what Zotero, Mendeley and citeproc/Pandoc import. The article the page is based on goes
in CSL's `original-*` variables (the work a reprint or translation comes from).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .languages import Language
from .models import Dataset, Initiative

CSL_MEDIA_TYPE = "application/vnd.citationstyles.csl+json"


def date_parts(iso_date: str) -> dict[str, list[list[int]]]:
    """A CSL date from an ISO date ("2020-04-20" -> {"date-parts": [[2020, 4, 20]]})."""
    return {"date-parts": [[int(part) for part in iso_date.split("-")]]}


def citation_key(initiative: Initiative, language: Language) -> str:
    """The same key as the page's BibTeX entry."""
    return f"zibo-reforms-{initiative.id}-{language.key}"


def csl_item(dataset: Dataset, initiative: Initiative, language: Language, url: str, site_name: str) -> dict[str, Any]:
    """The citation of one initiative page: its title, the site, its URL and the edition date from the data.

    No `accessed` date: that is the reader's, added when they cite it.
    """
    source = dataset.source
    item: dict[str, Any] = {
        "id": citation_key(initiative, language),
        "type": "webpage",
        "title": initiative.title.text_or_chinese(language.key),
        "container-title": site_name,
        "URL": url,
        "issued": date_parts(dataset.edition_date()),
        "language": language.tag,
        "original-title": source.title.zh,
        "original-publisher": source.outlet.zh,
        "original-date": date_parts(source.date),
    }
    if dataset.site is not None:
        item["publisher"] = dataset.site.maintainer.text_or_chinese(language.key)
    return item


@dataclass(frozen=True)
class CitationFile:
    """A CSL-JSON document (a list of items) holding one page's item, offered as a download."""

    name: str
    text: str
    media_type: str = CSL_MEDIA_TYPE


def csl_file(item: dict[str, Any]) -> CitationFile:
    return CitationFile(f"{item['id']}.json", json.dumps([item], ensure_ascii=False))
