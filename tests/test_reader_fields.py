"""The fields editors set for readers: short titles, the date news was last looked for, the publisher."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.models import SHORT_EN_LIMIT, SHORT_ZH_LIMIT
from tests.samples import MINIMAL, problems_of, validate_text, vary

CHINESE = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=SHORT_ZH_LIMIT + 8)
ENGLISH = st.text(st.sampled_from("abcdefghij klmnop"), min_size=1, max_size=SHORT_EN_LIMIT + 8).filter(str.strip)
SITE = """site:
  maintainer: {zh: 志愿编辑, en: volunteer editors}
  changes:
    - {date: "2020-05-01", text: {zh: 首版, en: First edition}}
    - {date: "2021-06-02", text: {zh: 第二版, en: Second edition}}
"""


def with_short(zh: str, en: str) -> str:
    return vary("    summary: {zh: 摘要一", f'    short: {{zh: "{zh}", en: "{en}"}}\n    summary: {{zh: 摘要一')


@settings(deadline=None, max_examples=40)
@given(CHINESE, ENGLISH)
def test_a_short_title_is_accepted_exactly_when_it_keeps_within_its_limits(zh: str, en: str) -> None:
    problems = problems_of(with_short(zh, en))
    expected = []
    if len(zh) > SHORT_ZH_LIMIT:
        expected.append(f"initiatives[0].short.zh: '{zh}' has {len(zh)} characters; at most {SHORT_ZH_LIMIT}")
    if len(en) > SHORT_EN_LIMIT:
        expected.append(f"initiatives[0].short.en: '{en}' has {len(en)} characters; at most {SHORT_EN_LIMIT}")
    assert len(problems) == len(expected)
    for problem, start in zip(problems, expected, strict=True):
        assert start in problem and problem.startswith("data.yaml:20:") and problem.endswith("shorten it")


def test_the_short_title_is_optional_and_never_replaces_the_title() -> None:
    dataset = validate_text(with_short("第一", "First")).dataset
    assert dataset.initiatives[0].short is not None and dataset.initiatives[0].title.zh == "第一项"
    assert validate_text(MINIMAL).dataset.initiatives[0].short is None


def test_a_checked_date_is_a_real_day_between_the_announcement_and_today() -> None:
    def checked(date: str) -> list[str]:
        return problems_of(vary("    status: announced\n", f'    checked: "{date}"\n    status: announced\n'))

    assert checked("2021-03-04") == []
    assert checked("2027-01-01") == [
        "data.yaml:26:14: initiative 1 (first), checked — initiatives[0].checked: 2027-01-01 is in the future: write the day you looked for news"
    ]
    assert checked("2020-01-01") == [
        "data.yaml:26:14: initiative 1 (first), checked — initiatives[0].checked: 2020-01-01 is before the initiatives were set on 2020-04-16"
    ]
    assert "is not a date" in checked("2021-02-30")[0]


def test_the_edition_date_is_the_newest_change_and_without_a_changelog_the_article_date() -> None:
    assert validate_text(SITE + MINIMAL).dataset.edition_date() == "2021-06-02"
    assert validate_text(MINIMAL).dataset.edition_date() == "2020-04-20"


def test_the_corrections_route_is_a_web_address_or_nothing() -> None:
    assert validate_text(SITE + MINIMAL).dataset.site.corrections is None  # type: ignore[union-attr]
    bad = SITE.replace("  changes:", "  corrections: write to us\n  changes:")
    assert problems_of(bad + MINIMAL) == [
        "data.yaml:3:16: site.corrections: 'write to us' is not a web address: it must start with https:// or http://"
    ]


def test_the_exports_carry_short_titles_checked_dates_and_the_publisher() -> None:
    import csv
    import io
    import json

    from generator.exports import dataset_as_csv, dataset_as_json

    text = SITE + vary(
        "    status: announced\n", '    checked: "2021-03-04"\n    status: announced\n', with_short("第一", "First")
    )
    dataset = validate_text(text).dataset
    exported = json.loads(dataset_as_json(dataset, "https://example.org/"))
    assert exported["site"]["edition"] == "2021-06-02"
    assert exported["site"]["maintainer"] == {"zh": "志愿编辑", "en": "volunteer editors"}
    assert [c["date"] for c in exported["site"]["changes"]] == ["2020-05-01", "2021-06-02"]
    first, second = exported["initiatives"]
    assert (first["short"], first["checked"]) == ({"zh": "第一", "en": "First"}, "2021-03-04")
    assert (second["short"], second["checked"]) == (None, None)
    rows = list(csv.DictReader(io.StringIO(dataset_as_csv(dataset, "https://example.org/").decode("utf-8-sig"))))
    assert [(r["short_zh"], r["short_en"], r["checked"]) for r in rows] == [
        ("第一", "First", "2021-03-04"),
        ("", "", ""),
    ]


@settings(max_examples=60)
@given(st.text(st.sampled_from("ab c,;:.。，、的"), min_size=0, max_size=400))
def test_a_description_keeps_within_160_characters_and_is_a_prefix_of_the_text(text: str) -> None:
    from generator.render import DESCRIPTION_LIMIT, shorten_description

    described = shorten_description(text)
    assert len(described) <= DESCRIPTION_LIMIT
    flat = " ".join(text.split())
    assert described == flat if len(flat) <= DESCRIPTION_LIMIT else flat.startswith(described.removesuffix("…"))


def rendered(text: str, path: str, language_key: str = "en") -> str:
    from generator.languages import LANGUAGES
    from generator.pages import plan_pages
    from generator.render import Renderer

    validated = validate_text(text)
    language = LANGUAGES[language_key]
    pages = plan_pages(validated.dataset, validated.glossary, language, "https://example.org/", "Site")
    return Renderer(language, validated.glossary).render(next(p for p in pages if p.path == path))


def test_the_corrections_route_shows_only_the_address_the_editors_set() -> None:
    address = "https://example.org/report-an-error"
    with_route = SITE.replace("  changes:", f"  corrections: {address}\n  changes:") + MINIMAL
    for key in ("zh", "en"):  # the theme shows the page's `corrections` as a link (overrides/partials/corrections.html)
        assert f'corrections: "{address}"' in rendered(with_route, "changes.md", key)
        assert "corrections:" not in rendered(SITE + MINIMAL, "changes.md", key)
        assert "corrections:" not in rendered(MINIMAL, "changes.md", key)


def test_a_checked_date_and_later_progress_are_told_apart_from_no_check() -> None:
    import re

    checked = vary("    status: announced\n", '    checked: "2021-03-04"\n    status: announced\n')
    page = rendered(checked, "initiatives/first.md")
    assert "No progress recorded since the announcement; last checked 4 March 2021." in re.sub(r"<[^>]+>", "", page)
    unchecked = re.sub(r"<[^>]+>", "", rendered(MINIMAL, "initiatives/first.md"))
    assert "no editor has looked for news of it since the article of 20 April 2020" in unchecked
    later = vary(
        "source: article}\n",
        'source: article}\n      - {date: "2021-05-06", text: {zh: 进展, en: Progress}, source: {title: {zh: 报道, en: Report}}}\n',
    )
    text = re.sub(r"<[^>]+>", "", rendered(later, "initiatives/first.md"))
    assert "Latest progress recorded 6 May 2021; no later check recorded." in text


def test_page_dates_in_structured_data_come_from_the_changelog_never_the_clock() -> None:
    from generator.languages import EN
    from generator.pages import plan_pages

    validated = validate_text(SITE + MINIMAL)
    pages = plan_pages(validated.dataset, validated.glossary, EN, "https://example.org/", "Site")
    initiative = next(p for p in pages if p.path == "initiatives/first.md").context["structured_data"]
    assert (initiative["datePublished"], initiative["dateModified"]) == ("2020-05-01", "2021-06-02")
    assert initiative["isBasedOn"]["datePublished"] == "2020-04-20"
    assert all(p.context["structured_data"].get("dateModified", "2021-06-02") == "2021-06-02" for p in pages)


def test_contributing_explains_every_field_editors_can_set_for_readers() -> None:
    from pathlib import Path

    from generator.models import Change, Initiative, Publication, ShortTitle

    guide = (Path(__file__).parent.parent / "CONTRIBUTING.md").read_text("utf-8")
    for model in (Publication, Change, ShortTitle):
        for name in model.model_fields:
            assert f"{name}:" in guide or f"`{name}`" in guide, (
                f"CONTRIBUTING.md does not explain {model.__name__}.{name}"
            )
    for name in ("short", "checked"):
        assert name in Initiative.model_fields and f"`{name}`" in guide
    assert "pinyin" in guide and "edition date" in guide
