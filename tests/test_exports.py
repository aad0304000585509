"""Open data in the built site matches the data file, in both languages."""

from __future__ import annotations

import csv
import io
import json

from generator.exports import CSV_COLUMNS, neutralize_formula
from generator.models import LocalizedText, ShortTitle
from generator.translation import iter_record_texts
from tests.support import BuiltSite


def test_json_export_has_every_initiative_with_both_languages_and_page_urls(site: BuiltSite) -> None:
    exported = json.loads((site.root / "data" / "initiatives.json").read_text("utf-8"))
    assert [i["id"] for i in exported["initiatives"]] == [
        i.id for i in sorted(site.dataset.initiatives, key=lambda i: i.number)
    ]
    for item, initiative in zip(
        exported["initiatives"], sorted(site.dataset.initiatives, key=lambda i: i.number), strict=True
    ):
        assert item["title"] == {"zh": initiative.title.zh, "en": initiative.title.en}
        assert item["body"] == {"zh": initiative.body.zh, "en": initiative.body.en}
        assert item["themes"] == list(initiative.themes)
        assert item["url"] == {
            "zh": site.url(f"initiatives/{initiative.id}/"),
            "en": site.url(f"en/initiatives/{initiative.id}/"),
        }
        for url in item["url"].values():
            assert (site.root / url.removeprefix(site.base_url) / "index.html").is_file()
    assert [t["id"] for t in exported["themes"]] == [t.id for t in site.dataset.themes]


def test_csv_export_opens_in_spreadsheets_with_one_row_per_initiative(site: BuiltSite) -> None:
    raw = (site.root / "data" / "initiatives.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(r["id"], r["title_zh"], r["title_en"]) for r in rows] == [
        (i.id, i.title.zh, i.title.en) for i in sorted(site.dataset.initiatives, key=lambda i: i.number)
    ]


def test_open_data_is_published_once_at_the_root_and_linked_from_both_about_pages(site: BuiltSite) -> None:
    assert not (site.root / "en" / "data").exists()
    for about in ("about/", "en/about/"):
        hrefs = [a["href"] for a in site.html(about).select("article a[href]")]
        assert any(h.endswith("data/initiatives.json") for h in hrefs)
        assert any(h.endswith("data/initiatives.csv") for h in hrefs)


def test_cells_that_spreadsheets_would_run_as_formulas_are_neutralized() -> None:
    assert [neutralize_formula(c) for c in ["=1+1", "+x", "-x", "@x", "ok"]] == ["'=1+1", "'+x", "'-x", "'@x", "ok"]
    # Spreadsheets read the full-width forms as the ASCII ones.
    assert [neutralize_formula(c) for c in ["＝1+1", "＋x", "－x", "＠x", "ＯＫ"]] == [
        "'＝1+1",
        "'＋x",
        "'－x",
        "'＠x",
        "ＯＫ",
    ]
    small = ["\ufe66x", "\ufe62x", "\ufe63x", "\ufe6bx", "\u2212x"]  # ﹦ ﹢ ﹣ ﹫ and the minus sign
    assert [neutralize_formula(c) for c in small] == ["'" + c for c in small]


def test_json_export_says_which_translations_are_reviewed_by_whom_how_and_when(site: BuiltSite) -> None:
    exported = json.loads((site.root / "data" / "initiatives.json").read_text("utf-8"))["translation_reviews"]
    texts: dict[tuple[str, str], LocalizedText | ShortTitle] = {
        (record, field): text for _, record, _, field, text, _ in iter_record_texts(site.dataset) if text.en
    }
    texts |= {(i.id, "short"): i.short for i in site.dataset.initiatives if i.short and i.short.en}  # short titles too
    assert sorted((entry["record"], entry["field"]) for entry in exported) == sorted(texts)
    for entry in exported:
        review = texts[entry["record"], entry["field"]].reviewed
        expected = (review.by, review.method, review.date) if review else (None, None, None)
        assert (entry["by"], entry["method"], entry["date"]) == expected
    assert {entry["state"] for entry in exported} <= {"reviewed", "changed", "not-reviewed"}


def test_json_export_has_the_glossary_with_its_aliases(site: BuiltSite) -> None:
    glossary = site.validated.glossary
    exported = json.loads((site.root / "data" / "initiatives.json").read_text("utf-8"))["glossary"]
    assert [(t["id"], t["zh"], t["en"], t["aliases"]) for t in exported] == [
        (t.id, t.zh, t.en, list(t.aliases)) for t in glossary.terms
    ]


def test_the_search_table_has_the_aliases_and_the_synonyms_each_way_they_go() -> None:
    from generator.exports import search_aliases
    from generator.models import Glossary

    glossary = Glossary.model_validate(
        {
            "terms": [
                {"id": "soe", "zh": "国有企业", "en": "state-owned enterprise", "aliases": ["国企", "SOE"],
                 "explanation": {"zh": "企业", "en": "An enterprise"}, "basis": "definition"},
            ],
            "synonyms": [
                {"words": ["人才引进", "Talent attraction"], "finds": ["招才引智", "talent"], "both_ways": True},
                {"words": ["hospital"], "finds": ["医疗"]},
            ],
        }
    )  # fmt: skip
    assert json.loads(search_aliases(glossary)) == {
        "aliases": {"国企": {"zh": "国有企业", "en": "state-owned enterprise"}, "soe": {"zh": "国有企业", "en": "state-owned enterprise"}},
        "synonyms": {
            "人才引进": ["招才引智", "talent"],
            "talent attraction": ["招才引智", "talent"],
            "招才引智": ["talent"],
            "talent": ["招才引智"],
            "hospital": ["医疗"],
        },
    }  # fmt: skip
