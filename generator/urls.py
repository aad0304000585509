"""Where each page is published, and the links from one page to another.

Pages are named by their Markdown source path inside their language's docs folder ("themes/index.md",
"initiatives/opening-up-hub.md"). The site is built with directory addresses (MkDocs'
``use_directory_urls: true``, which the glue checks): "a/b.md" is published as "a/b/", "a/index.md"
as "a/". Each language's pages live under its ``prefix`` inside the site ("" for Chinese, "en/").
"""

from __future__ import annotations

import posixpath

from .languages import Language, other_language

DIRECTORY_URLS = True  # the builder's setting this module's addresses assume (MkDocs' use_directory_urls)


def page_url(page: str) -> str:
    """The address of a page relative to its language's root: "themes/index.md" -> "themes/"."""
    stem = page.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def language_root_url(site_url: str, language: Language) -> str:
    """The absolute address of a language's home page; ``site_url`` is the site root (ends with "/")."""
    return f"{site_url}{language.prefix}"


def absolute_url(site_url: str, language: Language, page: str) -> str:
    """The absolute address of a page of a language, or of a file at that language's root ("feed.xml")."""
    return language_root_url(site_url, language) + (page_url(page) if page.endswith(".md") else page)


def site_root_from(language: Language) -> str:
    """The relative path from a language's root up to the site root: "" or "../"."""
    return "../" * language.prefix.count("/")


def up_to_docs_root(page: str) -> str:
    """From a page's Markdown source up to its docs folder: how Markdown links start."""
    return "../" * page.count("/")


def up_to_language_root(page: str) -> str:
    """From a page's address up to its language's root: how HTML links start."""
    return "../" * page_url(page).count("/")


def md_link(from_page: str, to_page: str) -> str:
    """A Markdown link from one page's source to another's (MkDocs turns it into the target's address)."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def html_link(from_page: str, to_page: str) -> str:
    """The address of one page relative to another's, as a browser resolves it (for raw HTML links,
    which MkDocs does not rewrite)."""
    here = page_url(from_page).rstrip("/") or "."
    there = page_url(to_page).rstrip("/") or "."
    return posixpath.relpath(there, here) + "/"


def counterpart_link(page: str, language: Language) -> str:
    """The address of the same page in the other language, relative to this one's (an HTML link: the
    other language's pages are outside this language's build)."""
    here = (language.prefix + page_url(page)).rstrip("/") or "."
    there = (other_language(language).prefix + page_url(page)).rstrip("/") or "."
    return posixpath.relpath(there, here) + "/"
