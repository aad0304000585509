"""Blocks of ready HTML inside the generated Markdown, escaped by construction.

Text from data becomes HTML only through ``Markup``: the renderer builds its pieces (cards, theme
links, term tooltips) with ``html_format``, and a template writes a block as
``{% ready_html %}…{% endready_html %}``, where Jinja's autoescape is on, so a value is escaped
unless it is already ``Markup``. A block that is not ``Markup`` is refused, never published.
"""

from __future__ import annotations

import html
from typing import Any

from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.nodes import EvalContext
from jinja2.parser import Parser
from jinja2.utils import pass_eval_context
from markupsafe import Markup

# Where a block of ready HTML starts and ends. HTML comments: any Markdown reader shows the page
# the same, and a builder may pass the block through as it is instead of parsing its HTML again.
READY_HTML_START = "<!-- ready-html -->"
READY_HTML_END = "<!-- /ready-html -->"

_FENCE_CHARACTERS = str.maketrans({"`": "&#96;", "~": "&#126;"})


def escape_html(text: object) -> Markup:
    """Text from data inside HTML, shown literally. Backticks and tildes too: Python-Markdown looks
    for ``` and ~~~ code fences even inside blocks of HTML, and a line of them would become code."""
    if hasattr(text, "__html__"):
        return Markup(text)
    return Markup(html.escape(str(text)).translate(_FENCE_CHARACTERS))


def html_format(template: str, /, *args: object, **values: object) -> Markup:
    """``template.format(...)``, where ``template`` is HTML written in the code and every value that is
    not ``Markup`` is text, escaped."""
    return Markup(template).format(*map(escape_html, args), **{key: escape_html(v) for key, v in values.items()})


def format_text_as_html(text: str, /, *args: object, **values: object) -> Markup:
    """``text.format(...)`` as HTML, where ``text`` (a label) is text too: escaped, then filled in."""
    return html_format(escape_html(text), *args, **values)


def ready_html(block: Markup) -> str:
    """A block of HTML that is complete and escaped: nothing in it is Markdown."""
    if not isinstance(block, Markup):
        raise TypeError("ready HTML is built as Markup (html_format, or {% ready_html %} in a template), not as a str")
    return f"{READY_HTML_START}\n{block.strip()}\n{READY_HTML_END}"


@pass_eval_context
def escape_output(context: EvalContext, value: Any) -> Any:
    """Jinja's ``finalize``: where autoescape is on, a value is escaped the way ``escape_html`` does it
    (Jinja's own escaping leaves the fence characters); elsewhere, in Markdown, it goes out as it is."""
    if context.autoescape and not hasattr(value, "__html__"):
        return escape_html(value)
    return value


class ReadyHtmlBlocks(Extension):
    """``{% ready_html %}…{% endready_html %}``: the block rendered with autoescape on, then marked as ready HTML."""

    tags = {"ready_html"}  # noqa: RUF012 (Jinja's own attribute)

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endready_html",), drop_needle=True)
        mark = nodes.Filter(None, "ready_html", [], [], None, None, lineno=lineno)
        block = nodes.FilterBlock(body, mark, lineno=lineno)
        return nodes.ScopedEvalContextModifier([nodes.Keyword("autoescape", nodes.Const(True))], [block], lineno=lineno)
