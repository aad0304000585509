"""Python-Markdown's own stash pattern (as its fenced_code uses) for the generator's blocks of ready,
escaped HTML: stored as they are, not parsed again (at 1,000 initiatives the largest part of the build)."""

from __future__ import annotations

import re

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
        # Python-Markdown's own order: after the whitespace normalization (30), before the raw-HTML
        # parsers (20), which would otherwise parse every tag of the block.
        md.preprocessors.register(ReadyHtmlPreprocessor(md), "zibo_ready_html", 25)
