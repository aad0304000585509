"""Feeds and crawler files: an Atom feed of progress updates per language, and robots.txt."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .languages import SOURCE_LANGUAGE, Language
from .models import Dataset, Initiative, Update
from .page_paths import FEED_FILE, initiative_page
from .pages import updates_newest_first
from .urls import absolute_url, language_root_url

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 50
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


def entry_id(initiative: Initiative, update: Update, rank: int) -> str:
    return f"urn:uuid:{uuid.uuid5(_ENTRY_NAMESPACE, f'{initiative.id}/{update.date}/{rank}')}"


def atom_feed(dataset: Dataset, language: Language, site_url: str, labels: FeedLabels) -> bytes:
    root_url = language_root_url(site_url, language)
    entries = updates_newest_first(dataset)[:FEED_LIMIT]
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": language.tag})
    ET.SubElement(feed, "id").text = root_url
    ET.SubElement(feed, "title").text = labels.title
    ET.SubElement(feed, "updated").text = _timestamp(entries[0][1].date if entries else dataset.source.date)
    ET.SubElement(
        feed,
        "link",
        {"rel": "self", "type": "application/atom+xml", "href": absolute_url(site_url, language, FEED_FILE)},
    )
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": root_url})
    author = ET.SubElement(feed, "author")
    ET.SubElement(author, "name").text = labels.title
    for initiative, update, rank in entries:
        entry = ET.SubElement(feed, "entry")
        title = initiative.title.text_or_chinese(language.key)
        status = labels.statuses[update.status or initiative.status]
        ET.SubElement(entry, "id").text = entry_id(initiative, update, rank)
        ET.SubElement(entry, "title").text = labels.entry_title.format(title=title, status=status)
        ET.SubElement(entry, "updated").text = _timestamp(update.date)
        url = absolute_url(site_url, language, initiative_page(initiative))
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": url})
        ET.SubElement(entry, "category", {"term": update.status or initiative.status, "label": status})
        content = update.text.text(language.key)
        if content is None:  # shown in Chinese, and said so
            content = f"({labels.untranslated}) {update.text.zh}" if labels.untranslated else update.text.zh
        ET.SubElement(entry, "content", {"type": "text"}).text = content
    ET.indent(feed)
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True)) + b"\n"


def robots_txt(site_url: str) -> bytes:
    sitemap = absolute_url(site_url, SOURCE_LANGUAGE, SITEMAP_FILE)  # one sitemap, of both languages
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n".encode()


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"
