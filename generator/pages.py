"""Dataset -> the list of pages to generate for one language (paths, templates, contexts)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .article import Article, article_units, initiative_anchor
from .citation import bibtex_entry, csl_file, csl_item
from .labels import feed_title, format_date, format_month, load_labels
from .languages import Language, other_language
from .loader import Locations
from .models import UNRECORDED_METHOD, Dataset, Glossary, Initiative, Update
from .page_paths import (
    CHANGES_PAGE,
    FEED_FILE,
    GLOSSARY_PAGE,
    HOME_PAGE,
    PRINT_PAGE,
    SOURCE_PAGE,
    SUBSCRIBE_PAGE,
    THEMES_PAGE,
    TRANSLATIONS_PAGE,
    UPDATES_PAGE,
    initiative_page,
    status_page,
    theme_page,
)
from .related import RELATED_SHOWN, find_related
from .structured_data import collection_data, initiative_data, latest_date, theme_data, website
from .tracking import NOT_RESEARCHED, TRACKING_STATES, checked_summary, tracking_state
from .translation import SOURCE_RECORD, page_states, record_reviews, record_states
from .urls import absolute_url, language_root_url

# How many of the newest updates the feed holds (generator/feeds.py); the subscribe page says so.
FEED_LIMIT = 50


@dataclass(frozen=True)
class SourceLines:
    """Where the content of generated pages is written in the data files, for "edit" links."""

    data_file: str  # as the repository names it, e.g. "data/initiatives.yaml"
    glossary_file: str
    data: Locations
    glossary: Locations
    files_url: str | None = None  # where the repository shows its files (generator.urls.repository_file_url)

    def of(self, path: str, *, glossary: bool = False) -> str:
        """``file#Lline`` of a data path, e.g. "data/initiatives.yaml#L212"."""
        locations = self.glossary if glossary else self.data
        return f"{self.glossary_file if glossary else self.data_file}#L{locations.of(path)[0]}"


# How search treats each kind of page, best first: a query matching several kinds shows initiatives,
# then themes, then the glossary. Every other generated page lists or repeats other pages' text
# (home, themes index, status lists, printable version, translation status): it stays out of the
# search index, so it can never crowd out the page that says the thing.
SEARCH_KINDS = {"initiative.md.j2": "initiative", "theme.md.j2": "theme", "glossary.md.j2": "glossary"}
AGGREGATE = "aggregate"


@dataclass(frozen=True)
class PageSpec:
    path: str  # Markdown source path inside the language's docs folder
    template: str
    context: Mapping[str, Any]

    @property
    def search_kind(self) -> str:
        return SEARCH_KINDS.get(self.template, AGGREGATE)


@dataclass(frozen=True)
class _Plan:
    """What every page planner needs: the data, the language, and the context all pages share."""

    dataset: Dataset
    glossary: Glossary
    language: Language
    site_name: str
    site_url: str  # the address of the (Chinese) site root
    sources: SourceLines | None
    initiatives: list[Initiative]  # by number
    members: dict[str, list[Initiative]]  # of each theme, by number
    notices: Mapping[str, str]  # the translation state of each record, for the notice on English pages
    common: dict[str, Any]
    site: dict[str, Any]  # the site's structured data (schema.org WebSite)

    def page(
        self,
        path: str,
        template: str,
        structured_data: dict[str, Any] | None = None,
        source: str | None = "initiatives",
        **context: Any,
    ) -> PageSpec:
        """A page; ``source``: the data path its "edit" link opens (None: made from many records)."""
        data = structured_data or collection_data(
            self.site_name, "", self.language, self.url(path), self.site, self.dataset
        )
        edit_source = None
        if self.sources and source:
            edit_source = self.sources.of("terms", glossary=True) if source == "glossary" else self.sources.of(source)
        context = {**self.common, **context, "structured_data": data, "edit_source": edit_source}
        return PageSpec(path, template, {**context, "search_kind": SEARCH_KINDS.get(template, AGGREGATE)})

    def url(self, path: str) -> str:
        """The absolute address of a page of this language."""
        return absolute_url(self.site_url, self.language, path)


def plan_pages(
    dataset: Dataset,
    glossary: Glossary,
    language: Language,
    site_url: str,
    site_name: str,
    sources: SourceLines | None = None,
    article: Article | None = None,
) -> list[PageSpec]:
    """Every generated page of one language. ``site_url`` is the address of the (Chinese) site root;
    ``article`` is the archived source article, when the repository has it."""
    initiatives = sorted(dataset.initiatives, key=lambda initiative: initiative.number)
    labels = load_labels(language.key)
    states = {initiative.id: tracking_state(initiative, dataset.source.announced) for initiative in initiatives}
    common = {
        "language": language,
        "source": dataset.source,
        "themes_by_id": {theme.id: theme for theme in dataset.themes},
        "total": len(initiatives),
        "home_url": language_root_url(site_url, language),  # this language's home page, absolute
        # Pages list and count initiatives by what is known of them: their status once researched.
        "by_status": {state: [i for i in initiatives if states[i.id] == state] for state in TRACKING_STATES},
        "state_of": states,
        "state_names": {NOT_RESEARCHED: labels["not_researched"], **labels["statuses"]},
        "not_researched": NOT_RESEARCHED,
        "updated": latest_date(dataset),
        "anchor_of": initiative_anchor,
        "edition": dataset.edition_date(),
        "publication": dataset.site,
    }
    notices = page_states(dataset)
    common["translation_state"] = notices[SOURCE_RECORD]
    plan = _Plan(
        dataset,
        glossary,
        language,
        site_name,
        site_url,
        sources,
        initiatives,
        _members_by_theme(dataset),
        notices,
        common,
        website(site_name, language_root_url(site_url, language), language),
    )
    addresses = {initiative.id: plan.url(initiative_page(initiative)) for initiative in initiatives}
    return [
        *_plan_home(plan),
        *_plan_initiatives(plan),
        *_plan_themes(plan),
        *_plan_statuses(plan),
        plan.page(PRINT_PAGE, "print.md.j2", source=None, initiatives=initiatives, addresses=addresses),
        *_plan_translations(plan),
        plan.page(GLOSSARY_PAGE, "glossary.md.j2", source="glossary", terms=glossary.terms),
        plan.page(
            SOURCE_PAGE,
            "source.md.j2",
            source="source",
            units=article_units(dataset, article),
            copy_url=_copy_url(dataset, sources),
        ),
        plan.page(CHANGES_PAGE, "changes.md.j2", source="site"),
        *_plan_updates(plan),
    ]


def _plan_home(plan: _Plan) -> list[PageSpec]:
    statement = site_statement(plan.dataset, plan.language)
    home_data = {**plan.site, "@context": "https://schema.org", "description": statement}
    return [
        plan.page(
            HOME_PAGE,
            "home.md.j2",
            home_data,
            source="source.lead",
            initiatives=plan.initiatives,
            themes=plan.dataset.themes,
        )
    ]


def _plan_initiatives(plan: _Plan) -> list[PageSpec]:
    related = find_related(plan.dataset)
    positions = {initiative.id: index for index, initiative in enumerate(plan.dataset.initiatives)}
    themes_by_id = plan.common["themes_by_id"]
    initiatives = plan.initiatives
    edition = plan.dataset.edition_date()
    edition_note = str(load_labels(plan.language.key)["edition_of"]).format(date=format_date(edition, plan.language))
    pages = []
    for order, initiative in enumerate(initiatives):
        path = initiative_page(initiative)
        theme_labels = [themes_by_id[theme_id].label for theme_id in initiative.themes]
        url = plan.url(path)
        data = initiative_data(
            plan.dataset,
            initiative,
            plan.language,
            url,
            plan.site,
            [label.text_or_chinese(plan.language.key) for label in theme_labels],
        )
        pages.append(
            plan.page(
                path,
                "initiative.md.j2",
                data,
                source=f"initiatives[{positions[initiative.id]}]",
                initiative=initiative,
                related=related[initiative.id],
                related_shown=RELATED_SHOWN,
                previous=initiatives[order - 1] if order > 0 else None,
                next=initiatives[order + 1] if order + 1 < len(initiatives) else None,
                updated=initiative.updates[-1].date,
                translation_state=plan.notices[initiative.id],
                csl_download=csl_file(csl_item(plan.dataset, initiative, plan.language, url, plan.site_name)),
                bibtex=bibtex_entry(initiative, plan.language, url, plan.site_name, edition, edition_note),
            )
        )
    return pages


def _plan_themes(plan: _Plan) -> list[PageSpec]:
    """The themes' index, then a page per theme."""
    themes = plan.dataset.themes
    index = plan.page(
        THEMES_PAGE, "themes.md.j2", source="themes", themes=themes, members=plan.members, initiatives=plan.initiatives
    )
    return [
        index,
        *(
            plan.page(
                theme_page(theme),
                "theme.md.j2",
                theme_data(theme, plan.language, plan.url(theme_page(theme)), plan.site, plan.dataset),
                source=f"themes[{position}]",
                theme=theme,
                initiatives=plan.members[theme.id],
                translation_state=plan.notices[theme.id],
            )
            for position, theme in enumerate(themes)
        ),
    ]


def _plan_statuses(plan: _Plan) -> list[PageSpec]:
    by_status = plan.common["by_status"]
    return [
        plan.page(status_page(state), "status.md.j2", source=None, status=state, initiatives=by_status[state])
        for state in TRACKING_STATES
    ]


def _plan_translations(plan: _Plan) -> list[PageSpec]:
    return [
        plan.page(
            TRANSLATIONS_PAGE,
            "translations.md.j2",
            source=None,
            initiatives=plan.initiatives,
            themes=plan.dataset.themes,
            states=record_states(plan.dataset),
            reviews=record_reviews(plan.dataset, plan.glossary),
            unrecorded_method=UNRECORDED_METHOD,
        )
    ]


def _plan_updates(plan: _Plan) -> list[PageSpec]:
    entries = updates_newest_first(plan.dataset)
    other = other_language(plan.language)
    return [
        plan.page(UPDATES_PAGE, "updates.md.j2", source=None, entries=entries),
        plan.page(
            SUBSCRIBE_PAGE,
            "subscribe.md.j2",
            source=None,
            feed_url=plan.url(FEED_FILE),
            feed_limit=FEED_LIMIT,
            other_language=other,
            other_feed_url=absolute_url(plan.site_url, other, FEED_FILE),
            other_feed_title=feed_title(other),
        ),
    ]


@dataclass(frozen=True)
class FeedEntry:
    """One update, or an identical update recorded for several initiatives (the announcement of all of
    them): one line of the updates page and one entry of the feed. ``ranks``: of each initiative's
    update among its updates of the same day, for the entry's id."""

    update: Update
    initiatives: tuple[Initiative, ...]  # by number
    ranks: tuple[int, ...]

    @property
    def initiative(self) -> Initiative:
        return self.initiatives[0]


def _same_update(update: Update) -> tuple[object, ...]:
    return (update.date, update.text.zh, update.text.en, update.status, update.source)


def updates_newest_first(dataset: Dataset) -> list[FeedEntry]:
    """Every update, identical ones together, newest first (then by the first initiative's number)."""
    grouped: dict[tuple[object, ...], list[tuple[Initiative, int]]] = {}
    updates: dict[tuple[object, ...], Update] = {}
    for initiative in sorted(dataset.initiatives, key=lambda i: i.number):
        seen: dict[str, int] = {}
        for update in initiative.updates:
            seen[update.date] = seen.get(update.date, 0) + 1
            key = _same_update(update)
            updates.setdefault(key, update)
            grouped.setdefault(key, []).append((initiative, seen[update.date]))
    entries = [
        FeedEntry(updates[key], tuple(i for i, _ in members), tuple(rank for _, rank in members))
        for key, members in grouped.items()
    ]
    entries.sort(key=lambda e: (e.update.date, -e.initiative.number, -e.ranks[0]), reverse=True)
    return entries


def site_statement(dataset: Dataset, language: Language) -> str:
    """One line on what the site is: unofficial, independent, who maintains it, the year, the edition."""
    labels = load_labels(language.key)
    publication = dataset.site
    maintained_by = ""
    if publication is not None:
        maintainer = publication.maintainer.text_or_chinese(language.key)
        maintained_by = str(labels["maintained_by"]).format(maintainer=maintainer)
    checked = checked_summary(dataset)
    if checked.latest is None:
        checked_line = str(labels["checked_none"]).format(total=checked.total)
    else:
        checked_line = str(labels["checked_some"]).format(
            count=checked.count, total=checked.total, date=format_date(checked.latest, language)
        )
    return str(labels["statement"]).format(
        total=len(dataset.initiatives),
        month_year=format_month(dataset.source.announced, language),
        maintained_by=maintained_by,
        edition=format_date(dataset.edition_date(), language),
        checked=checked_line,
    )


def _copy_url(dataset: Dataset, sources: SourceLines | None) -> str | None:
    """The address of the article's attributed copy in the repository, when both are known."""
    copy = dataset.source.copy_path
    return sources.files_url + copy if sources and sources.files_url and copy else None


def _members_by_theme(dataset: Dataset) -> dict[str, list[Initiative]]:
    members: dict[str, list[Initiative]] = {theme.id: [] for theme in dataset.themes}
    for initiative in sorted(dataset.initiatives, key=lambda i: i.number):
        for theme_id in initiative.themes:
            members[theme_id].append(initiative)
    return members
