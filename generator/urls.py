"""Where each page is published, and the links from one page to another.

Pages are named by their Markdown source path inside their language's docs folder ("themes/index.md",
"initiatives/opening-up-hub.md"). The site is built with directory addresses (MkDocs'
``use_directory_urls: true``, which mkdocs_site/theme.py checks): "a/b.md" is published as "a/b/", "a/index.md"
as "a/". Each language's pages live under its ``prefix`` inside the site ("" for Chinese, "en/").
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from .languages import LANGUAGES, SOURCE_LANGUAGE, Language, other_language

DIRECTORY_URLS = True  # the builder's setting this module's addresses assume (MkDocs' use_directory_urls)


def page_url(page: str) -> str:
    """The address of a page relative to its language's root: "themes/index.md" -> "themes/"."""
    stem = page.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def address_of(name: str) -> str:
    """The address of a page ("themes/index.md" -> "themes/") or a file ("feed.xml") from its language's root."""
    return page_url(name) if name.endswith(".md") else name


def repository_file_url(repo_url: str | None, branch: str, path: str = "") -> str | None:
    """The address of a file of the repository (MkDocs' ``repo_url``, GitHub's form), or with no ``path``
    the address every file's path is added to: "https://github.com/o/r" -> "https://github.com/o/r/blob/main/".
    None without a repository."""
    return f"{repo_url.rstrip('/')}/blob/{branch}/{path}" if repo_url else None


def language_root_url(site_url: str, language: Language) -> str:
    """The absolute address of a language's home page; ``site_url`` is the site root (ends with "/")."""
    return f"{site_url}{language.prefix}"


def absolute_url(site_url: str, language: Language, page: str) -> str:
    """The absolute address of a page of a language, or of a file at that language's root ("feed.xml")."""
    return language_root_url(site_url, language) + address_of(page)


def site_root_from(language: Language) -> str:
    """The relative path from a language's root up to the site root: "" or "../"."""
    return "../" * language.prefix.count("/")


def up_to_docs_root(page: str) -> str:
    """From a page's Markdown source up to its docs folder: how Markdown links start."""
    return "../" * page.count("/")


def up_to_language_root(page: str) -> str:
    """From a page's address up to its language's root: how HTML links start."""
    return "../" * page_url(page).count("/")


def language_root_link(page: str) -> str:
    """A link from a page to its language's root, never empty: "./" from the root itself (as MkDocs'
    ``base_url`` is "." there)."""
    return up_to_language_root(page) or "./"


def from_language_root(language: Language, to_language: Language, name: str) -> str:
    """From a language's root to a page, or a file at a language's root ("404.html"), of any language."""
    return site_root_from(language) + to_language.prefix + address_of(name)


@dataclass(frozen=True)
class LanguageVersion:
    """A page in one language: its absolute address, and the link to it from the page being shown."""

    language: Language
    url: str
    link: str


@dataclass(frozen=True)
class PageAddresses:
    """The addresses the theme prints on a page shown in a language, ready to print. Templates of no
    page (the not-found page) are shown as if at the language's root (``HOME``)."""

    site_url: str  # the site root, ending with "/"
    language: Language
    page: str

    @property
    def language_root(self) -> str:
        """The link from the page to its language's root."""
        return language_root_link(self.page)

    @property
    def site_root(self) -> str:
        """The link from the page to the site root, for files of the whole site (data/, pagefind/)."""
        return self.language_root + site_root_from(self.language)

    def page_link(self, name: str) -> str:
        """The link from the page to a page or a file of its own language ("about.md", "feed.xml")."""
        return self.language_root + address_of(name)

    def site_file_link(self, path: str) -> str:
        """The link from the page to a file of the whole site ("data/initiatives.json", "pagefind/")."""
        return self.site_root + path

    def from_root_link(self, name: str, language: Language) -> str:
        """The link from the page's language root to a page (or a file at a language's root) in ``language``."""
        return from_language_root(self.language, language, name)

    def language_link(self, name: str, language: Language) -> str:
        """The link from the page to a page (or a file at a language's root) in ``language``, by way of
        the site root."""
        return self.language_root + self.from_root_link(name, language)

    @property
    def versions(self) -> tuple[LanguageVersion, ...]:
        """The page in every language, the languages in their order (hreflang, the language switch)."""
        return tuple(
            LanguageVersion(
                language, absolute_url(self.site_url, language, self.page), self.language_link(self.page, language)
            )
            for language in LANGUAGES.values()
        )

    @property
    def x_default(self) -> str:
        """The address for readers of any other language (hreflang="x-default"): the source language's."""
        return absolute_url(self.site_url, SOURCE_LANGUAGE, self.page)


class LinksFrom:
    """Links from one page to others, the two kinds its templates write (the page's way up is worked
    out once: a page has dozens of links)."""

    def __init__(self, page: str) -> None:
        self._up = up_to_docs_root(page)
        self.up_url = up_to_language_root(page)  # the same for every page at this depth: a cache key

    def md(self, to_page: str) -> str:
        """A Markdown link to another page's source (MkDocs turns it into the target's address)."""
        return self._up + to_page

    def html(self, to_page: str) -> str:
        """The address of another page as a browser resolves it from this one (for raw HTML links,
        which MkDocs does not rewrite)."""
        return self.up_url + page_url(to_page)


def counterpart_link(page: str, language: Language) -> str:
    """The address of the same page in the other language, relative to this one's (an HTML link: the
    other language's pages are outside this language's build)."""
    here = (language.prefix + page_url(page)).rstrip("/") or "."
    there = (other_language(language).prefix + page_url(page)).rstrip("/") or "."
    return posixpath.relpath(there, here) + "/"
