"""The link check of the built site: every internal link and anchor, both languages, checked once."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support import BuiltSite
from tools.linkcheck import check_links


def test_every_internal_link_and_anchor_of_both_languages_resolves(site: BuiltSite) -> None:
    report = check_links(site.root, site.base_url)
    assert report.returncode == 0 and report.broken == [], "\n".join(report.broken) + report.output
    pages = len(list(site.root.rglob("*.html")))
    assert report.links > 10 * pages  # every page was read: the site's navigation alone links each to all


def test_the_link_check_catches_a_broken_anchor_and_a_missing_page(site: BuiltSite, tmp_path: Path) -> None:
    broken = tmp_path / "site"
    shutil.copytree(site.root, broken)
    about = broken / "about" / "index.html"
    links = '<a href="../themes/#no-such-anchor">x</a><a href="../no-such-page/">y</a></article>'
    about.write_text(about.read_text("utf-8").replace("</article>", links, 1), "utf-8")
    report = check_links(broken, site.base_url)
    assert report.returncode != 0
    assert [line.split(": ", 1)[1] for line in report.broken] == [
        "/themes#no-such-anchor: Cannot find fragment",
        "/no-such-page: File not found. Check if file exists and path is correct",
    ], report.broken
    assert all(line.startswith("about/index.html:") for line in report.broken)
