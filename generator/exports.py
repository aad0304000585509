"""Open data: the whole dataset as JSON and as a spreadsheet-friendly CSV, from the same models."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import Any

from .languages import LANGUAGES
from .models import Dataset, Glossary, LocalizedText
from .page_paths import initiative_page, theme_page
from .tracking import tracking_state
from .translation import review_report
from .urls import absolute_url

JSON_EXPORT = "data/initiatives.json"
SEARCH_ALIASES = "data/search-aliases.json"  # read by the search box (overrides/assets/javascripts/search.js)
CSV_EXPORT = "data/initiatives.csv"
CSV_COLUMNS = (
    "id",
    "number",
    "title_zh",
    "title_en",
    "summary_zh",
    "summary_en",
    "body_zh",
    "body_en",
    "themes",
    "status",
    "status_date",
    "url_zh",
    "url_en",
    "short_zh",
    "short_en",
    "checked",
    "tracking",
)
# Spreadsheets read the compatibility forms of these (full-width ＝, small ﹦ …) as the ASCII ones, too,
# and the minus sign as a minus: a cell's first character is compared in its NFKC form.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\u2212")


def page_urls(site_url: str, page: str) -> dict[str, str]:
    return {key: absolute_url(site_url, language, page) for key, language in LANGUAGES.items()}


def _text(text: LocalizedText) -> dict[str, str | None]:
    return {"zh": text.zh, "en": text.en}


def dataset_as_json(dataset: Dataset, site_url: str, glossary: Glossary | None = None) -> bytes:
    source = dataset.source
    publication = dataset.site
    document: dict[str, Any] = {
        "site": {
            "maintainer": _text(publication.maintainer) if publication else None,
            "corrections": publication.corrections if publication else None,
            "edition": dataset.edition_date(),
            "changes": [{"date": c.date, "text": _text(c.text)} for c in publication.changes] if publication else [],
        },
        "source": {
            "title": _text(source.title),
            "outlet": _text(source.outlet),
            "date": source.date,
            "reporter": _text(source.reporter),
            "announced": source.announced,
            "lead": _text(source.lead),
        },
        "themes": [
            {
                "id": theme.id,
                "label": _text(theme.label),
                "description": _text(theme.description),
                "url": page_urls(site_url, theme_page(theme)),
            }
            for theme in dataset.themes
        ],
        "initiatives": [
            {
                "id": initiative.id,
                "number": initiative.number,
                "title": _text(initiative.title),
                "short": {"zh": initiative.short.zh, "en": initiative.short.en} if initiative.short else None,
                "summary": _text(initiative.summary),
                "body": _text(initiative.body),
                "measures": [_text(measure) for measure in initiative.measures],
                "themes": list(initiative.themes),
                "related": list(initiative.related),
                "status": initiative.status,
                # "not-researched" while nobody looked for its progress, else its status
                "tracking": tracking_state(initiative, source.announced),
                "updates": [
                    {
                        "date": update.date,
                        "status": update.status,
                        "text": _text(update.text),
                        "source": "article"
                        if update.source == "article"
                        else {
                            "title": _text(update.source.title),
                            "outlet": _text(update.source.outlet) if update.source.outlet else None,
                            "date": update.source.date,
                            "url": update.source.url,
                        },
                    }
                    for update in initiative.updates
                ],
                "checked": initiative.checked,
                "draft": initiative.draft,
                "url": page_urls(site_url, initiative_page(initiative)),
            }
            for initiative in sorted(dataset.initiatives, key=lambda i: i.number)
        ],
        # Which English texts (short titles too) a reviewer checked, who and how, and whether they changed since.
        "translation_reviews": [
            {
                "record": item.record_id,
                "field": item.field,
                "state": item.state,
                "by": item.review.by if item.review else None,
                "method": item.review.method if item.review else None,
                "date": item.review.date if item.review else None,
            }
            for item in review_report(dataset)
        ],
    }
    if glossary is not None:
        document["glossary"] = [
            {
                "id": term.id,
                "zh": term.zh,
                "en": term.en,
                "kind": term.kind,
                "variants": list(term.variants),
                "aliases": list(term.aliases),
                "explanation": _text(term.explanation),
            }
            for term in glossary.terms
        ]
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def neutralize_formula(cell: str) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula; a leading ' makes it text."""
    return "'" + cell if unicodedata.normalize("NFKC", cell[:1]).startswith(_FORMULA_STARTS) else cell


def dataset_as_csv(dataset: Dataset, site_url: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for initiative in sorted(dataset.initiatives, key=lambda i: i.number):
        urls = page_urls(site_url, initiative_page(initiative))
        row = [
            initiative.id,
            str(initiative.number),
            initiative.title.zh,
            initiative.title.en or "",
            initiative.summary.zh,
            initiative.summary.en or "",
            initiative.body.zh,
            initiative.body.en or "",
            ";".join(initiative.themes),
            initiative.status,
            initiative.updates[-1].date,
            urls["zh"],
            urls["en"],
            initiative.short.zh if initiative.short else "",
            (initiative.short.en or "") if initiative.short else "",
            initiative.checked or "",
            tracking_state(initiative, dataset.source.announced),
        ]
        writer.writerow([neutralize_formula(cell) for cell in row])
    # A byte-order mark so spreadsheet programs detect UTF-8 and show the Chinese correctly.
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def search_aliases(glossary: Glossary) -> bytes:
    """What the search box searches for a reader's words: each alias (in lower case) and the term it stands
    for, in each language (国企 → 国有企业, SOE → state-owned enterprise); each synonym's word and the words of
    the texts it also finds (人才引进 → 招才引智, 人才, talent), and with `both_ways` each of those the others."""
    aliases = {alias.casefold(): {"zh": term.zh, "en": term.en} for term in glossary.terms for alias in term.aliases}
    synonyms: dict[str, list[str]] = {}
    for synonym in glossary.synonyms:
        pairs = [(word, synonym.finds) for word in synonym.words]
        if synonym.both_ways:
            pairs += [(word, synonym.finds) for word in synonym.finds]
        for word, found in pairs:
            also = synonyms.setdefault(word.casefold(), [])
            also += [other for other in found if other.casefold() != word.casefold() and other not in also]
    table = {"aliases": aliases, "synonyms": synonyms}
    return (json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")
