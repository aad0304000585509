"""Every editor mistake gets a located message that says what is wrong and how to fix it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.errors import DataError
from generator.loader import load_text
from generator.page_paths import INITIATIVE_PAGE, THEME_PAGE, reserved_ids
from generator.validate import china_today, validate
from tests.samples import GLOSSARY as GLOSSARY_TEXT
from tests.samples import MINIMAL, problems_of, validate_text, vary
from tests.support import BuiltSite


def test_the_minimal_sample_is_valid() -> None:
    assert validate_text(MINIMAL).dataset.initiatives[1].id == "second"


def test_all_problems_are_reported_at_once_in_file_order() -> None:
    text = vary("    number: 2\n", "    number: 3\n", vary("    title: {zh: 第一项", "    titel: {zh: 第一项"))
    assert problems_of(text) == [
        "data.yaml:17:5: initiative 1 (first), title — initiatives[0].title: required field 'title' is missing: write it as `title: {zh: …, en: …}`",
        "data.yaml:19:5: initiative 1 (first), titel — initiatives[0].titel: unknown field 'titel' (did you mean 'title'?); allowed here: id, "
        "number, title, short, summary, body, measures, themes, related, status, updates, normalizations, checked, "
        "draft",
        "data.yaml:30:13: initiative 3 (second), number — initiatives[1].number: number 3 is outside 1..2: initiatives must be numbered 1, 2, 3, … "
        "without gaps",
    ]


@pytest.mark.parametrize(
    "old,new,expected",
    [
        (
            "    themes: [environment, finance]\n    related",
            "    themes: [enviroment, finance]\n    related",
            "data.yaml:24:14: initiative 1 (first), themes, 1st entry — initiatives[0].themes[0]: unknown theme 'enviroment' (did you mean 'environment'?)",
        ),
        (
            "  - id: second",
            "  - id: first",
            "data.yaml:29:9: initiative 2 (first), id — initiatives[1].id: duplicate initiative id 'first': "
            "initiative 1 (first) at line 17, column 9 has it too",
        ),
        (
            "    related: []",
            "    related: [first]",
            "data.yaml:25:15: initiative 1 (first), related, 1st entry — initiatives[0].related[0]: an initiative cannot be related to itself",
        ),
        (
            "    related: []",
            "    related: [thrid]",
            "data.yaml:25:15: initiative 1 (first), related, 1st entry — initiatives[0].related[0]: unknown initiative 'thrid'",
        ),
        (
            "    status: announced\n",
            "    status: in-progess\n",
            "data.yaml:26:13: initiative 1 (first), status — initiatives[0].status: unknown status 'in-progess' (did you mean 'in-progress'?); "
            "allowed: announced, in-progress, completed, stalled, superseded",
        ),
        (
            "  - id: first",
            "  - id: Business Env",
            "data.yaml:17:9: initiative 1 (Business Env), id — initiatives[0].id: 'Business Env' is not a valid id: use lowercase ASCII letters, digits and "
            "single hyphens (at most 80 characters), e.g. 'business-environment'",
        ),
        (
            "    number: 1",
            '    number: "1"',
            "data.yaml:18:13: the 1st initiative (first), number — initiatives[0].number: expected a whole number, got '1'",
        ),
        (
            "  - id: first",
            "  - id: 010",
            "data.yaml:17:9: initiative 1, id — initiatives[0].id: expected text, got a number (010); put it in quotes",
        ),
        ("    title: {zh: 第一项, en: The first}", "    title: {zh: 第一项, en: no}", ""),
        (
            "    title: {zh: 第一项, en: The first}",
            "    title: {zh: [第一项], en: The first}",
            "data.yaml:19:17: initiative 1 (first), title, zh — initiatives[0].title.zh: expected text, got a list",
        ),
        (
            "    title: {zh: 第一项, en: The first}",
            '    title: {zh: "  ", en: The first}',
            "data.yaml:19:17: initiative 1 (first), title, zh — initiatives[0].title.zh: the text is empty: write the text, or remove the field",
        ),
        ('  date: "2020-04-20"', "  date: 2020-04-20", ""),
        (
            '  date: "2020-04-20"',
            "  date: 2020-4-20",
            'data.yaml:4:9: source.date: \'2020-4-20\' is not a date: write it as "YYYY-MM-DD", e.g. "2020-04-16"',
        ),
    ],
)
def test_a_single_mistake_gives_one_located_message(old: str, new: str, expected: str) -> None:
    assert problems_of(vary(old, new)) == ([expected] if expected else [])


def test_a_theme_must_connect_at_least_two_initiatives() -> None:
    text = vary("    themes: [environment, finance]\n    status", "    themes: [environment]\n    status")
    assert problems_of(text) == [
        "data.yaml:13:9: the 2nd theme (finance), id — themes[1].id: theme 'finance' is used by only one initiative (first): a theme must connect "
        "at least two initiatives; add it to more or remove it"
    ]


def test_a_missing_translation_is_an_error_that_suggests_what_fits_the_text() -> None:
    text = vary("    body: {zh: 正文一, en: Text one}", "    body: {zh: 正文一}")
    assert problems_of(text) == [
        "data.yaml:21:11: initiative 1 (first), body — initiatives[0].body: the English translation is missing: "
        "add 'en:' beside its 'zh:', then run `make accept ID=first`"
    ]
    assert problems_of(vary("    number: 1\n", "    number: 1\n    draft: true\n", text)) == []


def test_a_new_record_with_no_english_at_all_is_told_about_draft() -> None:
    text = vary("{zh: 措施二, en: Measure two}", "{zh: 措施二}")
    for english in (", en: The second}", ", en: Summary two}", ", en: Text two}"):
        text = vary(english, "}", text)
    text = vary("{zh: 部署, en: Set}, source: article}\n", "{zh: 部署}, source: article}\n", text, count=2)
    text = vary("{zh: 部署}, source: article}\n", "{zh: 部署, en: Set}, source: article}\n", text)
    problems = problems_of(text)
    assert len(problems) == 4 and all("mark the initiative 'draft: true'" in p for p in problems), problems
    assert problems[0].startswith("data.yaml:31:12: initiative 2 (second), title — initiatives[1].title:")


def test_an_update_without_english_is_a_warning_labelled_where_it_stands() -> None:
    text = vary("{zh: 部署, en: Set}, source: article}\n", "{zh: 部署}, source: article}\n")
    assert problems_of(text) == []
    warnings = [str(w) for w in validate_text(text).warnings if "no English" in w.message]
    assert warnings == [
        "data.yaml:28:55: initiative 1 (first), updates, 1st entry, text — initiatives[0].updates[0].text: warning: "
        "this text has no English yet: the English page and feed show the Chinese with a 'not yet translated' label "
        "until you add 'en:' beside its 'zh:', then run `make accept ID=first`"
    ]
    assert problems_of(text, strict_translations=True)


def test_a_glossary_term_must_be_carried_into_the_english() -> None:
    text = vary("{zh: 正文一, en: Text one}", "{zh: 申建综合保税区, en: Apply for a bonded area}")
    assert problems_of(text) == [
        "data.yaml:21:29: initiative 1 (first), body, en — initiatives[0].body.en: the Chinese has the glossary term '综合保税区' (glossary id bonded-zone); the English must say "
        "'comprehensive bonded zone' (check the spelling first; if the English rightly says it in other words, add "
        "those words to the term's 'variants' in data/glossary.yaml); "
        "letter case does not matter"
    ]


def test_numbers_and_latin_tokens_must_be_carried_into_the_english() -> None:
    text = vary("{zh: 正文一, en: Text one}", "{zh: 推进5G，4月16日召开, en: Roll out the network}")
    assert problems_of(text) == [
        "data.yaml:21:34: initiative 1 (first), body, en — initiatives[0].body.en: the Chinese has '16 April'; the English must carry it too",
        "data.yaml:21:34: initiative 1 (first), body, en — initiatives[0].body.en: the Chinese has '5G'; the English must carry it too",
    ]


def test_updates_must_be_dated_in_order_not_in_the_future_and_agree_with_the_status() -> None:
    update = '      - {date: "2020-04-16", status: announced, text: {zh: 部署, en: Set}, source: article}\n'
    text = vary(
        update,
        update + '      - {date: "2020-03-01", status: completed, text: {zh: 完成, en: Done}, '
        "source: {title: {zh: 报道, en: Report}}}\n"
        '      - {date: "2030-01-01", text: {zh: 未来, en: Future}, source: article}\n',
    )
    assert problems_of(text) == [
        "data.yaml:26:13: initiative 1 (first), status — initiatives[0].status: status is 'announced' but the latest update with a status "
        "(the 2nd update) says 'completed': make them agree",
        "data.yaml:29:16: initiative 1 (first), updates, 2nd entry, date — initiatives[0].updates[1].date: 2020-03-01 is before the initiatives were set on 2020-04-16",
        "data.yaml:29:16: initiative 1 (first), updates, 2nd entry, date — initiatives[0].updates[1].date: updates must be in date order, oldest first: 2020-03-01 "
        "comes after 2020-04-16",
        "data.yaml:30:16: initiative 1 (first), updates, 3rd entry, date — initiatives[0].updates[2].date: 2030-01-01 is in the future: record an update once it has "
        "happened",
    ]


# --- term QA, reviews and glossary sources --------------------------------------------------

OPENING_UP_GLOSSARY = """terms:
  - {id: opening-up, zh: 对外开放, en: opening-up, basis: definition, explanation: {zh: 开放, en: Opening}}
  - {id: opening-up-hub, zh: 对外开放高地, en: hub of opening-up, basis: definition, explanation: {zh: 高地, en: A hub}}
  - {id: invest, zh: 招商引资, en: attract investment, basis: definition, explanation: {zh: 引资, en: Investment}}
  - {id: foreign, zh: 引进外资, en: attract investment, basis: definition, explanation: {zh: 外资, en: Foreign}}
"""


def term_warnings(zh: str, en: str) -> list[str]:
    text = vary("{zh: 正文一, en: Text one}", f'{{zh: {zh}, en: "{en}"}}')
    return [str(p) for p in validate_text(text, OPENING_UP_GLOSSARY).warnings if "stands for both" in p.message]


@pytest.mark.parametrize(
    "zh,en,shared",
    [
        # one English occurrence inside the rendering of the longer term cannot translate the shorter too
        (
            "打造对外开放高地，建设对外开放平台",
            "Build a hub of opening-up and its platforms",
            ("hub of opening-up", "对外开放"),
        ),
        ("打造对外开放高地，建设对外开放平台", "Build a hub of opening-up and platforms for opening-up", None),
        # two Chinese terms with one English rendering need it twice
        ("招商引资、引进外资", "Attract investment", ("Attract investment", "引进外资")),
        ("招商引资、引进外资", "Attract investment at home and attract investment from abroad", None),
        ("打造对外开放高地", "Build a hub of opening-up", None),  # one term, its rendering contains another's
    ],
)
def test_one_english_rendering_cannot_stand_for_two_chinese_terms(zh: str, en: str, shared: object) -> None:
    warnings = term_warnings(zh, en)
    if shared is None:
        assert warnings == []
    else:
        words, term = shared  # type: ignore[misc]
        assert len(warnings) == 1
        assert warnings[0].startswith("data.yaml:21:")
        assert f"initiatives[0].body.en: warning: the English {words!r} stands for both" in warnings[0]
        assert f"give {term!r} its own rendering" in warnings[0]


def data_warnings(text: str) -> list[str]:
    return [str(p) for p in validate_text(text).warnings if p.path.endswith(".reviewed")]


def test_a_review_is_validated_and_goes_out_of_date_when_either_text_changes() -> None:
    from generator.translation import text_fingerprint

    text = vary("{zh: 正文一, en: Text one}", "{zh: 正文一, en: Text one, reviewed: REVIEW}")
    fresh = text_fingerprint(validate_text(MINIMAL).dataset.initiatives[0].body)
    good = f'{{by: translation reviewer, method: bilingual review, date: "2026-11-20", fingerprint: "{fresh}"}}'
    assert data_warnings(text.replace("REVIEW", good)) == []
    changed = text.replace("REVIEW", good).replace("en: Text one,", "en: Text one changed,")
    assert data_warnings(changed) == [
        "data.yaml:21:53: initiative 1 (first), body, reviewed — initiatives[0].body.reviewed: warning: the text "
        "changed after its review of 2026-11-20 (translation reviewer): once someone who did not write the change has "
        "checked it again, they run `make review ID=first BY=<who reviewed> METHOD=<how>`"
    ]
    future = good.replace("2026-11-20", "2026-12-01")
    assert problems_of(text.replace("REVIEW", future)) == [
        "data.yaml:21:104: initiative 1 (first), body, reviewed, date — initiatives[0].body.reviewed.date: 2026-12-01 is in the future: record a review once it "
        "has happened"
    ]
    assert problems_of(text.replace("REVIEW", "{by: translation reviewer}")) == [
        "data.yaml:21:35: initiative 1 (first), body, reviewed, date — initiatives[0].body.reviewed.date: required field "
        "'date' is missing",
        "data.yaml:21:35: initiative 1 (first), body, reviewed, fingerprint — initiatives[0].body.reviewed.fingerprint: "
        "required field 'fingerprint' is missing",
        "data.yaml:21:35: initiative 1 (first), body, reviewed, method — initiatives[0].body.reviewed.method: required "
        "field 'method' is missing",
    ]


def test_a_glossary_explanation_needs_a_basis_or_a_checkable_source() -> None:
    term = "  - {id: bonded-zone, zh: 综合保税区, en: comprehensive bonded zone, explanation: {zh: 海关区域, en: A customs area}"
    assert not [p for p in validate_text(MINIMAL, GLOSSARY_TEXT).warnings if p.path.startswith("terms[1].")]
    # An editor's rule, so `make check` refuses it (not only the tests): an error, located.
    with pytest.raises(DataError) as unsourced:
        validate_text(MINIMAL, vary(term + ", basis: definition}", term + "}", GLOSSARY_TEXT))
    assert [str(p) for p in unsourced.value.problems] == [
        "glossary.yaml:3:78: the 2nd glossary term (bonded-zone), explanation — terms[1].explanation: say what this explanation rests on: `basis: definition` "
        "(only what the term itself means), `basis: article` (only what the source article says), or a `source: "
        "{title, outlet, date, url}` for any other fact; without one, remove the fact"
    ]
    source = ', source: {title: {zh: 海关规则, en: Customs rules}, outlet: {zh: 海关, en: Customs}, date: "2020-01-01", url: "ftp://x"}}'
    with pytest.raises(DataError) as error:
        validate_text(MINIMAL, vary(term + ", basis: definition}", term + source, GLOSSARY_TEXT))
    assert [str(p) for p in error.value.problems] == [
        "glossary.yaml:3:213: the 2nd glossary term (bonded-zone), source, url — terms[1].source.url: 'ftp://x' is not a web address: it must start with https:// or "
        "http://"
    ]


def test_a_glossary_alias_belongs_to_one_term_and_is_not_a_form_search_already_finds() -> None:
    from tests.samples import GLOSSARY, MINIMAL

    shared = GLOSSARY.replace("en: Zibo,", "en: Zibo, aliases: [综保区],").replace(
        "en: comprehensive bonded zone,", "en: comprehensive bonded zone, aliases: [综保区, Comprehensive Bonded Zone],"
    )
    assert problems_of(MINIMAL, shared) == [
        "glossary.yaml:2:57: the 1st glossary term (zibo), aliases, 1st entry — terms[0].aliases[0]: the alias '综保区' is also an alias of bonded-zone: an alias belongs "
        "to one term; keep it on the term readers mean by it",
        "glossary.yaml:3:75: the 2nd glossary term (bonded-zone), aliases, 1st entry — terms[1].aliases[0]: the alias '综保区' is also an alias of zibo: an alias belongs to one "
        "term; keep it on the term readers mean by it",
        "glossary.yaml:3:80: the 2nd glossary term (bonded-zone), aliases, 2nd entry — terms[1].aliases[1]: 'Comprehensive Bonded Zone' is already the text of the term "
        "'bonded-zone' (its zh, en or variants): search finds it without an alias; remove the alias",
    ]
    assert problems_of(MINIMAL, GLOSSARY.replace("en: Zibo,", "en: Zibo, aliases: [淄],")) == []


def test_a_synonym_finds_only_words_the_texts_use_and_a_word_belongs_to_one_synonym() -> None:
    from tests.samples import GLOSSARY, MINIMAL

    synonyms = (
        "synonyms:\n"
        "  - {words: [金融业, banking], finds: [金融, Finance, 银行, bank]}\n"
        "  - {words: [Banking], finds: [正文二, summary two], both_ways: true}\n"
    )
    assert problems_of(MINIMAL, GLOSSARY + synonyms) == [
        "glossary.yaml:6:19: synonyms[0].words[1]: 'banking' is also a word of synonyms[1]: a word belongs to one "
        "synonym; merge them",
        "glossary.yaml:6:50: synonyms[0].finds[2]: no Chinese text has '银行': search would find nothing by it; write "
        "a word the texts use",
        "glossary.yaml:6:54: synonyms[0].finds[3]: no English text has 'bank': search would find nothing by it; write "
        "a word the texts use",
        "glossary.yaml:7:14: synonyms[1].words[0]: 'Banking' is also a word of synonyms[0]: a word belongs to one "
        "synonym; merge them",
    ]
    assert problems_of(MINIMAL, GLOSSARY + synonyms.replace(", 银行, bank", "").replace("[Banking]", "[存款]")) == []


DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGE_OF = {"initiative": INITIATIVE_PAGE, "theme": THEME_PAGE}


def test_no_id_can_take_the_name_of_a_page_the_built_site_puts_beside_the_records_pages(site: BuiltSite) -> None:
    for language in ("", "en/"):
        for kind, page in PAGE_OF.items():
            ids = {record.id for record in getattr(site.dataset, f"{kind}s")}
            folder = site.root / language / page.split("{id}")[0]
            for entry in folder.iterdir():
                name = entry.name.split(".")[0]
                assert name in ids or name in reserved_ids(page), f"{entry.relative_to(site.root)} is not reserved"


@pytest.mark.parametrize("kind", PAGE_OF)
@pytest.mark.parametrize("name", ["index", "con", "nul", "aux", "prn", "com1", "lpt9"])
def test_a_reserved_id_is_refused_with_the_reason(kind: str, name: str) -> None:
    old, where = {
        "initiative": ("  - id: first", "data.yaml:17:9: "),
        "theme": ("  - id: environment", "data.yaml:10:9: "),
    }[kind]
    with pytest.raises(DataError) as caught:
        validate_text(vary(old, f'  - id: "{name}"'))
    problems = [str(problem) for problem in caught.value.problems]
    mine = [p for p in problems if f": the id '{name}' is reserved: " in p]
    assert len(mine) == 1, problems
    assert mine[0].startswith(where)
    if name == "index":
        page = PAGE_OF[kind].format(id="index")
        assert f"the {kind}'s page would be {page}, which is the folder's own page ({kind}s/)" in mine[0]
    else:
        assert "device name on Windows" in mine[0]


# Names of the site's own pages and folders elsewhere: an id is a page inside its kind's folder,
# so it never collides with them.
NOT_RESERVED = ["feed", "search", "print", "glossary", "en", "assets", "pagefind", "404", "status", "themes", "about"]


@pytest.mark.parametrize("kind", PAGE_OF)
@pytest.mark.parametrize("name", NOT_RESERVED)
def test_the_names_of_pages_outside_the_records_folder_are_valid_ids(kind: str, name: str) -> None:
    old = {"initiative": "  - id: first", "theme": "  - id: environment"}[kind]
    text = vary(old, f'  - id: "{name}"')
    if kind == "theme":
        text = text.replace("themes: [environment]", f"themes: [{name}]")
    assert not [p for p in problems_of(text) if "reserved" in p]


@pytest.mark.parametrize("number", ["0", "-1"])
def test_a_number_below_one_gets_one_message(number: str) -> None:
    problems = problems_of(vary("    number: 1\n", f"    number: {number}\n"))
    assert len(problems) == 1, problems
    assert problems[0].startswith("data.yaml:18:13: ")
    assert problems[0].endswith(f": must be at least 1, got a number ({number})")


def test_today_and_the_future_are_judged_by_the_date_in_china() -> None:
    late_in_utc = dt.datetime(2026, 11, 26, 16, 30, tzinfo=dt.UTC)  # already the 27th in Zibo
    assert china_today(late_in_utc) == dt.date(2026, 11, 27)
    assert china_today(dt.datetime(2026, 11, 26, 15, 59, tzinfo=dt.UTC)) == dt.date(2026, 11, 26)
    text = vary(
        '      - {date: "2020-04-16", status: announced, text: {zh: 部署, en: Set}, source: article}\n',
        '      - {date: "2020-04-16", status: announced, text: {zh: 部署, en: Set}, source: article}\n'
        f'      - {{date: "{china_today()}", text: {{zh: 今天, en: Today}}, source: article}}\n',
    )
    validate(load_text(text, "data.yaml"), load_text(GLOSSARY_TEXT, "glossary.yaml"))  # no "in the future"


@pytest.mark.parametrize(
    "url", ["https:///example.org/x", "https://", "http://exa\u0001mple.org/", "https://example.org/a\u0085b"]
)
def test_a_web_address_needs_a_host_and_no_control_characters(url: str) -> None:
    text = vary("  announced:", f"  url: {json.dumps(url)}\n  announced:")
    problems = problems_of(text)
    assert len(problems) == 1 and problems[0].startswith("data.yaml:6:"), problems
    assert "is not a web address" in problems[0] or "cannot be published" in problems[0]


def test_contributing_names_every_reserved_id() -> None:
    guide = (DOCS.parent / "CONTRIBUTING.md").read_text("utf-8")
    section = guide.split("### Ids the site keeps for itself", 1)[1].split("\n#", 1)[0]
    names = {name for page in PAGE_OF.values() for name in reserved_ids(page)}
    assert [name for name in sorted(names) if f"`{name}`" not in section] == []


SITE_WITHOUT_ROUTE = (
    "site:\n"
    "  maintainer: {zh: 编辑部, en: the editors}\n"
    '  changes:\n    - {date: "2026-11-20", text: {zh: 首版, en: First edition}}\n'
)


def test_a_site_without_a_corrections_route_is_a_warning_located_at_the_site_record() -> None:
    warnings = [str(w) for w in validate_text(SITE_WITHOUT_ROUTE + MINIMAL).warnings if "report an error" in w.message]
    assert warnings == [
        "data.yaml:1:1: site: warning: readers have no way to report an error: add `corrections:` with an address "
        "the editors really read, e.g. the repository's issue tracker (`repo_url` in mkdocs.yml followed by /issues)"
    ]
    routed = SITE_WITHOUT_ROUTE.replace("  changes:", "  corrections: https://example.org/issues\n  changes:")
    assert not [w for w in validate_text(routed + MINIMAL).warnings if "report an error" in w.message]


@pytest.mark.parametrize(
    "word,meant",
    [
        ("done", "completed"),
        ("finished", "completed"),
        ("ongoing", "in-progress"),
        ("started", "in-progress"),
        ("paused", "stalled"),
        ("replaced", "superseded"),
    ],
)
def test_a_word_that_is_not_a_status_is_said_to_be_unknown_first_with_the_status_it_means(
    word: str, meant: str
) -> None:
    update = '      - {date: "2020-04-16", status: announced, text: {zh: 部署, en: Set}, source: article}\n'
    messages = problems_of(vary(update, update.replace("status: announced", f"status: {word}")))
    assert len(messages) == 1, messages  # no "make them agree" while the update's status is not a status
    assert f"unknown status '{word}' (did you mean '{meant}'?); allowed: " in messages[0]
    messages = problems_of(vary("    status: announced\n", f"    status: {word}\n"))
    assert len(messages) == 1 and f"unknown status '{word}' (did you mean '{meant}'?)" in messages[0], messages


UPDATE = '      - {date: "2020-04-16", status: announced, text: {zh: 部署, en: Set}, source: article}\n'


@pytest.mark.parametrize(
    "old,new,expected",
    [
        (
            UPDATE,
            UPDATE.replace("source: article", "source: https://example.org/news"),
            "unknown value 'https://example.org/news'; allowed: `article` (the 2020 article), or a mapping "
            '`{title: {zh: …, en: …}, outlet: {zh: …, en: …}, date: "YYYY-MM-DD", url: https://…}`',
        ),
        (
            UPDATE,
            UPDATE.replace("source: article", "source: {url: https://example.org/news}"),
            "source.title: required field 'title' is missing: write it as `title: {zh: …, en: …}`",
        ),
        (
            "    themes: [environment, finance]\n    related",
            "    themes: [environment, finance, environment, finance, environment]\n    related",
            "initiatives[0].themes: has 5 themes (environment, finance, environment, finance, environment); an "
            "initiative has at most 4: remove one, or choose other initiatives",
        ),
        (
            "    themes: [environment, finance]\n    related",
            "    themes: [smart-city, finance]\n    related",
            "initiatives[0].themes[0]: unknown theme 'smart-city'; the themes are environment, finance. To add a "
            "theme, write it under `themes:`",
        ),
    ],
)
def test_a_message_shows_the_allowed_forms_and_the_way_out(old: str, new: str, expected: str) -> None:
    messages = problems_of(vary(old, new))
    assert expected in messages[0], messages


def test_a_dated_fact_newer_than_the_newest_change_is_a_warning_at_that_change_saying_what_to_add() -> None:
    site = SITE_WITHOUT_ROUTE.replace("  changes:", "  corrections: https://example.org/issues\n  changes:")
    newer = UPDATE + '      - {date: "2026-11-24", text: {zh: 进展, en: Progress}, source: article}\n'
    validated = validate_text(vary(UPDATE, newer, site + MINIMAL))
    assert [str(w) for w in validated.warnings if "changes:" in w.message] == [
        "data.yaml:5:14: site.changes[0].date: warning: the newest `changes:` entry is dated 2026-11-20, but the "
        "update at line 34 (initiative 1 (first), updates, 2nd entry, date) is dated 2026-11-24: every page would "
        "show the edition of 2026-11-20 beside it. Add a `changes:` entry under `site:`, dated the day you make the "
        'change (not before "2026-11-24"), that says what changed (text: {zh: …, en: …})'
    ]
    later = site.replace(
        "First edition}}\n", 'First edition}}\n    - {date: "2026-11-24", text: {zh: 进展, en: Progress}}\n'
    )
    assert not [w for w in validate_text(vary(UPDATE, newer, later + MINIMAL)).warnings if "changes:" in w.message]
    checked = vary("    status: announced\n", '    status: announced\n    checked: "2026-11-25"\n', site + MINIMAL)
    warnings = [w.message for w in validate_text(checked).warnings if "changes:" in w.message]
    assert len(warnings) == 1 and "the `checked` date at line" in warnings[0] and '"2026-11-25"' in warnings[0]


@pytest.mark.parametrize(
    "source,message",
    [
        (
            "{title: {zh: 年鉴, en: A yearbook}, publisher: {zh: 出版社, en: A press}}",
            "unknown field 'publisher' (did you mean 'outlet'?); allowed here: title, outlet, date, url",
        ),
        (
            "{title: A yearbook}",
            "expected a mapping of fields ('key: value' lines), got 'A yearbook': write it as `title: {zh: …, en: …}`",
        ),
        (
            '{title: {zh: 年鉴, en: A yearbook}, date: "2020-1-2"}',
            '\'2020-1-2\' is not a date: write it as "YYYY-MM-DD", e.g. "2020-04-16"',
        ),
        (
            '{title: {zh: 年鉴, en: A yearbook}, url: "https://user:pw@example.org/"}',
            "this address has a user name or password before '@' (https://…@example.org): a reader's browser goes to "
            "example.org, whatever stands before '@'; write the address without the part before '@' (and never "
            "publish a password)",
        ),
    ],
)
def test_a_source_has_one_shape_and_one_message_under_an_update_and_under_a_glossary_term(
    source: str, message: str
) -> None:
    update = '      - {date: "2020-04-16", status: announced, text: {zh: 部署, en: Set}, source: article}\n'
    term = "  - {id: bonded-zone, zh: 综合保税区, en: comprehensive bonded zone, explanation: {zh: 海关区域, en: A customs area}"
    messages = []
    for text, glossary in (
        (vary(update, update.replace("source: article", f"source: {source}")), GLOSSARY_TEXT),
        (MINIMAL, vary(term + ", basis: definition}", f"{term}, source: {source}}}", GLOSSARY_TEXT)),
    ):
        with pytest.raises(DataError) as error:
            validate_text(text, glossary)
        messages.append([problem.message for problem in error.value.problems])
    assert messages == [[message], [message]]


NO_COPY = (
    "the article's record ('source:') has no 'copy:', so the Chinese texts would not be checked against the archived "
    "article: restore the 'copy:' line that names it (e.g. 'copy: data/sources/zibo-15-reforms-2020-04-20.zh.txt'); "
    "only for a dataset that has no archived article, write 'verbatim: false' under 'source:' instead"
)


@pytest.mark.parametrize(
    "old,new,expected",
    [
        ("  verbatim: false\n", "", f"data.yaml:1:1: source: {NO_COPY}"),
        ("  verbatim: false\n", "  verbatim: true\n", f"data.yaml:8:13: source.verbatim: {NO_COPY}"),
        (
            "  verbatim: false\n",
            "  verbatim: false\n  copy: data/sources/article.txt\n",
            "data.yaml:8:13: source.verbatim: 'verbatim: false' says this dataset has no archived article, but 'copy:' "
            "names one: remove 'verbatim: false', so that the Chinese is checked against the article (or, if the file "
            "'copy:' names is not the article, remove the 'copy:' line)",
        ),
    ],
)
def test_a_source_names_its_archived_article_or_says_it_has_none(old: str, new: str, expected: str) -> None:
    assert problems_of(vary(old, new)) == [expected]
    assert problems_of(MINIMAL) == []
