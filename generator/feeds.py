"""Feeds and crawler files: an Atom feed of progress updates per language, and robots.txt."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .languages import SOURCE_LANGUAGE, Language
from .models import Dataset
from .navigation import short_title
from .page_paths import FEED_FILE, UPDATES_PAGE, initiative_page
from .pages import FEED_LIMIT, FeedEntry, updates_newest_first
from .tracking import NOT_RESEARCHED, is_researched
from .urls import absolute_url, language_root_url

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP_FILE = "sitemap.xml"  # written by MkDocs (overrides/sitemap.xml), at the site root
# Entry ids are UUIDs derived from what an update is (initiative, date, rank that day), never from
# the build or the site address, so a reader's feed client does not see old entries as new.
_ENTRY_NAMESPACE = uuid.UUID("6f3b7c55-2a51-4a8e-9d0e-6b1c2a4f7e10")


@dataclass(frozen=True)
class FeedLabels:
    title: str
    entry_title: str  # with {title} and {status}
    statuses: dict[str, str]
    untranslated: str = ""  # before a text shown in Chinese because its translation is missing
    author: str = ""  # who maintains the site (the feed's <author>); the feed's title when nobody is named
    group_title: str = "{count} ({status})"  # an update recorded alike for several initiatives
    not_researched: str = ""  # said beside the status of an initiative whose progress nobody researched


def entry_id(entry: FeedEntry) -> str:
    """An update of one initiative keeps the id it always had; a group's id names all its initiatives."""
    key = "+".join(
        f"{initiative.id}/{entry.update.date}/{rank}"
        for initiative, rank in zip(entry.initiatives, entry.ranks, strict=True)
    )
    return f"urn:uuid:{uuid.uuid5(_ENTRY_NAMESPACE, key)}"


def atom_feed(dataset: Dataset, language: Language, site_url: str, labels: FeedLabels) -> bytes:
    root_url = language_root_url(site_url, language)
    entries = updates_newest_first(dataset)[:FEED_LIMIT]
    announced = dataset.source.announced
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": language.tag})
    ET.SubElement(feed, "id").text = root_url
    ET.SubElement(feed, "title").text = labels.title
    ET.SubElement(feed, "updated").text = _timestamp(entries[0].update.date if entries else dataset.source.date)
    ET.SubElement(
        feed,
        "link",
        {"rel": "self", "type": "application/atom+xml", "href": absolute_url(site_url, language, FEED_FILE)},
    )
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": root_url})
    author = ET.SubElement(feed, "author")
    ET.SubElement(author, "name").text = labels.author or labels.title
    for item in entries:
        update, first = item.update, item.initiative
        entry = ET.SubElement(feed, "entry")
        status_key = update.status or first.status
        status = labels.statuses[status_key]
        unresearched = [i for i in item.initiatives if not is_researched(i, announced)]
        if labels.not_researched and len(unresearched) == len(item.initiatives):
            status = f"{status}; {labels.not_researched}"
        if len(item.initiatives) == 1:
            title = labels.entry_title.format(title=first.title.text_or_chinese(language.key), status=status)
            url = absolute_url(site_url, language, initiative_page(first))
        else:
            title = labels.group_title.format(count=len(item.initiatives), status=status)
            url = absolute_url(site_url, language, UPDATES_PAGE)
        ET.SubElement(entry, "id").text = entry_id(item)
        ET.SubElement(entry, "title").text = title
        ET.SubElement(entry, "updated").text = _timestamp(update.date)
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": url})
        ET.SubElement(entry, "category", {"term": status_key, "label": labels.statuses[status_key]})
        if unresearched and labels.not_researched:
            ET.SubElement(entry, "category", {"term": NOT_RESEARCHED, "label": labels.not_researched})
        content = update.text.text(language.key)
        if content is None:  # shown in Chinese, and said so
            content = f"({labels.untranslated}) {update.text.zh}" if labels.untranslated else update.text.zh
        if len(item.initiatives) > 1:
            content += "\n\n" + "\n".join(
                f"{i.number}. {short_title(i, language)}"
                + (f" ({labels.not_researched})" if i in unresearched and labels.not_researched else "")
                + f": {absolute_url(site_url, language, initiative_page(i))}"
                for i in item.initiatives
            )
        ET.SubElement(entry, "content", {"type": "text"}).text = content
    ET.indent(feed)
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True)) + b"\n"


def robots_txt(site_url: str) -> bytes:
    sitemap = absolute_url(site_url, SOURCE_LANGUAGE, SITEMAP_FILE)  # one sitemap, of both languages
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n".encode()


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"
