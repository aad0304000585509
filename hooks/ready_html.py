"""The Python-Markdown extension that passes the generator's blocks of ready HTML through unparsed.

It is Python-Markdown's own stash pattern (as its fenced_code extension stores highlighted code): each
block between the generator's markers goes into the raw-HTML store as it is, and comes out unchanged.
Python-Markdown (and MkDocs, looking for anchors) would otherwise run every tag of these blocks
through Python's HTML parser: at a thousand initiatives that was the largest part of the build.
Only the generator writes such blocks, and everything from data in them is already escaped.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

import generator

_BLOCK = re.compile(f"{re.escape(generator.READY_HTML_START)}\n(.*?)\n{re.escape(generator.READY_HTML_END)}", re.DOTALL)


class ReadyHtmlPreprocessor(Preprocessor):
    """Stores each block of ready HTML as Python-Markdown stores raw HTML, unparsed."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if generator.READY_HTML_START not in text:
            return lines
        store = self.md.htmlStash.store
        return _BLOCK.sub(lambda block: f"\n\n{store(block[1])}\n\n", text).split("\n")


class ReadyHtmlExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Before MkDocs' anchor collection (21) and the raw-HTML parsers (20); after whitespace (30).
        md.preprocessors.register(ReadyHtmlPreprocessor(md), "zibo_ready_html", 25)


def makeExtension(**kwargs: Any) -> ReadyHtmlExtension:
    """As Python-Markdown loads an extension named by its module (``markdown_extensions: [ready_html]``)."""
    return ReadyHtmlExtension(**kwargs)
