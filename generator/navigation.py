"""The data-made part of the site's navigation (sidebar and phone drawer): initiatives, themes, progress.

The builder's own navigation file lists the hand-written and fixed pages; these sections go after the
home page. Every page prints the whole navigation, so a long list of initiatives would make each page
grow with their number (and the site with its square): beyond ``NAV_LIMIT`` entries a section keeps
only its overview page, and the home page's list and each initiative's previous/next links lead on.
"""

from __future__ import annotations

import html
from typing import Any

from .labels import load_labels
from .languages import Language
from .models import Dataset, Initiative
from .page_paths import SUBSCRIBE_PAGE, THEMES_PAGE, UPDATES_PAGE, initiative_page, status_page, theme_page
from .tracking import NOT_RESEARCHED, TRACKING_STATES

NAV_LIMIT = 30

NavItem = dict[str, Any]  # {title: path} or {title: [items]}, as MkDocs' `nav` setting takes them


def short_title(initiative: Initiative, language: Language) -> str:
    """The initiative's short title in this language, else its full title (else the Chinese ones)."""
    short = initiative.short
    return (
        (short.text(language.key) if short else None)
        or initiative.title.text(language.key)
        or (short.zh if short else None)
        or initiative.title.zh
    )


def plan_navigation(dataset: Dataset, language: Language) -> list[NavItem]:
    labels = load_labels(language.key)
    sections: list[NavItem] = []
    initiatives = sorted(dataset.initiatives, key=lambda initiative: initiative.number)
    if len(initiatives) <= NAV_LIMIT:
        # Escaped: the theme prints navigation titles as HTML (they are trusted in a hand-written nav).
        entries = [{html.escape(f"{i.number}. {short_title(i, language)}"): initiative_page(i)} for i in initiatives]
        sections.append({labels["initiatives"]: entries})
    themes: list[NavItem] = [{labels["all_themes"]: THEMES_PAGE}]
    if len(dataset.themes) <= NAV_LIMIT:
        for theme in dataset.themes:
            themes.append({html.escape(theme.label.text_or_chinese(language.key)): theme_page(theme)})
    sections.append({labels["themes"]: themes})
    names = {NOT_RESEARCHED: labels["not_researched"], **labels["statuses"]}
    progress: list[NavItem] = [{names[state]: status_page(state)} for state in TRACKING_STATES]
    progress.append({labels["updates_short"]: UPDATES_PAGE})
    progress.append({labels["subscribe_title"]: SUBSCRIBE_PAGE})
    sections.append({labels["progress"]: progress})
    return sections


def with_sections(nav: list[NavItem], sections: list[NavItem]) -> list[NavItem]:
    """``nav`` with ``sections`` after its first entry (the home page), replacing earlier copies of them."""
    names = {next(iter(section)) for section in sections}
    kept = [item for item in nav if not (isinstance(item, dict) and next(iter(item), None) in names)]
    return [*kept[:1], *sections, *kept[1:]]
