"""Ready HTML (cards, theme links, term tooltips, tables…) is escaped by construction: text from any
field of the data shows as its characters, and never adds or changes an element or an attribute."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from generator.html_blocks import READY_HTML_END, READY_HTML_START, escape_html, html_format, ready_html
from generator.languages import LANGUAGES
from generator.loader import load_text
from generator.models import SHORT_EN_LIMIT, SHORT_ZH_LIMIT, Dataset, Glossary, ShortTitle
from generator.render import Renderer
from tests.golden import SAMPLE, sample_pages
from tests.model_fields import prose_fields, set_at, text_leaves
from tests.samples import GLOSSARY, validate_text

DATA = load_text(SAMPLE, "data.yaml").data
TERMS = load_text(GLOSSARY, "glossary.yaml").data
SHORT_LIMIT = min(SHORT_ZH_LIMIT, SHORT_EN_LIMIT)
# Every text carries glossary terms, so that term tooltips are made of it too.
TERM_WORDS = "淄博 Zibo"
_READY = re.compile(f"{re.escape(READY_HTML_START)}\n(.*?)\n{re.escape(READY_HTML_END)}", re.DOTALL)


def with_text(model: type[Any], data: Any, text: str, only: str = "") -> Any:
    """A copy of ``data`` with ``text`` in every prose field of ``model`` (listed from the models)."""
    data = copy.deepcopy(data)
    prose = prose_fields(model)
    for field, path in list(text_leaves(model, data)):
        if field in prose and path.startswith(only):
            set_at(data, path, text[:SHORT_LIMIT] if field[0] == ShortTitle.__name__ else text)
        elif field == ("LocalizedText", "en_from"):
            set_at(data, path, None)  # no fingerprints to keep up to date with the changed texts
    return data


def ready_blocks(page: str) -> list[tuple[list[tuple[str, list[str]]], str]]:
    """Each ready-HTML block of a page: its elements (name and attribute names) and its text."""
    blocks = []
    for block in _READY.findall(page):
        soup = BeautifulSoup(block, "html.parser")
        blocks.append(([(tag.name, sorted(tag.attrs)) for tag in soup.find_all(True)], soup.get_text()))
    return blocks


def rendered(text: str) -> dict[str, str]:
    dataset = with_text(Dataset, DATA, f"{text} {TERM_WORDS} {text}")
    glossary = with_text(Glossary, TERMS, text, only="terms[1].explanation")

    validated = validate_text(json.dumps(dataset, ensure_ascii=False), json.dumps(glossary, ensure_ascii=False))
    pages = {}
    for language in LANGUAGES.values():
        renderer = Renderer(language, validated.glossary)
        for page in sample_pages(validated, language):
            pages[f"{language.key}/{page.path}"] = renderer.render(page)
    return pages


PLAIN = rendered("x")
HOSTILE = '<script>alert("&amp;\'")</script>'
text_from_data = st.text(alphabet=st.sampled_from("<>&\"'`~=/ab中"), min_size=1, max_size=12).map(
    lambda text: f"{HOSTILE}{text}".strip()
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_from_data)
def test_text_from_every_field_shows_in_ready_html_as_its_characters(text: str) -> None:
    pages = rendered(text)
    assert pages.keys() == PLAIN.keys()
    shown: set[bool] = set()
    for path, page in pages.items():
        plain, hostile = ready_blocks(PLAIN[path]), ready_blocks(page)
        assert [elements for elements, _ in hostile] == [elements for elements, _ in plain], path
        shown |= {block_text.count(text) > 0 for _, block_text in hostile}
        assert "<script" not in "".join(_READY.findall(page)), path
    assert True in shown  # the characters themselves, unescaped once, are what the reader sees


def test_a_ready_html_block_must_be_built_as_markup() -> None:
    assert ready_html(html_format("<p>{}</p>", "<b>&</b>")) == (
        f"{READY_HTML_START}\n<p>&lt;b&gt;&amp;&lt;/b&gt;</p>\n{READY_HTML_END}"
    )
    with pytest.raises(TypeError, match="Markup"):
        ready_html("<p>text</p>")  # type: ignore[arg-type]
    assert html_format("{}", Markup("<b>kept</b>")) == "<b>kept</b>"


class _Html:
    def __html__(self) -> str:
        return "<b>its own HTML</b>"


@settings(max_examples=50, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.text().map(Markup),
        st.text().map(escape),
        st.integers(),
        st.none(),
        st.just(_Html()),
        st.text().map(type("Text", (str,), {})),
    )
)
def test_printed_values_are_escaped_exactly_as_markupsafe_escapes_them(value: object) -> None:
    # The templates' autoescape and html_format use the faster escape_html: same text, same Markup.
    escaped = escape_html(value)
    assert type(escaped) is Markup
    assert str(escaped) == str(escape(value))
