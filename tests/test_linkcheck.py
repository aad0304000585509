"""The link check of the built site: every internal link and anchor, both languages."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support import BuiltSite
from tools.linkcheck import check_links

# The full crawl of a built site runs once, as CI runs it: `make linkcheck` in
# test_workflow.py's fresh clone. Here, that the tool catches what it must.


def test_the_link_check_catches_a_broken_anchor_and_a_missing_page(site: BuiltSite, tmp_path: Path) -> None:
    broken = tmp_path / "site"
    shutil.copytree(site.root / "about", broken / "about")
    page = (site.root / "about" / "index.html").read_text("utf-8")
    links = '<a href="about/#no-such-anchor">x</a><a href="no-such-page/">y</a></article>'
    (broken / "index.html").write_text(page.replace("</article>", links), "utf-8")
    result = check_links(broken)
    assert result.returncode == 1
    assert "Anchor `no-such-anchor' (decoded:" in result.stdout
    assert "404" in result.stdout and "no-such-page" in result.stdout
