"""Screenshots of each page type, both languages, at phone and desktop width (make screenshots).

Usage: python -m tools.screenshots [SITE_FOLDER] [OUTPUT_FOLDER]   (default: site screenshots)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from tools.serving import browser_session, free_port, serve_folder

PAGE_TYPES = {
    "home": "",
    "initiative": "initiatives/public-health-service-system/",
    "theme": "themes/market-reform/",
    "themes": "themes/",
    "status": "status/announced/",
    "glossary": "glossary/",
    "about": "about/",
    "not-found": "404.html",
}
WIDTHS = {"phone": (375, 812), "desktop": (1280, 900)}
LANGUAGE_PREFIXES = {"zh": "", "en": "en/"}


def published_path(site: Path) -> str:
    """The path part of the address the site was built for (where the 404 page first looks for its root)."""
    match = re.search(r'<link rel="canonical" href="([^"]+)"', (site / "index.html").read_text("utf-8"))
    return urlsplit(match[1]).path if match else "/"


def take_screenshots(site: Path, output: Path) -> list[Path]:
    output.mkdir(parents=True, exist_ok=True)
    written = []
    with serve_folder(site, free_port(), published_path(site)) as base_url, browser_session() as browser:
        for device, (width, height) in WIDTHS.items():
            page = browser.new_page(width=width, height=height)
            for language, prefix in LANGUAGE_PREFIXES.items():
                for kind, path in PAGE_TYPES.items():
                    page.goto(base_url + prefix + path)
                    page.wait_for_load_state("networkidle")
                    target = output / f"{kind}-{language}-{device}.png"
                    page.screenshot(path=str(target), full_page=False)
                    written.append(target)
            page.context.close()
    return written


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    output = Path(sys.argv[2] if len(sys.argv) > 2 else "screenshots")
    if not (site / "index.html").exists():
        print(f"{site}/index.html not found: build the site first (make site)", file=sys.stderr)
        return 2
    for path in take_screenshots(site, output):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
