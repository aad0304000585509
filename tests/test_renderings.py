"""The renderings the translation reviewers settled are data, and `make check` holds the English to them.

On the sample data: a settled phrase's English, a rejected rendering (of a phrase or of a glossary term),
a place written in pinyin, and a term's pinyin, each refused where the mistake is, in plain words.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.settled_renderings import place_in_pinyin
from tests.samples import GLOSSARY, MINIMAL, validate_text, vary
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
BODY_LINE = next(n for n, line in enumerate(MINIMAL.splitlines(), 1) if BODY in line)  # of tests/samples/minimal.yaml


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


# --- hedges: the English keeps every hedge of the Chinese --------------------------------------------

HEDGED = (
    GLOSSARY
    + """hedges:
  - zh: 探索
    en: [explore ways to, explore]
    avoid: [{en: explore and, why: "探索 governs the verb after it"}]
  - {zh: 努力, en: [strive to, work to]}
  - {zh: 力争, en: [strive to, seek to]}
  - {zh: 争取, en: [seek to], except: [力争取]}
"""
)


def hedge_line(number: int, glossary: str = HEDGED) -> int:
    """The line of the glossary where its ``number``-th hedge (from 1) starts."""
    lines = glossary.splitlines()
    starts = [i for i, line in enumerate(lines) if i > lines.index("hedges:") and line.startswith("  - ")]
    return starts[number - 1] + 1


def hedge_problems(zh: str, en: str, glossary: str = HEDGED) -> list[str]:
    return problems_of(zh, en, glossary)


def test_where_the_chinese_hedges_the_english_says_an_accepted_rendering_or_the_check_fails_at_the_english() -> None:
    assert hedge_problems("探索建立治理模式。", "Explore ways to establish a model of governance.") == []
    assert hedge_problems("探索建立治理模式。", "EXPLORE a model of governance.") == []  # letter case does not matter
    [problem] = hedge_problems("努力打造一流环境。", "Build a first-class environment.")
    line = vary(BODY, '{zh: 努力打造一流环境。, en: "Build a first-class environment."}').splitlines()[BODY_LINE - 1]
    column = line.index("en: ") + len("en: ") + 1
    assert problem == (
        f"data.yaml:{BODY_LINE}:{column}: initiative 1 (first), body, en — initiatives[0].body.en: the Chinese hedges with "
        "'努力' once, but the English says an accepted rendering of it 0 times ('strive to', 'work to'; whole words, "
        "any letter case): keep every hedge in the English. If your wording is a legitimate rendering of the hedge, "
        f"add it to the hedge's `en` list in data/glossary.yaml (glossary.yaml:{hedge_line(2)}, the 2nd hedge)"
    )


def test_the_english_says_a_hedges_rendering_as_many_times_as_the_chinese_has_the_hedge() -> None:
    zh = "努力建设平台，努力打造环境。"
    assert hedge_problems(zh, "Strive to build platforms and work to create an environment.") == []
    [problem] = hedge_problems(zh, "Strive to build platforms and create an environment.")
    assert "the Chinese hedges with '努力' twice, but the English says an accepted rendering of it once" in problem


def test_one_rendering_does_not_keep_two_hedges_that_share_it() -> None:
    zh = "努力建设平台，力争年内完成。"
    assert hedge_problems(zh, "Strive to build platforms and seek to finish within the year.") == []
    [problem] = hedge_problems(zh, "Strive to build platforms and finish within the year.")
    assert (
        "the Chinese hedges with '努力' once and '力争' once, twice in all, but the English says an accepted rendering "
        "of them once ('strive to', 'work to', 'seek to'; whole words, any letter case)" in problem
    )
    assert f"(glossary.yaml:{hedge_line(2)}, the 2nd hedge; glossary.yaml:{hedge_line(3)}, the 3rd hedge)" in problem


def test_a_hedges_rendering_counts_only_as_whole_words() -> None:
    assert hedge_problems("探索建立模式。", "Establish a model for explorers.") != []  # "explore" in "explorers"
    assert hedge_problems("努力打造环境。", "Strive tomorrow to build it.") != []  # "strive to" in "strive tomorrow"
    assert hedge_problems("努力打造环境。", "Strive  to build it.") == []  # any spaces between the words


def test_a_longer_word_listed_under_except_is_not_the_hedge() -> None:
    assert hedge_problems("力争取得突破。", "Strive to make a breakthrough.") == []  # 力争, then 取得: not 争取
    [problem] = hedge_problems("力争取得突破。", "Make a breakthrough.")
    assert "the Chinese hedges with '力争' once" in problem and "'争取'" not in problem
    assert hedge_problems("积极争取试点。", "Actively pilot it.") != []


def test_a_rejected_rendering_of_a_hedge_is_refused_at_its_words_with_what_to_write() -> None:
    [problem] = hedge_problems("探索建立治理模式。", "Explore and establish a model of governance.")
    column = vary(BODY, '{zh: 探索建立治理模式。, en: "Explore and establish a model of governance."}')
    assert problem.startswith(f"data.yaml:{BODY_LINE}:{column.splitlines()[BODY_LINE - 1].index('Explore') + 1}: ")
    assert (
        "the English says 'explore and', a rendering of '探索' the translation reviewers rejected: 探索 governs the "
        f"verb after it. Write 'explore ways to' (or 'explore') instead (glossary.yaml:{hedge_line(1)}, the 1st hedge)"
    ) in problem


def test_the_hedges_list_is_checked_where_it_is_written() -> None:
    twice_listed = HEDGED + "  - {zh: 努力, en: [work to]}\n"
    [twice] = hedge_problems("正文一", "Text one", twice_listed)
    assert (
        twice.startswith(f"glossary.yaml:{hedge_line(5, twice_listed)}:")
        and "hedges[4].zh: '努力' is listed twice: keep one entry" in twice
    )
    [other] = hedge_problems("正文一", "Text one", HEDGED.replace("except: [力争取]", "except: [取得]"))
    assert (
        other.startswith(f"glossary.yaml:{hedge_line(4)}:")
        and (
            "the 4th hedge, except, 1st entry — hedges[3].except[0]: '取得' is not a longer word that contains the hedge "
            "'争取'"
        )
        in other
    )
    [clash] = hedge_problems("正文一", "Text one", HEDGED.replace("{en: explore and,", "{en: explore ways,"))
    assert "hedges[0].avoid[0].en: 'explore ways' is rejected here but is part of the accepted rendering" in clash
    [empty] = hedge_problems("正文一", "Text one", HEDGED.replace("en: [strive to, work to]", "en: []"))
    assert "hedges[1].en" in empty


# A sentence made of words that are no hedge's rendering, accepted or rejected, with the renderings put in at chosen
# places.
FILLER = st.lists(st.sampled_from(["Zibo", "will", "build", "a", "zone", "of", "the", "city", "to", "way"]), max_size=6)
HEDGE_RENDERINGS = {"探索": ["explore ways to", "explore"], "努力": ["strive to", "work to"], "争取": ["seek to"]}


@st.composite
def hedged_texts(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A Chinese text with hedges, and an English that keeps each one (one rendering per hedge, in any order)."""
    hedges = draw(st.lists(st.sampled_from(sorted(HEDGE_RENDERINGS)), min_size=1, max_size=4))
    zh = "，".join(f"{hedge}推进工作" for hedge in hedges) + "。"
    renderings = [draw(st.sampled_from(HEDGE_RENDERINGS[hedge])) for hedge in hedges]
    parts = [" ".join([*draw(FILLER), rendering]) for rendering in draw(st.permutations(renderings))]
    return zh, [*parts, " ".join(draw(FILLER))]


@settings(max_examples=60, deadline=None)
@given(hedged_texts(), st.data())
def test_dropping_a_hedges_rendering_always_fails_the_check_and_adding_text_never_hides_it(
    text: tuple[str, list[str]], data: st.DataObject
) -> None:
    zh, parts = text
    assert hedge_problems(zh, " ".join(parts).strip() or "Text") == []
    dropped = data.draw(st.integers(0, len(parts) - 2))
    words = parts[dropped].split()
    without = [
        *parts[:dropped],
        " ".join(words[: -len(_rendering_at_end(parts[dropped]).split())]),
        *parts[dropped + 1 :],
    ]
    english = " ".join(without).strip() or "Text"
    problems = hedge_problems(zh, english)
    assert len(problems) == 1 and "but the English says an accepted rendering of" in problems[0], problems
    extra = " ".join(data.draw(FILLER))
    assert hedge_problems(zh, f"{extra} {english} {extra}".strip()) == problems


def _rendering_at_end(part: str) -> str:
    return next(r for rs in HEDGE_RENDERINGS.values() for r in sorted(rs, key=len, reverse=True) if part.endswith(r))
