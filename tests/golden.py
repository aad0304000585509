"""Golden files: the Markdown the generator writes for every page of a small sample, in each language.

Rendered in process (no MkDocs build) from tests/samples/golden.yaml and the sample glossary, never from
data/initiatives.yaml, so an editor's change to the content never touches them. A change to a template
or to the renderer shows as a diff of these files, to review like any other code change.

    .venv/bin/python -m tests.golden            # check: say which files differ
    .venv/bin/python -m tests.golden --update   # rewrite them after an intended change (make golden)
"""

from __future__ import annotations

import argparse
import difflib
import sys
from functools import cache
from pathlib import Path

from generator.labels import load_labels
from generator.languages import LANGUAGES, Language
from generator.pages import PageSpec, SourceLines, plan_pages
from generator.render import TEMPLATES, Renderer
from generator.validate import Validated
from tests.samples import HERE, validate_text

GOLDEN = Path(__file__).parent / "golden"
SAMPLE = (HERE / "golden.yaml").read_text("utf-8")
SITE_URL = "https://example.org/zibo/"
UPDATE_COMMAND = "make golden  (or: .venv/bin/python -m tests.golden --update)"
DIFF_LINES = 40  # of a failure's diff: enough to see the change, short enough to read


def page_kind(page: PageSpec) -> str:
    """A page's kind is its template: "initiative.md.j2" -> "initiative"."""
    return page.template.removesuffix(".md.j2")


def template_kinds() -> set[str]:
    """Every kind of page a template exists for (the macros file is no page)."""
    return {path.name.removesuffix(".md.j2") for path in TEMPLATES.glob("*.md.j2") if not path.name.startswith("_")}


def sample_pages(validated: Validated, language: Language) -> list[PageSpec]:
    sources = SourceLines(
        "data/initiatives.yaml", "data/glossary.yaml", validated.locations, validated.glossary_locations
    )
    site_name = str(load_labels(language.key)["site_name"])
    return plan_pages(validated.dataset, validated.glossary, language, SITE_URL, site_name, sources)


@cache
def rendered_pages() -> dict[Path, str]:
    """Every page the plan makes of the sample in each language, rendered, by its golden file's path."""
    validated = validate_text(SAMPLE)
    rendered: dict[Path, str] = {}
    for language in LANGUAGES.values():
        renderer = Renderer(language, validated.glossary)
        for page in sample_pages(validated, language):
            rendered[golden_path(language, page)] = renderer.render(page)
    return rendered


def golden_path(language: Language, page: PageSpec) -> Path:
    return GOLDEN / language.key / page.path


def difference(path: Path, rendered: str) -> str | None:
    """None when the golden file holds ``rendered``; else a short report of how they differ."""
    expected = path.read_text("utf-8") if path.exists() else None
    if expected == rendered:
        return None
    name = path.relative_to(GOLDEN.parent.parent).as_posix()
    if expected is None:
        return f"{name} is missing: run {UPDATE_COMMAND}, then review and commit it"
    diff = list(
        difflib.unified_diff(
            expected.splitlines(), rendered.splitlines(), f"{name} (golden)", f"{name} (rendered now)", lineterm="", n=2
        )
    )
    shown = diff[:DIFF_LINES] + ([f"... {len(diff) - DIFF_LINES} more lines of diff"] if len(diff) > DIFF_LINES else [])
    return "\n".join(
        [
            f"{name} differs from what the generator renders now:",
            *shown,
            f"If the change is intended, run {UPDATE_COMMAND}",
        ]
    )


def update() -> list[Path]:
    """Rewrite the golden files; remove those of kinds no longer planned. Returns the files changed."""
    rendered = rendered_pages()
    changed: list[Path] = []
    for path, text in rendered.items():
        if difference(path, text) is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
            changed.append(path)
    for path in GOLDEN.rglob("*.md"):
        if path not in rendered:
            path.unlink()
            changed.append(path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update", action="store_true", help="rewrite the golden files from the templates")
    if parser.parse_args(argv).update:
        for path in update():
            print(f"updated {path.relative_to(GOLDEN.parent.parent).as_posix()}")
        return 0
    reports = [report for path, text in rendered_pages().items() if (report := difference(path, text))]
    print("\n\n".join(reports) or "The golden files match.")
    return 1 if reports else 0


if __name__ == "__main__":
    sys.exit(main())
