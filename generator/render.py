"""Page specs -> Markdown text, through Jinja2 templates (StrictUndefined: a typo is an error)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path

import jinja2

# Re-exported: the glue and older callers import the labels from here.
from .labels import format_date as format_date
from .labels import format_month as format_month
from .labels import load_labels as load_labels
from .languages import Language
from .models import Glossary, GlossaryTerm, Initiative, LocalizedText, Theme
from .navigation import short_title
from .pages import PageSpec, initiative_page, status_page, theme_page
from .terminology import TermMatcher, pinyin_sort_key
from .urls import counterpart_link, html_link, page_url, up_to_docs_root, up_to_language_root

TEMPLATES = Path(__file__).parent / "templates"
# Characters that start Markdown syntax anywhere in a line ('<', '>' and '&' become entities).
# Escaping only these keeps the text light for Python-Markdown, whose cost grows with every escape.
_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]#|])")
# A text always goes out as one line: a line break in it could otherwise end a heading or a table
# row, or start a block of its own (an "!!!" admonition, a "???" details block, a "===" heading
# underline, a list, a fenced code block...). HTML shows a line break as a space anyway.
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n\u2028\u2029][ \t\r\n\u2028\u2029]*")
# What starts a block only at the beginning of a line: "-" and "+" lists and rules, "1." and "1)"
# numbered lists; "!!!" admonitions, "???" details, "===" underlines and "~~~" fences, whose
# characters Python-Markdown cannot backslash-escape, so they become character references.
_BLOCK_START = re.compile(r"^(?:([-+])|(\d+)(?=[.)])|([!?=~:]))")


# Where a block of ready HTML starts and ends. HTML comments: any Markdown reader shows the page
# the same, and a builder may pass the block through as it is instead of parsing its HTML again.
READY_HTML_START = "<!-- ready-html -->"
READY_HTML_END = "<!-- /ready-html -->"


_FENCE_CHARACTERS = str.maketrans({"`": "&#96;", "~": "&#126;"})


def escape_html(text: str) -> str:
    """Text from data inside HTML, shown literally. Backticks and tildes too: Python-Markdown looks
    for ``` and ~~~ code fences even inside blocks of HTML, and a line of them would become code."""
    return html.escape(text).translate(_FENCE_CHARACTERS)


def ready_html(block: str) -> str:
    """A block of HTML that is complete and escaped: nothing in it is Markdown."""
    return f"{READY_HTML_START}\n{block.strip()}\n{READY_HTML_END}"


def _escape_block_start(match: re.Match[str]) -> str:
    marker, number, other = match[1], match[2], match[3]
    if marker:
        return f"\\{marker}"
    return f"{number}\\" if number else f"&#{ord(other)};"


def escape_markdown(text: str) -> str:
    """Text from data, shown literally on one line: no Markdown, HTML or template syntax takes effect."""
    one_line = _LINE_BREAKS.sub(" ", text).strip(" \t")
    escaped = _INLINE_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))
    return _BLOCK_START.sub(_escape_block_start, escaped, count=1)


def escape_bibtex(text: str) -> str:
    """Text for a BibTeX field in braces: its own braces and TeX specials are escaped."""
    return re.sub(r"([{}%&$#_\\])", r"\\\1", " ".join(text.split()))


def front_matter_json(value: object) -> str:
    """Structured front matter (JSON is YAML); the theme prints it with `tojson`, which escapes it for HTML."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def front_matter_value(text: str) -> str:
    """A front-matter value that MkDocs themes print into HTML unescaped: escape it here, once."""
    return json.dumps(html.escape(" ".join(text.split())), ensure_ascii=False)


DESCRIPTION_LIMIT = 160  # characters search engines show of a page's description
# Where a description may end: after a clause, in either language (the mark stays, the space goes).
_CLAUSE_END = re.compile(r"[，；：、。！？,;:.!?](?=\s|$)|[，；：、。！？]")
_SENTENCE_ENDS = ("。", "！", "？", ".", "!", "?")


def shorten_description(text: str, ellipsis: str = "…", limit: int = DESCRIPTION_LIMIT) -> str:
    """The text whole when it fits in ``limit`` characters, else cut after its last clause that fits."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - len(ellipsis)
    ends = [match.end() for match in _CLAUSE_END.finditer(text, 0, room + 1) if match.end() <= room]
    if ends and ends[-1] > limit // 3:
        cut = ends[-1]
    else:  # no clause ends early enough: the last whole word (English), else the last character that fits
        space = text.rfind(" ", 0, room)
        cut = space if space > limit // 3 else room
    kept = text[:cut].rstrip(" ，；：、,;:")
    return kept if kept.endswith(_SENTENCE_ENDS) else kept + ellipsis


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
            # A renderer lives for one build: no need to check each template's file before every page.
            auto_reload=False,
        )
        self.environment.filters.update(
            md=escape_markdown,
            meta=front_matter_value,
            describe=self.describe,
            bibtex=escape_bibtex,
            attr=escape_html,
            json=front_matter_json,
            ready_html=ready_html,
        )
        self.labels = load_labels(language.key)
        # Said where an untranslated text stands (the Chinese shown in its place), not over the whole page.
        label = html.escape(self.labels["untranslated"])
        self.untranslated = f' <span class="zibo-untranslated" lang="{language.tag}">({label})</span>'
        self.environment.globals.update(
            labels=self.labels,
            t=self.localize,
            inline=self.inline,
            annotated=self.annotate_terms,
            lang_of=self.language_of,
            date=partial(format_date, language=language),
            month=partial(format_month, language=language),
            initiative_page=initiative_page,
            theme_page=theme_page,
            status_page=status_page,
        )
        # Pieces that repeat across thousands of pages (titles, cards) are rendered
        # once in Python and reused: Jinja macro calls would dominate the generator's time.
        self._inline: dict[int, str] = {}
        self._cards: dict[tuple[str, str], str] = {}

    def describe(self, text: str) -> str:
        """A page description for the front matter: at most 160 characters, cut at a clause."""
        return front_matter_value(shorten_description(text, str(self.labels["ellipsis"])))

    def localize(self, text: LocalizedText) -> str:
        """The text in this page's language; a draft without translation shows the Chinese."""
        return text.text_or_chinese(self.language.key)

    def language_of(self, text: LocalizedText) -> str:
        """The BCP 47 tag of what ``localize`` returns, for a lang attribute."""
        return self.language.tag if text.text(self.language.key) else "zh-Hans"

    def inline(self, text: LocalizedText) -> str:
        """The text as inline Markdown in this page's language, marked when it is the Chinese instead."""
        key = id(text)
        if key not in self._inline:
            shown = escape_markdown(self.localize(text))
            language = self.language_of(text)
            self._inline[key] = (
                shown if language == self.language.tag else f'<span lang="{language}">{shown}</span>{self.untranslated}'
            )
        return self._inline[key]

    def cards(self, initiatives: Sequence[Initiative], up: str, themes_by_id: Mapping[str, Theme]) -> str:
        """A grid of cards (number, title, summary, theme links) in the HTML of Material's "grid cards".

        Ready HTML (links as page addresses) rather than Markdown: listings grow with the number of
        initiatives, and Python-Markdown would spend most of the build re-reading them.
        """
        items = []
        for initiative in initiatives:
            key = (initiative.id, up)
            if key not in self._cards:
                themes = self.theme_links_html(initiative.themes, up, themes_by_id)
                self._cards[key] = (
                    f'<li><p><span class="zibo-number">{initiative.number}</span> '
                    f'<a href="{up}{page_url(initiative_page(initiative))}">{self.short_html(initiative)}</a>'
                    f"</p>\n<hr>\n<p>{self.inline_html(initiative.summary)}</p>\n<p>{themes}</p></li>"
                )
            items.append(self._cards[key])
        body = "\n".join(items)
        return (
            ready_html(f'<div class="grid cards zibo-cards" data-pagefind-ignore>\n<ul>\n{body}\n</ul>\n</div>') + "\n"
        )

    def theme_links_html(
        self, theme_ids: Sequence[str], up: str, themes_by_id: Mapping[str, Theme], *, search_filter: bool = False
    ) -> str:
        """Links to the themes' pages, as HTML; ``up`` leads from the page's address to the site root.
        With ``search_filter``, each link's text is the page's value of the search filter "theme"."""
        links = []
        mark = ' data-pagefind-filter="theme"' if search_filter else ""
        for theme_id in theme_ids:
            theme = themes_by_id[theme_id]
            links.append(f'<a href="{up}{page_url(theme_page(theme))}"{mark}>{self.inline_html(theme.label)}</a>')
        return str(self.labels["list_separator"]).join(links)

    def sort_terms(self, terms: Sequence[GlossaryTerm]) -> list[GlossaryTerm]:
        """Glossary order for this language: by pinyin in Chinese, alphabetically in English."""
        if self.language.key == "zh":
            return sorted(terms, key=lambda term: (pinyin_sort_key(term.pinyin or term.zh), term.zh))
        return sorted(terms, key=lambda term: (term.en.casefold(), term.zh))

    def short_html(self, initiative: Initiative) -> str:
        """The initiative's short title as HTML, marked as Chinese when it falls back to the Chinese."""
        shown = escape_html(short_title(initiative, self.language))
        translated = (initiative.short and initiative.short.text(self.language.key)) or initiative.title.text(
            self.language.key
        )
        return shown if translated else f'<span lang="zh-Hans">{shown}</span>'

    def inline_html(self, text: LocalizedText) -> str:
        shown = escape_html(self.localize(text))
        language = self.language_of(text)
        return shown if language == self.language.tag else f'<span lang="{language}">{shown}</span>{self.untranslated}'

    def render(self, page: PageSpec) -> str:
        template = self.environment.get_template(page.template)
        up = up_to_docs_root(page.path)
        up_url = up_to_language_root(page.path)
        themes_by_id = page.context["themes_by_id"]
        return template.render(
            **page.context,
            href=lambda target: up + target,
            url=partial(html_link, page.path),
            cards=partial(self.cards, up=up_url, themes_by_id=themes_by_id),
            html=self.inline_html,
            short_html=self.short_html,
            sort_terms=self.sort_terms,
            theme_links_html=partial(self.theme_links_html, up=up_url, themes_by_id=themes_by_id),
            page=lambda target: up_url + page_url(target),
            here=page.path,
            counterpart=counterpart_link(page.path, self.language),
        )

    def annotate_terms(self, text: LocalizedText) -> str:
        """The text as HTML, with the first occurrence of each glossary term explained on tap or focus."""
        shown = self.localize(text)
        if self.language_of(text) == self.language.tag and self.language.key != "zh":
            spans = _first_renderings(shown, [term for _, term in self.terms.find(text.zh)])
        else:
            spans = _first_occurrences(shown, self.terms)
        pieces, cursor = [], 0
        for start, end, term in spans:
            pieces.append(escape_html(shown[cursor:start]))
            pieces.append(self._term_markup(shown[start:end], term))
            cursor = end
        pieces.append(escape_html(shown[cursor:]))
        if self.language_of(text) != self.language.tag:
            pieces.append(self.untranslated)
        return "".join(pieces)

    def _term_markup(self, word: str, term: GlossaryTerm) -> str:
        # A button, so that keyboards reach it and a tap focuses it; the explanation is its
        # description and shows on hover or focus (CSS only). Kept out of the search index.
        explanation = term.explanation.text_or_chinese(self.language.key)
        tip = f"term-{term.id}"
        return (
            f'<span class="zibo-term"><button type="button" class="zibo-term__word" aria-describedby="{tip}" '
            f'aria-expanded="false">'
            f'{escape_html(word)}</button><span class="zibo-term__tip" role="tooltip" id="{tip}" '
            f"data-pagefind-ignore>{escape_html(explanation)}</span></span>"
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
