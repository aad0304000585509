"""The archived source article (``source.copy``): read once, parsed once, for the verbatim check and the
source page.

The article is read as paragraphs: the headline, the date line, the lead (the paragraph before the first
item), then numbered items, each a title ``N、…`` followed by its text. The source page shows it
paragraph by paragraph, each matched to the data that translates it: the headline, the lead, each
initiative's title and text. Without a copy, the page is built from the data's own Chinese texts in
the same order.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath, PureWindowsPath

from .errors import DataError, Problem
from .loader import LocatedDocument, invisible_line_breaks
from .models import Dataset, Initiative, LocalizedText
from .project import project_folder

_ITEM_TITLE = re.compile(r"^(\d+)、(.+)$")


@dataclass(frozen=True)
class Paragraph:
    kind: str  # "headline", "dateline", "lead", "item-title", "item-text" or "other"
    text: str  # verbatim
    number: int | None = None  # of the item, for an item's title and text


@dataclass(frozen=True)
class Article:
    file: str  # as the data names it (source.copy)
    paragraphs: tuple[Paragraph, ...]

    @classmethod
    def parse(cls, file: str, text: str) -> Article:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        titles = [i for i, line in enumerate(lines) if _ITEM_TITLE.match(line) and i + 1 < len(lines) and i > 1]
        lead = titles[0] - 1 if titles and titles[0] > 2 else None
        paragraphs: list[Paragraph] = []
        for index, line in enumerate(lines):
            match = _ITEM_TITLE.match(line)
            previous = paragraphs[-1] if paragraphs else None
            if index < 2:
                paragraphs.append(Paragraph(("headline", "dateline")[index], line))
            elif index in titles and match:
                paragraphs.append(Paragraph("item-title", line, int(match[1])))
            elif previous is not None and previous.kind == "item-title":
                paragraphs.append(Paragraph("item-text", line, previous.number))
            else:
                paragraphs.append(Paragraph("lead" if index == lead else "other", line))
        return cls(file, tuple(paragraphs))

    def _first(self, kind: str) -> str | None:
        return next((paragraph.text for paragraph in self.paragraphs if paragraph.kind == kind), None)

    @property
    def headline(self) -> str:
        return self._first("headline") or ""

    @property
    def dateline(self) -> str:
        return self._first("dateline") or ""

    @property
    def lead(self) -> str | None:
        return self._first("lead")

    @cached_property
    def items(self) -> dict[int, tuple[str, str]]:
        """Number -> (title without its number, text), the first item of each number."""
        found: dict[int, tuple[str, str]] = {}
        for title, text in zip(self.paragraphs, self.paragraphs[1:], strict=False):
            if title.kind == "item-title" and title.number is not None:
                found.setdefault(title.number, (title.text.split("、", 1)[1], text.text))
        return found


def read_article(document: LocatedDocument, data_path: Path) -> Article | None:
    """The archived article that ``source.copy`` names, relative to the project folder; None without one."""
    source = document.data.get("source") if isinstance(document.data, dict) else None
    copy = source.get("copy") if isinstance(source, dict) else None
    if not isinstance(copy, str) or not copy:
        return None
    file, problem = _copy_file(project_folder(data_path), copy)
    if problem:
        raise DataError([document.problem("source.copy", problem)])
    try:
        # Not blocking: should the file have become a pipe since it was looked at, opening it must not wait.
        with os.fdopen(os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as opened:
            if not stat.S_ISREG(os.fstat(opened.fileno()).st_mode):
                raise DataError([document.problem("source.copy", _not_a_file(copy, "a device or a pipe"))])
            content = opened.read(MAX_COPY_BYTES + 1)
        if len(content) > MAX_COPY_BYTES:
            raise DataError([document.problem("source.copy", _too_large(copy))])
        text = content.decode("utf-8").removeprefix("\ufeff")  # Notepad's mark of UTF-8, not the article's text
        # Pasted from a web page, they would be compared as characters no text of the data may have.
        breaks = invisible_line_breaks(text)
        if breaks:
            pasted = "(often pasted from a PDF or a web page): delete it"
            problems = [
                Problem(copy, line, column, "", f"an invisible {name} character here {pasted}")
                for line, column, name in breaks
            ]
            raise DataError(problems)
        return Article.parse(copy, text)
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "it is not UTF-8 text"
        raise DataError([document.problem("source.copy", f"cannot read the article copy {copy!r}: {reason}")]) from None


MAX_COPY_BYTES = 4 * 1024 * 1024  # the article is some 20 KB: a copy a thousand times larger is not the article
_WHERE_COPIES_ARE = "the archived article belongs in data/sources/; write its path from the project folder"


def _copy_file(project: Path, copy: str) -> tuple[Path, str | None]:
    """The file ``copy`` names, or what is wrong with it: it must be a regular file of the project, of a
    bounded size. Judged by its path and its metadata only: a device or a pipe is never opened (reading
    /dev/stdin waits forever), and nothing outside the project is read, so no message can show it."""
    if PurePosixPath(copy).is_absolute() or PureWindowsPath(copy).is_absolute() or PureWindowsPath(copy).drive:
        return project, (
            f"the article copy {copy!r} is an absolute path: {_WHERE_COPIES_ARE}, e.g. "
            "data/sources/zibo-15-reforms-2020-04-20.zh.txt"
        )
    file = (project / copy).resolve()
    if not file.is_relative_to(project):
        through = " (through a symbolic link)" if ".." not in PurePosixPath(copy).parts else ""
        return file, (
            f"the article copy {copy!r} is outside the project folder{through}: {_WHERE_COPIES_ARE}, e.g. "
            "data/sources/zibo-15-reforms-2020-04-20.zh.txt, and keep the file itself there"
        )
    try:
        status = file.stat()
    except OSError as error:
        return file, f"cannot read the article copy {copy!r}: {error.strerror}"
    if not stat.S_ISREG(status.st_mode):
        return file, _not_a_file(copy, "a folder" if stat.S_ISDIR(status.st_mode) else "a device or a pipe")
    if status.st_size > MAX_COPY_BYTES:
        return file, _too_large(copy)
    return file, None


def _not_a_file(copy: str, kind: str) -> str:
    return (
        f"the article copy {copy!r} is {kind}, not a file: name the text file of the archived article, e.g. "
        "data/sources/zibo-15-reforms-2020-04-20.zh.txt"
    )


def _too_large(copy: str) -> str:
    return (
        f"the article copy {copy!r} is larger than {MAX_COPY_BYTES // (1024 * 1024)} MB, far larger than an "
        "article: name the text file of the archived article (its text only, as UTF-8)"
    )


@dataclass(frozen=True)
class ArticleUnit:
    kind: str  # as the paragraph's
    zh: str  # the article's text, verbatim
    translation: LocalizedText | None  # the data text that translates it, when there is one
    anchor: str | None = None  # where "source" links land: the headline, the lead, each initiative
    initiative: Initiative | None = None


def initiative_anchor(initiative: Initiative) -> str:
    return f"item-{initiative.number}"


def article_units(dataset: Dataset, article: Article | None) -> list[ArticleUnit]:
    """The article paragraph by paragraph, in its order, each with its translation where the data has one."""
    if article is None:
        return _units_from_data(dataset)
    by_number = {initiative.number: initiative for initiative in dataset.initiatives}
    source = dataset.source
    units: list[ArticleUnit] = []
    for paragraph in article.paragraphs:
        initiative = by_number.get(paragraph.number) if paragraph.number is not None else None
        if paragraph.kind == "headline":
            units.append(ArticleUnit("headline", paragraph.text, source.title, "headline"))
        elif paragraph.kind == "lead":
            units.append(ArticleUnit("lead", paragraph.text, source.lead, "lead"))
        elif paragraph.kind == "item-title" and initiative is not None:
            anchor = initiative_anchor(initiative)
            units.append(ArticleUnit("item-title", paragraph.text, initiative.title, anchor, initiative))
        elif paragraph.kind == "item-text" and initiative is not None:
            units.append(ArticleUnit("item-text", paragraph.text, initiative.body, None, initiative))
        else:
            kind = "dateline" if paragraph.kind == "dateline" else "other"
            units.append(ArticleUnit(kind, paragraph.text, None))
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
