"""Page specs -> Markdown text, through Jinja2 templates (StrictUndefined: a typo is an error)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path

import jinja2
from markupsafe import Markup

from .html_blocks import ReadyHtmlBlocks, escape_html, format_text_as_html, html_format, ready_html
from .labels import format_date, format_month, load_labels
from .languages import Language
from .models import Glossary, GlossaryTerm, Initiative, LocalizedText, Theme
from .navigation import short_title
from .page_paths import initiative_page, status_page, theme_page
from .pages import PageSpec
from .terminology import TermMatcher, pinyin_sort_key
from .urls import LinksFrom, counterpart_link

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
            # The output is Markdown: data goes through the `md` filter. Blocks of HTML are written as
            # {% ready_html %}, where autoescape is on (generator/html_blocks.py).
            autoescape=False,
            extensions=[ReadyHtmlBlocks],
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            # A renderer lives for one build: no need to check each template's file before every page.
            auto_reload=False,
        )
        self.environment.filters.update(
            md=escape_markdown,
            md_html=markdown_in_html,
            meta=front_matter_value,
            describe=self.describe,
            json=front_matter_json,
            ready_html=ready_html,
            format_html=format_text_as_html,
        )
        self.labels = load_labels(language.key)
        # Said where an untranslated text stands (the Chinese shown in its place), not over the whole page.
        self.untranslated = html_format(
            ' <span class="zibo-untranslated" lang="{}">({})</span>', language.tag, self.labels["untranslated"]
        )
        # Named for what they return: `_md` Markdown, `_html` HTML (Markup), plain names plain text.
        self.environment.globals.update(
            labels=self.labels,
            localized=self.localize,
            inline_md=self.inline_md,
            inline_html=self.inline_html,
            annotated_html=self.annotated_html,
            language_tag_of=self.language_of,
            short_html=self.short_html,
            editors_summary_html=self.editors_summary_html,
            sort_terms=self.sort_terms,
            time_html=self.time_html,
            link_html=link_html,
            date=partial(format_date, language=language),
            month=partial(format_month, language=language),
            initiative_page=initiative_page,
            theme_page=theme_page,
            status_page=status_page,
        )
        # Pieces that repeat across thousands of pages (titles, cards) are rendered
        # once in Python and reused: Jinja macro calls would dominate the generator's time.
        self._inline: dict[LocalizedText, str] = {}
        self._inline_html: dict[LocalizedText, Markup] = {}
        self._theme_links: dict[tuple[tuple[str, ...], str, bool], Markup] = {}
        self._cards: dict[tuple[str, str], Markup] = {}

    def describe(self, text: str) -> str:
        """A page description for the front matter: at most 160 characters, cut at a clause."""
        return front_matter_value(shorten_description(text, str(self.labels["ellipsis"])))

    def localize(self, text: LocalizedText) -> str:
        """The text in this page's language; a draft without translation shows the Chinese."""
        return text.text_or_chinese(self.language.key)

    def language_of(self, text: LocalizedText) -> str:
        """The BCP 47 tag of what ``localize`` returns, for a lang attribute."""
        return self.language.tag if text.text(self.language.key) else "zh-Hans"

    def marked(self, text: LocalizedText, escape: Callable[[str], Markup]) -> Markup:
        """The text in this page's language, escaped by ``escape``; the Chinese instead, marked as such."""
        shown = escape(self.localize(text))
        language = self.language_of(text)
        if language == self.language.tag:
            return shown
        return html_format('<span lang="{}">{}</span>{}', language, shown, self.untranslated)

    def inline_md(self, text: LocalizedText) -> str:
        """The text as inline Markdown in this page's language, marked when it is the Chinese instead."""
        inline = self._inline.get(text)
        if inline is None:
            inline = self._inline[text] = str(self.marked(text, markdown_in_html))
        return inline

    def inline_html(self, text: LocalizedText) -> Markup:
        """The text as HTML in this page's language, marked when it is the Chinese instead."""
        inline = self._inline_html.get(text)
        if inline is None:
            inline = self._inline_html[text] = self.marked(text, escape_html)
        return inline

    def cards(self, initiatives: Sequence[Initiative], links: LinksFrom, themes_by_id: Mapping[str, Theme]) -> str:
        """A grid of cards (number, title, summary, theme links) in the HTML of Material's "grid cards".

        Ready HTML (links as page addresses) rather than Markdown: listings grow with the number of
        initiatives, and Python-Markdown would spend most of the build re-reading them.
        """
        items = []
        for initiative in initiatives:
            key = (initiative.id, links.up_url)
            if key not in self._cards:
                themes = self.theme_links_html(initiative.themes, links, themes_by_id)
                self._cards[key] = html_format(
                    '<li><p><span class="zibo-number">{}</span> <a href="{}">{}</a></p>\n<hr>\n{}\n<p>{}</p></li>',
                    initiative.number,
                    links.html(initiative_page(initiative)),
                    self.short_html(initiative),
                    self.editors_summary_html(initiative),
                    themes,
                )
            items.append(self._cards[key])
        grid = '<div class="grid cards zibo-cards" data-pagefind-ignore>\n<ul>\n{}\n</ul>\n</div>'
        return ready_html(html_format(grid, Markup("\n").join(items))) + "\n"

    def editors_summary_html(self, initiative: Initiative, element_id: str = "") -> Markup:
        """The editors' one-sentence summary, labelled as theirs: it is never the article's text. With
        ``element_id`` (the initiative page's "zibo-summary"), the search box's excerpts may start there."""
        return html_format(
            '<p class="zibo-editors-summary"{}><span class="zibo-editors-summary__label" data-pagefind-ignore>{}'
            "</span> {}</p>",
            html_format(' id="{}"', element_id) if element_id else "",
            self.labels["editors_summary"],
            self.inline_html(initiative.summary),
        )

    def theme_links_html(
        self,
        theme_ids: Sequence[str],
        links: LinksFrom,
        themes_by_id: Mapping[str, Theme],
        *,
        search_filter: bool = False,
    ) -> Markup:
        """Links to the themes' pages, as HTML, as ``links`` (the page's) writes them.
        With ``search_filter``, each link's text is the page's value of the search filter "theme"."""
        key = (tuple(theme_ids), links.up_url, search_filter)
        if key not in self._theme_links:
            link = '<a href="{}" data-pagefind-filter="theme">{}</a>' if search_filter else '<a href="{}">{}</a>'
            themes = [themes_by_id[theme_id] for theme_id in theme_ids]
            items = [html_format(link, links.html(theme_page(t)), self.inline_html(t.label)) for t in themes]
            self._theme_links[key] = Markup(escape_html(self.labels["list_separator"]).join(items))
        return self._theme_links[key]

    def time_html(self, day: str) -> Markup:
        """A date as a <time> element, written the way this language writes dates."""
        return html_format('<time datetime="{}">{}</time>', day, format_date(day, self.language))

    def sort_terms(self, terms: Sequence[GlossaryTerm]) -> list[GlossaryTerm]:
        """Glossary order for this language: by pinyin in Chinese, alphabetically in English."""
        if self.language.key == "zh":
            return sorted(terms, key=lambda term: (pinyin_sort_key(term.pinyin or term.zh), term.zh))
        return sorted(terms, key=lambda term: (term.en.casefold(), term.zh))

    def short_html(self, initiative: Initiative) -> Markup:
        """The initiative's short title as HTML, marked as Chinese when it falls back to the Chinese."""
        shown = escape_html(short_title(initiative, self.language))
        translated = (initiative.short and initiative.short.text(self.language.key)) or initiative.title.text(
            self.language.key
        )
        return shown if translated else html_format('<span lang="zh-Hans">{}</span>', shown)

    def render(self, page: PageSpec) -> str:
        template = self.environment.get_template(page.template)
        links = LinksFrom(page.path)
        themes_by_id = page.context["themes_by_id"]
        return template.render(
            **page.context,
            md_link=links.md,  # a page's Markdown file, from this one's, for [text](link)
            html_link=links.html,  # a page's address, from this one's, for href=""
            cards=partial(self.cards, links=links, themes_by_id=themes_by_id),
            theme_links_html=partial(self.theme_links_html, links=links, themes_by_id=themes_by_id),
            here=page.path,
            counterpart_url=counterpart_link(page.path, self.language),
        )

    def annotated_html(self, text: LocalizedText) -> Markup:
        """The text as HTML, with the first occurrence of each glossary term explained on tap or focus."""
        shown = self.localize(text)
        if self.language_of(text) == self.language.tag and self.language.key != "zh":
            spans = _first_renderings(shown, [term for _, term in self.terms.find(text.zh)])
        else:
            spans = _first_occurrences(shown, self.terms)
        pieces: list[Markup] = []
        cursor = 0
        for start, end, term in spans:
            pieces.append(escape_html(shown[cursor:start]))
            pieces.append(self._term_markup(shown[start:end], term))
            cursor = end
        pieces.append(escape_html(shown[cursor:]))
        if self.language_of(text) != self.language.tag:
            pieces.append(self.untranslated)
        return Markup("").join(pieces)

    def _term_markup(self, word: str, term: GlossaryTerm) -> Markup:
        # A button to keyboards and screen readers (role, tabindex, Enter and Space: overrides/assets/
        # javascripts/zibo.js), yet text that wraps with the sentence: a <button> is one unbreakable box,
        # which sent a long term whole to the next line and let the punctuation after it start a line.
        # The explanation is its description and shows on hover or focus (CSS only); out of search.
        explanation = term.explanation.text_or_chinese(self.language.key)
        return html_format(
            '<span class="zibo-term"><span role="button" tabindex="0" class="zibo-term__word" '
            'aria-describedby="term-{id}" aria-expanded="false">{word}</span>'
            '<span class="zibo-term__tip" role="tooltip" id="term-{id}" '
            "data-pagefind-ignore>{explanation}</span></span>",
            id=term.id,
            word=word,
            explanation=explanation,
        )


def link_html(address: str) -> Markup:
    """A link that shows its own address (printed once: print CSS adds no second copy to a `zibo-url`)."""
    return html_format('<a class="zibo-url" href="{0}">{0}</a>', address)


def markdown_in_html(text: str) -> Markup:
    """Inline Markdown of the text; HTML-safe where it stands (element content), as it escapes '<' and '&'."""
    return Markup(escape_markdown(text))


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
