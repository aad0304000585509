"""Rendering Markdown: data shows as literal text, in the page's language."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape

import markdown
import pytest

from generator.labels import format_date, load_labels
from generator.languages import EN, ZH, Language
from generator.models import Glossary, LocalizedText
from generator.pages import plan_pages
from generator.pipeline import render_language
from generator.render import Renderer, escape_markdown, front_matter_value
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
        "progress not researched yet (last record: announced, 16 April 2020)",  # nobody looked since
    ):
        assert expected in text


@pytest.mark.parametrize("language", [ZH, EN])
def test_the_source_page_says_when_the_chinese_was_not_checked_against_an_archived_article(
    language: Language,
) -> None:
    labels = load_labels(language.key)
    for text, says, never in (
        (MINIMAL, labels["not_verbatim"], labels["copy_differences"]),
        (vary("  verbatim: false\n", "  copy: data/sources/article.txt\n"), labels["copy_differences"], None),
    ):
        dataset = validate_text(text).dataset
        page = next(p for p in plan_pages(dataset, Glossary(terms=[]), language, "/", "Site") if p.path == "source.md")
        html = markdown.markdown(Renderer(language).render(page).split("---\n", 2)[2], extensions=["md_in_html"])
        said = [p.strip() for p in re.findall(r'<p class="zibo-citation[^"]*">([^<]*)</p>', html)]
        assert [unescape(p) for p in said] == [says]
        assert never is None or never not in unescape(html)


def test_a_draft_english_page_shows_the_chinese_marked_as_chinese() -> None:
    text = vary("    body: {zh: 正文一, en: Text one}", "    body: {zh: 正文一}")
    text = vary("    number: 1\n", "    number: 1\n    draft: true\n", text)
    page = next(
        p
        for p in plan_pages(validate_text(text).dataset, Glossary(terms=[]), EN, "/", "Site")
        if p.path == "initiatives/first.md"
    )
    rendered = Renderer(EN).render(page)
    label = load_labels("en")["untranslated"]
    assert (
        f'<p class="zibo-body zibo-parallel__translation" lang="zh-Hans">正文一 <span class="zibo-untranslated" lang="en">({label})</span></p>'
        in rendered
    )
    assert load_labels("en")["draft_notice"] in rendered  # the whole record is a draft: the page says so


def english_page_and_feed(text: str, path: str = "initiatives/first.md") -> tuple[str, bytes]:
    validated = validate_text(text)
    page = next(p for p in plan_pages(validated.dataset, Glossary(terms=[]), EN, "/", "Site") if p.path == path)
    return Renderer(EN).render(page), render_language(validated, EN, "/")["feed.xml"]


def test_an_update_without_english_shows_its_chinese_labelled_on_the_page_and_in_the_feed() -> None:
    text = vary("{zh: 部署, en: Set}, source: article}\n", "{zh: 部署}, source: article}\n")
    page, feed = english_page_and_feed(text)
    label = load_labels("en")["untranslated"]
    assert f'<span lang="zh-Hans">部署</span> <span class="zibo-untranslated" lang="en">({label})</span>' in page
    assert load_labels("en")["draft_notice"] not in page and "exclude: true" not in page  # the rest is English
    assert "Text one" in page
    contents = [c.text for c in ET.fromstring(feed).iter("{http://www.w3.org/2005/Atom}content")]
    assert f"({label.capitalize()}) 部署" in contents and "Set" in contents


@pytest.mark.parametrize(
    "language,cited",
    [
        (
            EN,
            '(Source: <a href="https://example.org/rules?a=1&amp;b=2">Rules &lt;b&gt;&amp;&lt;/b&gt;</a>, Customs, '
            "2 January 2020)",
        ),
        (ZH, '(出处：<a href="https://example.org/rules?a=1&amp;b=2">海关&lt;规则&gt;</a>、海关总署、2020年1月2日)'),
    ],
)
def test_a_glossary_explanation_shows_its_cited_source_in_the_page_language_as_a_link(
    language: Language, cited: str
) -> None:
    from generator.loader import load_text

    glossary_text = (
        "terms:\n  - {id: bonded-zone, zh: 综合保税区, en: comprehensive bonded zone, "
        "explanation: {zh: 海关区域, en: A customs area}, source: {title: {zh: 海关<规则>, en: 'Rules <b>&</b>'}, "
        'outlet: {zh: 海关总署, en: Customs}, date: "2020-01-02", url: "https://example.org/rules?a=1&b=2"}}\n'
    )
    glossary = Glossary.model_validate(load_text(glossary_text, "glossary.yaml").data, strict=True)
    dataset = validate_text(MINIMAL).dataset
    page = next(p for p in plan_pages(dataset, glossary, language, "/", "Site") if p.path == "glossary.md")
    assert cited in Renderer(language, glossary).render(page)


BLOCKS = [
    '!!! danger "X"\n    inside',
    "??? note\n    inside",
    "???+ note open",
    "Title\n===",
    "Title\n---",
    "===",
    "~~~\ncode\n~~~",
    "```\ncode\n```",
    "    four spaces make code",
    "> a quote",
    "# heading\n## another",
    "- a\n- b",
    "+ a",
    "1. one\n2) two",
    "| a | b |\n|---|---|\n| c | d |",
    "first paragraph\n\nsecond paragraph\n\n!!! warning",
    "<div>\nraw\n</div>",
    "text {: .evil }\n{: #id }",
    "line one  \nline two",
    "*[HTML]: Hyper Text",
    ": definition",
]


@pytest.mark.parametrize("text", BLOCKS)
def test_block_syntax_in_text_stays_one_paragraph_of_the_same_characters(text: str) -> None:
    extensions = ["toc", "attr_list", "md_in_html", "tables", "admonition", "pymdownx.details", "abbr", "def_list"]
    rendered = markdown.markdown(escape_markdown(text), extensions=extensions)
    assert rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1, rendered
    import html as html_module

    inner = rendered.removeprefix("<p>").removesuffix("</p>")
    assert "<" not in inner.replace("&lt;", "")  # no element at all inside
    assert html_module.unescape(inner) == " ".join(line.strip() for line in text.splitlines() if line.strip())


def test_a_constant_through_describe_in_a_template_gets_the_ellipsis_of_the_page_language() -> None:
    # Jinja runs filters on constants when it compiles a template: the compiled code of one language
    # must never serve the other (each renderer compiles its own).
    note = "一项很长的说明，" * 30
    for language in (ZH, EN, ZH):
        template = Renderer(language).environment.from_string(f"{{{{ {note!r} | describe }}}}")
        ellipsis = str(load_labels(language.key)["ellipsis"])
        rendered = template.render().strip('"')
        assert rendered.endswith(ellipsis) and not rendered.endswith(ellipsis + ellipsis[-1]), (language.key, rendered)


@pytest.mark.parametrize("translated", [True, False], ids=["translated", "draft"])
def test_a_text_written_twice_in_the_data_is_rendered_once_and_each_text_keeps_its_own_rendering(
    translated: bool,
) -> None:
    renderer = Renderer(EN)
    first, again = (LocalizedText(zh="改革", en="Reform" if translated else None) for _ in range(2))
    other = LocalizedText(zh="改革", en="Reforms")
    assert first is not again and renderer.inline_html(first) == renderer.inline_html(again)
    assert renderer.inline_md(first) == renderer.inline_md(again)
    assert renderer.inline_html(other) != renderer.inline_html(first)
