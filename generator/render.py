"""Page specs -> Markdown text, through Jinja2 templates (StrictUndefined: a typo is an error)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Mapping
from functools import cache, partial
from pathlib import Path
from typing import Any

import jinja2
import yaml

from .languages import Language
from .models import Glossary, GlossaryTerm, LocalizedText
from .pages import PageSpec, counterpart_href, initiative_page, relative_link, relative_url, status_page, theme_page
from .terminology import TermMatcher

TEMPLATES = Path(__file__).parent / "templates"
_MONTH_NAMES = (
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
# Python-Markdown's backslash-escapable characters; '<', '>' and '&' become entities instead.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def escape_markdown(text: str) -> str:
    """Text from data, shown literally: no Markdown, HTML or template syntax takes effect."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def front_matter_json(value: object) -> str:
    """Structured front matter (JSON is YAML); the theme prints it with `tojson`, which escapes it for HTML."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def front_matter_value(text: str) -> str:
    """A front-matter value that MkDocs themes print into HTML unescaped: escape it here, once."""
    return json.dumps(html.escape(" ".join(text.split())), ensure_ascii=False)


@cache
def load_labels(language_key: str) -> Mapping[str, Any]:
    labels: Mapping[str, Any] = yaml.safe_load((TEMPLATES / f"labels.{language_key}.yaml").read_text("utf-8"))
    return labels


def format_date(iso_date: str, language: Language) -> str:
    date = dt.date.fromisoformat(iso_date)
    return str(load_labels(language.key)["date_format"]).format(
        year=date.year, month=date.month, day=date.day, month_name=_MONTH_NAMES[date.month - 1]
    )


class Renderer:
    def __init__(self, language: Language, glossary: Glossary | None = None) -> None:
        self.language = language
        self.terms = TermMatcher(glossary or Glossary(terms=[]))
        self.environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # the output is Markdown; data goes through the `md` filter instead
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.environment.filters.update(
            md=escape_markdown, meta=front_matter_value, attr=html.escape, json=front_matter_json
        )
        self.environment.globals.update(
            labels=load_labels(language.key),
            t=self.localize,
            annotated=self.annotate_terms,
            lang_of=self.language_of,
            date=partial(format_date, language=language),
            initiative_page=initiative_page,
            theme_page=theme_page,
            status_page=status_page,
        )

    def localize(self, text: LocalizedText) -> str:
        """The text in this page's language; a draft without translation shows the Chinese."""
        return text.text(self.language.key) or text.zh

    def language_of(self, text: LocalizedText) -> str:
        """The BCP 47 tag of what ``localize`` returns, for a lang attribute."""
        return self.language.tag if text.text(self.language.key) else "zh-Hans"

    def render(self, page: PageSpec) -> str:
        template = self.environment.get_template(page.template)
        return template.render(
            **page.context,
            href=partial(relative_link, page.path),
            url=partial(relative_url, page.path),
            here=page.path,
            counterpart=counterpart_href(page.path, self.language),
        )

    def annotate_terms(self, text: LocalizedText) -> str:
        """The text as Markdown, with the first occurrence of each glossary term explained on tap or focus."""
        shown = self.localize(text)
        if self.language_of(text) == self.language.tag and self.language.key != "zh":
            spans = _first_renderings(shown, [term for _, term in self.terms.find(text.zh)])
        else:
            spans = _first_occurrences(shown, self.terms)
        pieces, cursor = [], 0
        for start, end, term in spans:
            pieces.append(escape_markdown(shown[cursor:start]))
            pieces.append(self._term_markup(shown[start:end], term))
            cursor = end
        pieces.append(escape_markdown(shown[cursor:]))
        return "".join(pieces)

    def _term_markup(self, word: str, term: GlossaryTerm) -> str:
        # A button, so that keyboards reach it and a tap focuses it; the explanation is its
        # description and shows on hover or focus (CSS only). Kept out of the search index.
        explanation = term.explanation.text(self.language.key) or term.explanation.zh
        tip = f"term-{term.id}"
        return (
            f'<span class="zibo-term"><button type="button" class="zibo-term__word" aria-describedby="{tip}">'
            f'{escape_markdown(word)}</button><span class="zibo-term__tip" role="tooltip" id="{tip}" '
            f"data-search-exclude>{escape_markdown(explanation)}</span></span>"
        )


def _first_occurrences(text: str, matcher: TermMatcher) -> list[tuple[int, int, GlossaryTerm]]:
    seen: set[str] = set()
    spans = []
    for position, term in matcher.find(text):
        if term.id not in seen:
            seen.add(term.id)
            spans.append((position, position + len(term.zh), term))
    return spans


def _first_renderings(text: str, terms: list[GlossaryTerm]) -> list[tuple[int, int, GlossaryTerm]]:
    """First occurrence of each term's English rendering (longest first, no overlaps)."""
    folded = text.casefold()
    taken: list[tuple[int, int, GlossaryTerm]] = []
    unique = {term.id: term for term in terms}.values()
    for term in sorted(unique, key=lambda t: -len(t.en)):
        for rendering in sorted((term.en, *term.variants), key=len, reverse=True):
            start = folded.find(rendering.casefold())
            while start >= 0 and any(start < e and start + len(rendering) > s for s, e, _ in taken):
                start = folded.find(rendering.casefold(), start + 1)
            if start >= 0:
                taken.append((start, start + len(rendering), term))
                break
    return sorted(taken, key=lambda span: span[0])
