"""What search engines read about each page: JSON-LD (schema.org) and the date it last changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .languages import SOURCE_LANGUAGE, Language
from .models import Dataset, Initiative, Theme

SCHEMA_ORG = "https://schema.org"


def latest_date(dataset: Dataset) -> str:
    """The newest date in the data: when the site as a whole last changed."""
    # Updates are in date order (validated), so each initiative's newest is its last.
    return max([dataset.source.date, *(i.updates[-1].date for i in dataset.initiatives)])


def latest_epoch(dataset: Dataset) -> int:
    """``latest_date`` as a Unix time (midnight UTC), for tools that date their output (SOURCE_DATE_EPOCH)."""
    return int(dt.datetime.fromisoformat(latest_date(dataset)).replace(tzinfo=dt.UTC).timestamp())


def source_article(dataset: Dataset) -> dict[str, Any]:
    source = dataset.source
    article: dict[str, Any] = {
        "@type": "NewsArticle",
        "headline": source.title.zh,
        "inLanguage": SOURCE_LANGUAGE.tag,
        "datePublished": source.date,
        "author": {"@type": "Person", "name": source.reporter.zh},
        "publisher": {"@type": "Organization", "name": source.outlet.zh},
    }
    if source.url:
        article["url"] = source.url
    return article


def initiative_data(
    dataset: Dataset, initiative: Initiative, language: Language, url: str, site: dict[str, Any], themes: list[str]
) -> dict[str, Any]:
    text = initiative.title.text_or_chinese(language.key)
    data: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "Article",
        "headline": text,
        "description": initiative.summary.text_or_chinese(language.key),
        "inLanguage": language.tag,
        "url": url,
        # The page's own dates: its first edition and the current one (the article has its own, below).
        "datePublished": dataset.first_edition_date(),
        "dateModified": dataset.edition_date(),
        "position": initiative.number,
        "about": themes,
        "isBasedOn": source_article(dataset),
        "isPartOf": site,
    }
    return data


def collection_data(
    name: str, description: str, language: Language, url: str, site: dict[str, Any], dataset: Dataset
) -> dict[str, Any]:
    return {
        "@context": SCHEMA_ORG,
        "@type": "CollectionPage",
        "name": name,
        "description": description,
        "inLanguage": language.tag,
        "url": url,
        "dateModified": dataset.edition_date(),
        "isPartOf": site,
    }


def theme_data(theme: Theme, language: Language, url: str, site: dict[str, Any], dataset: Dataset) -> dict[str, Any]:
    return collection_data(
        theme.label.text_or_chinese(language.key),
        theme.description.text_or_chinese(language.key),
        language,
        url,
        site,
        dataset,
    )


def website(name: str, url: str, language: Language) -> dict[str, Any]:
    return {"@type": "WebSite", "name": name, "url": url, "inLanguage": language.tag}
