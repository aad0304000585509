"""Rendering Markdown: data shows as literal text, in the page's language."""

from __future__ import annotations

import markdown
import pytest

from generator.languages import EN, ZH
from generator.models import Glossary
from generator.pages import plan_pages
from generator.render import Renderer, escape_markdown, format_date, front_matter_value, load_labels
from tests.samples import MINIMAL, validate_text, vary

HOSTILE = [
    "*bold* _it_ #heading",
    "[x](javascript:alert(1))",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "a | b",
    "{{ 7*7 }} {% if %}",
    "{: .evil }",
    "1. not a list",
    "- not a list",
    "`code`",
    "&amp; &lt;",
    "\\*",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_the_same_literal_characters(text: str) -> None:
    html = markdown.markdown(escape_markdown(text), extensions=["attr_list", "md_in_html", "tables"])
    assert "<script" not in html and "<img" not in html and "<a " not in html and "<em>" not in html
    import html as html_module

    assert html_module.unescape(html.removeprefix("<p>").removesuffix("</p>")) == text


def test_front_matter_values_are_valid_yaml_strings_with_html_escaped() -> None:
    import yaml

    value = front_matter_value('a "b" <c> ：')
    assert yaml.safe_load("t: " + value) == {"t": "a &quot;b&quot; &lt;c&gt; ："}


def test_dates_are_written_the_way_each_language_writes_them() -> None:
    assert format_date("2020-04-16", ZH) == "2020年4月16日"
    assert format_date("2020-04-16", EN) == "16 April 2020"


def test_both_languages_have_the_same_labels() -> None:
    assert load_labels("zh").keys() == load_labels("en").keys()
    assert load_labels("zh")["statuses"].keys() == load_labels("en")["statuses"].keys()


def test_an_initiative_page_in_english_has_its_sections_and_the_chinese_original() -> None:
    dataset = validate_text(MINIMAL).dataset
    page = next(p for p in plan_pages(dataset, Glossary(terms=[]), EN, "/", "Site") if p.path == "initiatives/first.md")
    text = Renderer(EN).render(page)
    assert text.startswith('---\ntitle: "The first"\n')
    for expected in (
        "# The first",
        "Initiative 1 of 2",
        "## Key measures",
        '<span class="zibo-parallel__translation">Measure one</span>',
        '<a href="../../themes/environment/">Environment</a>',
        "## Related initiatives",
        '<p lang="zh-Hans">正文一</p>',  # the original beside the translation
        "正文一",
        "announced (as of 16 April 2020)",
    ):
        assert expected in text


def test_a_draft_english_page_shows_the_chinese_marked_as_chinese() -> None:
    text = vary("    body: {zh: 正文一, en: Text one}", "    body: {zh: 正文一}")
    text = vary("    number: 1\n", "    number: 1\n    draft: true\n", text)
    page = next(
        p
        for p in plan_pages(validate_text(text).dataset, Glossary(terms=[]), EN, "/", "Site")
        if p.path == "initiatives/first.md"
    )
    assert '<p class="zibo-body zibo-parallel__translation" lang="zh-Hans">正文一</p>' in Renderer(EN).render(page)
