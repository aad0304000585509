"""The site's two languages and how each is named in data, in HTML and in addresses."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    key: str  # key of the text in the data: zh / en
    tag: str  # BCP 47 tag for <html lang>, hreflang, feeds and sitemap
    og_locale: str  # Open Graph locale
    prefix: str  # where this language's pages live inside the site
    name: str  # the language's own name, shown in the language switch


ZH = Language(key="zh", tag="zh-Hans", og_locale="zh_CN", prefix="", name="简体中文")
EN = Language(key="en", tag="en", og_locale="en_US", prefix="en/", name="English")
LANGUAGES: dict[str, Language] = {language.key: language for language in (ZH, EN)}
SOURCE_LANGUAGE = ZH  # the official text; every other language is a translation of it


def other_language(language: Language) -> Language:
    return EN if language is ZH else ZH


# Month names for English dates ("16 April 2020"); Chinese dates need none ("2020年4月16日").
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
