"""How to cite a page, for reference managers: one CSL-JSON item (Citation Style Language data) and one
BibTeX entry per page.

CSL-JSON is what Zotero, Mendeley and citeproc/Pandoc import. The article the page is based on goes
in CSL's `original-*` variables (the work a reprint or translation comes from). Neither says when the
reader accessed the page: that date is the reader's, never the build's.
"""

from __future__ import annotations

import json
import re
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


# What TeX gives a meaning to, as text that prints the character itself. `\^{}` and `\~{}` are accents
# over nothing; the named characters are what LaTeX (and BibTeX's readers) print as ^, ~ and \.
_TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    **{char: "\\" + char for char in "&%$#_{}"},
}
_TEX_SPECIAL = re.compile("|".join(re.escape(char) for char in _TEX_SPECIALS))
# Pairs TeX prints as one other character (-- an en dash, '' a closing quotation mark, ?` an inverted
# question mark, << a guillemet in some encodings): an empty group between them keeps both as written.
_LIGATURE = re.compile(r"(?<=[-'`,<>])(?=[-'`,<>])|(?<=[?!])(?=`)")


def escape_bibtex(text: str) -> str:
    """Text for a BibTeX field: on one line, every character TeX or BibTeX give a meaning to escaped, so
    that braces always balance and the text prints as written."""
    escaped = _TEX_SPECIAL.sub(lambda match: _TEX_SPECIALS[match[0]], " ".join(text.split()))
    return _LIGATURE.sub("{}", escaped)


def bibtex_url(url: str) -> str:
    """An address for BibTeX's `url` and `\\url{}`, which take it verbatim: only what would unbalance or end
    the field (braces, backslashes, spaces: never part of a valid address) is percent-encoded."""
    return re.sub(r"[{}\\\s]", lambda match: f"%{ord(match[0]):02X}", url)


def bibtex_entry(
    initiative: Initiative, language: Language, url: str, site_name: str, edition: str, edition_note: str
) -> str:
    """The page's BibTeX entry. The author is the site, a corporate name in double braces (BibTeX would
    otherwise read it as a person's "First Last"); the title is in double braces too, so that styles do
    not lower-case its names ("Shenzhen"). No access date: the reader's own."""
    fields = {
        "title": "{" + escape_bibtex(initiative.title.text_or_chinese(language.key)) + "}",
        "author": "{" + escape_bibtex(site_name) + "}",
        "year": edition[:4],
        "note": escape_bibtex(edition_note),
        "howpublished": "\\url{" + bibtex_url(url) + "}",
        "url": bibtex_url(url),
        "language": "chinese" if language.key == "zh" else "english",
    }
    lines = [f"  {name} = {{{value}}}" for name, value in fields.items()]
    return f"@misc{{{citation_key(initiative, language)},\n" + ",\n".join(lines) + "\n}"


@dataclass(frozen=True)
class CitationFile:
    """A CSL-JSON document (a list of items) holding one page's item, offered as a download."""

    name: str
    text: str
    media_type: str = CSL_MEDIA_TYPE


def csl_file(item: dict[str, Any]) -> CitationFile:
    return CitationFile(f"{item['id']}.json", json.dumps([item], ensure_ascii=False))
