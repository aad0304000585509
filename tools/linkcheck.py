"""Check every internal link and anchor of a built site with LinkChecker (make linkcheck, make test).

Usage: python -m tools.linkcheck [SITE_FOLDER]   (default: site)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tools.serving import free_port, serve_folder

CONFIG = Path(__file__).resolve().parent.parent / "linkcheckerrc"


def check_links(folder: Path, start: str = "") -> subprocess.CompletedProcess[str]:
    """Serve ``folder`` locally and crawl it from ``start``; LinkChecker exits 1 on any broken link."""
    linkchecker = Path(sys.executable).with_name("linkchecker")
    with serve_folder(folder, free_port()) as base_url:
        return subprocess.run(
            [str(linkchecker), "--config", str(CONFIG), "--no-status", base_url + start],
            capture_output=True,
            text=True,
            timeout=600,
        )


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    if not (folder / "index.html").exists():
        print(f"{folder}/index.html not found: build the site first (make site)", file=sys.stderr)
        return 2
    result = check_links(folder)
    print(result.stdout[-5000:], result.stderr[-2000:], sep="\n")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
