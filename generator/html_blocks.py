"""Blocks of ready HTML inside the generated Markdown, escaped by construction.

Text from data becomes HTML only through ``Markup``: the renderer builds its pieces (cards, theme
links, term tooltips) with ``html_format``, and a template writes a block as
``{% ready_html %}…{% endready_html %}``, where Jinja's autoescape is on, so a value is escaped
unless it is already ``Markup``. A block that is not ``Markup`` is refused, never published.
"""

from __future__ import annotations

from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup, escape

# Where a block of ready HTML starts and ends. HTML comments: any Markdown reader shows the page
# the same, and a builder may pass the block through as it is instead of parsing its HTML again.
READY_HTML_START = "<!-- ready-html -->"
READY_HTML_END = "<!-- /ready-html -->"

# Python-Markdown looks for ``` and ~~~ code fences even inside blocks of HTML, and a line of them
# would become code: in ready HTML they are character references (a browser shows the same).


def escape_html(value: object, /) -> Markup:
    """Text from data inside HTML, shown literally (``Markup`` as it is: it is escaped already)."""
    return value if type(value) is Markup else escape(value)


def html_format(template: str, /, *args: object, **values: object) -> Markup:
    """``template.format(...)``, where ``template`` is HTML written in the code and every value that is
    not ``Markup`` is text, escaped."""
    return Markup(
        template.format(*map(escape_html, args), **{key: escape_html(value) for key, value in values.items()})
    )


def format_text_as_html(text: str, /, *args: object, **values: object) -> Markup:
    """``text.format(...)`` as HTML, where ``text`` (a label) is text too: escaped, then filled in."""
    return html_format(escape_html(text), *args, **values)


def ready_html(block: Markup) -> str:
    """A block of HTML that is complete and escaped: nothing in it is Markdown."""
    if not isinstance(block, Markup):
        raise TypeError("ready HTML is built as Markup (html_format, or {% ready_html %} in a template), not as a str")
    html = str.strip(block).replace("`", "&#96;").replace("~", "&#126;")  # (Markup.replace would escape them)
    return f"{READY_HTML_START}\n{html}\n{READY_HTML_END}"


class ReadyHtmlBlocks(Extension):
    """``{% ready_html %}…{% endready_html %}``: the block rendered with autoescape on, then marked as ready HTML."""

    tags = {"ready_html"}  # noqa: RUF012 (Jinja's own attribute)

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endready_html",), drop_needle=True)
        mark = nodes.Filter(None, "ready_html", [], [], None, None, lineno=lineno)
        block = nodes.FilterBlock(body, mark, lineno=lineno)
        return nodes.ScopedEvalContextModifier([nodes.Keyword("autoescape", nodes.Const(True))], [block], lineno=lineno)
