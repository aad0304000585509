"""The renderings the translation reviewers settled are data, and `make check` holds the English to them.

On the sample data: a settled phrase's English, a rejected rendering (of a phrase or of a glossary term),
a place written in pinyin, and a term's pinyin, each refused where the mistake is, in plain words.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.renderings import place_in_pinyin
from tests.samples import GLOSSARY, validate_text, vary
from tests.samples import problems_of as all_problems_of

SETTLED = (
    GLOSSARY.replace(
        "en: comprehensive bonded zone,",
        'en: comprehensive bonded zone, avoid: [{en: integrated bonded zone, why: "a second rendering reads as '
        'another kind of zone"}],',
    )
    + """renderings:
  - zh: 各板块
    en: the city's various areas
    avoid: [{en: sectors, why: "板块 are the city's areas, not economic sectors"}]
  - {zh: 能级, en: standing, avoid: [{en: tier, why: "能级 is the city's standing"}]}
"""
)
FIRST_RENDERING_LINE = SETTLED.splitlines().index("renderings:") + 2  # of the glossary above
BODY = "{zh: 正文一, en: Text one}"
BODY_LINE = 20  # of tests/samples/minimal.yaml


def problems_of(zh: str, en: str, glossary: str = SETTLED) -> list[str]:
    return all_problems_of(vary(BODY, f'{{zh: {zh}, en: "{en}"}}'), glossary)


def test_where_the_chinese_has_a_settled_phrase_the_english_must_say_its_settled_rendering() -> None:
    assert problems_of("形成各板块联动。", "Link up the city's various areas.") == []
    assert problems_of("形成各板块联动。", "Link up the City's Various Areas.") == []  # letter case does not matter
    [problem] = problems_of("形成各板块联动。", "Link up the parts.")
    assert problem.startswith(f"data.yaml:{BODY_LINE}:")
    assert (
        "initiative 1 (first), body, en — initiatives[0].body.en: the Chinese has '各板块', whose English the "
        'translation reviewers settled: the English must say "the city\'s various areas"; letter case does not '
        f"matter (glossary.yaml:{FIRST_RENDERING_LINE}, the 1st settled rendering)"
    ) in problem


def test_a_rejected_rendering_is_refused_at_its_words_with_the_reason_and_what_to_write_instead() -> None:
    [problem] = problems_of("形成各板块联动。", "Link up all sectors.")  # one mistake, one message
    column = (
        vary(BODY, '{zh: 形成各板块联动。, en: "Link up all sectors."}').splitlines()[BODY_LINE - 1].index("sectors")
    )
    assert problem.startswith(f"data.yaml:{BODY_LINE}:{column + 1}: ")
    assert (
        "the English says 'sectors', a rendering of '各板块' the translation reviewers rejected: 板块 are the city's "
        'areas, not economic sectors. Write "the city\'s various areas" instead '
        f"(glossary.yaml:{FIRST_RENDERING_LINE}, the 1st settled rendering)"
    ) in problem


def test_a_rejected_rendering_counts_only_as_whole_words_and_only_where_the_chinese_has_the_phrase() -> None:
    assert problems_of("以提升能级为目标。", "Raise its standing on the frontier.") == []  # "tier" in "frontier"
    assert problems_of("以提升能级为目标。", "Raise its standing to a higher tier.") != []
    assert problems_of("正文一", "Text one, across all sectors.") == []  # no 各板块 here: "sectors" is free


def test_a_glossary_terms_rejected_rendering_is_refused_where_the_chinese_has_the_term() -> None:
    problems = problems_of("申建综合保税区。", "Apply for an integrated bonded zone.")
    assert any(
        "the English says 'integrated bonded zone', a rendering of '综合保税区' the translation reviewers rejected: "
        "a second rendering reads as another kind of zone. Reword it (glossary.yaml:3, glossary term bonded-zone)" in p
        for p in problems
    ), problems
    assert problems_of("申建综合保税区。", "Apply for a comprehensive bonded zone.") == []


def test_a_rejected_rendering_cannot_also_be_an_accepted_one() -> None:
    glossary = SETTLED.replace("{en: tier,", "{en: standing,")
    [problem] = problems_of("正文一", "Text one", glossary)
    assert problem.startswith(f"glossary.yaml:{FIRST_RENDERING_LINE + 3}:41: ")
    assert "renderings[1].avoid[0].en: 'standing' is rejected here but is part of the accepted rendering" in problem


def test_a_settled_rendering_of_a_glossary_term_belongs_to_the_term() -> None:
    [problem] = problems_of("正文一", "Text one", SETTLED + "  - {zh: 综合保税区, en: bonded zone}\n")
    assert "the 3rd settled rendering, zh — renderings[2].zh: '综合保税区' is the glossary term bonded-zone" in problem


def test_a_place_is_written_in_pinyin_unless_it_says_why_not() -> None:
    [problem] = problems_of("正文一", "Text one", SETTLED.replace("en: Zibo,", "en: Zibo City,"))
    assert problem.startswith("glossary.yaml:2:")
    assert (
        "the 1st glossary term (zibo), en — terms[0].en: a place name is written in pinyin, as one word without "
        "tone marks: 'Zibo' (from 'zī bó'), not 'Zibo City'"
    ) in problem
    exonym = SETTLED.replace("en: Zibo,", 'en: Tzepo, avoid: [{en: Zibo, why: "an old postal spelling"}],')
    assert problems_of("正文一", "Text one", exonym) == []


def test_a_terms_pinyin_has_one_syllable_per_character_and_a_term_without_one_is_a_warning() -> None:
    [problem] = problems_of("正文一", "Text one", SETTLED.replace('pinyin: "zī bó"', 'pinyin: "zībó"'))
    assert (
        problem.startswith("glossary.yaml:2:")
        and (
            "terms[0].pinyin: 'zībó' has 1 syllable(s) but '淄博' has 2 Chinese character(s): write one syllable per "
            "character, separated by spaces"
        )
        in problem
    )
    without = validate_text(vary(BODY, BODY), SETTLED.replace(', pinyin: "zī bó"', ""))
    assert any(
        w.path == "terms[0]" and w.message.startswith("the term '淄博' has no pinyin, so the Chinese glossary sorts")
        for w in without.warnings
    )


def test_a_terms_pinyin_agrees_with_the_checked_reading_of_each_word_in_it() -> None:
    checked = SETTLED + 'readings:\n  - {zh: 博, pinyin: "bó"}\n'
    assert problems_of("正文一", "Text one", checked) == []
    [problem] = problems_of("正文一", "Text one", checked.replace('pinyin: "zī bó"', 'pinyin: "zī bō"'))
    assert (
        problem.startswith("glossary.yaml:2:")
        and ("terms[0].pinyin: '淄博' contains '博', whose reading an editor checked: write its syllables as 'bó'")
        in problem
    )


@given(st.lists(st.sampled_from(["zī", "bó", "zhāng", "diàn", "lǚ", "shān", "dōng"]), min_size=1, max_size=4))
def test_a_places_pinyin_form_drops_the_tone_marks_and_joins_the_syllables(syllables: list[str]) -> None:
    form = place_in_pinyin(" ".join(syllables))
    assert form[:1].isupper() and form[1:].islower() and " " not in form
    assert len(form) == sum(len(s) for s in syllables) and ("ü" in form) == ("lǚ" in syllables)


@pytest.mark.parametrize("pinyin,form", [("zī bó", "Zibo"), ("zhāng diàn", "Zhangdian"), ("bó shān", "Boshan")])
def test_the_real_places_pinyin_forms(pinyin: str, form: str) -> None:
    assert place_in_pinyin(pinyin) == form
