"""A glossary explanation says no fact the article does not give, unless the term cites a source.

The words the translation reviewers found to state such a fact are data (a term's `needs_source` in
data/glossary.yaml), and `make check` refuses them in an unsourced explanation, at the word, in plain words.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.models import Avoided, ExternalSource, Glossary, GlossaryTerm, Hedge, Reading, Rendering
from tests.samples import GLOSSARY, MINIMAL, vary
from tests.samples import problems_of as all_problems_of

ZIBO = "explanation: {zh: 城市, en: A city}, basis: definition}"
SOURCE = 'source: {title: {zh: 年鉴, en: A yearbook}, outlet: {zh: 出版社, en: A press}, date: "2020-01-01", url: "https://example.org/yearbook"}'


def glossary_with(explanation: str, needs_source: str, source: str = "") -> str:
    """The sample glossary whose first term (zibo) has this explanation and `needs_source` list."""
    extra = f", {source}" if source else ""
    return vary(ZIBO, f"explanation: {explanation}, basis: definition, needs_source: {needs_source}{extra}}}", GLOSSARY)


def problems_of(glossary: str) -> list[str]:
    return all_problems_of(MINIMAL, glossary)


def column_of(glossary: str, words: str, line: int = 2) -> int:
    return glossary.splitlines()[line - 1].index(words) + 1


def test_an_unsourced_explanation_that_says_a_listed_word_fails_the_check_at_the_word() -> None:
    glossary = glossary_with('{zh: 城市, en: "A city in Shandong, the province."}', "[Shandong]")
    [problem] = problems_of(glossary)
    assert problem == (
        f"glossary.yaml:2:{column_of(glossary, 'Shandong,')}: the 1st glossary term (zibo), explanation, en — "
        "terms[0].explanation.en: the explanation says 'Shandong', which the translation reviewers found states a "
        "fact the article does not give (this term's `needs_source`, line 2): take 'Shandong' out of the "
        "explanation, or give the term a `source: {title, outlet, date, url}` that another editor can check"
    )


def test_a_term_that_cites_a_source_may_say_its_listed_words() -> None:
    assert problems_of(glossary_with('{zh: 城市, en: "A city in Shandong."}', "[Shandong]", SOURCE)) == []


def test_an_explanation_without_the_listed_words_passes() -> None:
    assert problems_of(glossary_with("{zh: 城市, en: A city}", "[Shandong, set by Zibo]")) == []


def test_in_english_a_listed_word_counts_as_whole_words_in_any_letter_case() -> None:
    assert problems_of(glossary_with("{zh: 城市, en: A city with an airport}", "[port]")) == []
    assert problems_of(glossary_with("{zh: 城市, en: A city with a PORT}", "[port]")) != []
    assert problems_of(glossary_with("{zh: 城市, en: A list set  by zibo}", "[set by Zibo]")) != []


def test_in_chinese_a_listed_word_counts_anywhere_in_the_text() -> None:
    glossary = glossary_with("{zh: 位于青岛市的城市, en: A city}", "[青岛, '2019']")
    [problem] = problems_of(glossary)
    assert problem.startswith(f"glossary.yaml:2:{column_of(glossary, '青岛市')}: the 1st glossary term (zibo), ")
    assert "explanation, zh — terms[0].explanation.zh: the explanation says '青岛'" in problem
    [year] = problems_of(glossary_with("{zh: 2019年设立的城市, en: A city}", "['2019']"))
    assert "explanation, zh — terms[0].explanation.zh: the explanation says '2019'" in year


@settings(max_examples=30, deadline=None)
@given(
    before=st.lists(st.sampled_from(["a", "city", "port", "of", "2020", "Shandongese"]), max_size=5),
    after=st.lists(st.sampled_from(["a", "city", "port", "of", "2020", "Shandongese"]), max_size=5),
    written=st.sampled_from(["Shandong", "shandong", "SHANDONG"]),
)
def test_the_check_points_at_the_listed_word_wherever_the_english_says_it(
    before: list[str], after: list[str], written: str
) -> None:
    english = " ".join([*before, written, *after])
    glossary = glossary_with(f'{{zh: 城市, en: "{english}"}}', "[Shandong]")
    [problem] = problems_of(glossary)
    line = glossary.splitlines()[1]
    column = line.index(english) + len(" ".join(before)) + (1 if before else 0) + 1
    assert problem.startswith(f"glossary.yaml:2:{column}: ") and "says 'Shandong'" in problem


def test_a_word_listed_twice_is_refused_at_the_second_entry() -> None:
    glossary = glossary_with("{zh: 城市, en: A city}", "[Shandong, shandong]")
    [problem] = problems_of(glossary)
    assert problem.startswith(f"glossary.yaml:2:{column_of(glossary, 'shandong]')}: ")
    assert "(zibo), needs_source, 2nd entry — terms[0].needs_source[1]: 'shandong' is listed twice: remove one" in (
        problem
    )


def test_the_list_itself_is_checked_like_every_other_field() -> None:
    [empty] = problems_of(glossary_with("{zh: 城市, en: A city}", '[""]'))
    assert "terms[0].needs_source[0]: the text is empty" in empty
    [bare] = problems_of(glossary_with("{zh: 城市, en: A city}", "Shandong"))
    assert "terms[0].needs_source: expected a list" in bare
    [number] = problems_of(glossary_with("{zh: 城市, en: A city}", "[2019]"))
    assert "terms[0].needs_source[0]: expected text, got a number (2019); put it in quotes" in number


def test_contributing_explains_every_field_of_the_glossary() -> None:
    guide = (Path(__file__).parent.parent / "CONTRIBUTING.md").read_text("utf-8")
    for model in (Glossary, GlossaryTerm, ExternalSource, Avoided, Rendering, Reading, Hedge):
        for name in model.model_fields:
            key = model.model_fields[name].alias or name
            assert f"{key}:" in guide or f"`{key}`" in guide, f"CONTRIBUTING.md does not explain {model.__name__}.{key}"
