"""The builder side stays apart and small: the generator knows nothing of MkDocs or Python-Markdown, the
plugin is found by MkDocs as a package, and the generator's ready HTML passes through Python-Markdown
untouched."""

from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace

import jinja2
import markdown
import pytest
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugins

from generator.html_blocks import READY_HTML_END, READY_HTML_START, ready_html
from mkdocs_site.plugin import ZiboPlugin
from mkdocs_site.ready_html import ReadyHtmlExtension
from mkdocs_site.theme import add_page_addresses

REPO = Path(__file__).resolve().parent.parent

BUILDERS = {"mkdocs", "markdown", "material", "pymdownx"}


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted((REPO / "generator").glob("*.py")), ids=lambda path: path.name)
def test_no_module_of_the_generator_imports_mkdocs_or_python_markdown(path: Path) -> None:
    builders = {name for name in _imported_modules(path) if name.split(".")[0] in BUILDERS}
    assert not builders, f"generator/{path.name} imports {sorted(builders)}: only mkdocs_site/ may"


def test_mkdocs_finds_the_plugin_zibo_as_an_installed_package() -> None:
    # So `mkdocs build -f` of either configuration, from any folder, loads it: no path to insert.
    assert get_plugins()["zibo"].load() is ZiboPlugin


def _convert(text: str) -> str:
    return markdown.Markdown(extensions=[ReadyHtmlExtension(), "md_in_html"]).convert(text)


# Ready HTML is Markup (built escaped), as the renderer makes it.
BLOCK = Markup(
    '<div class="grid"><p>*not emphasis* &amp; <a href="x/">[not a link](y)</a></p>\n\n<p>5 &lt; 6</p></div>'
)


def test_a_ready_html_block_passes_through_unparsed_and_unescaped() -> None:
    html = _convert(f"# Title\n\n{ready_html(BLOCK)}\n")
    assert html == f"<h1>Title</h1>\n{BLOCK}"


def test_text_outside_ready_html_blocks_is_markdown() -> None:
    html = _convert(f"Some *emphasis*.\n\n{ready_html(BLOCK)}\n\nA [link](page.md) & more.\n")
    assert html == (f'<p>Some <em>emphasis</em>.</p>\n{BLOCK}\n<p>A <a href="page.md">link</a> &amp; more.</p>')


def test_two_ready_html_blocks_each_pass_through_and_the_markdown_between_them_is_converted() -> None:
    first, second = Markup("<ul><li>*one*</li></ul>"), Markup("<table><tr><td>_two_</td></tr></table>")
    html = _convert(f"{ready_html(first)}\n\n## Between *them*\n\n{ready_html(second)}\n")
    assert html == f"{first}\n<h2>Between <em>them</em></h2>\n{second}"


def test_markdown_without_ready_html_is_converted_as_python_markdown_alone_converts_it() -> None:
    text = "# Title\n\n<div markdown>*inner*</div>\n\n- a\n- b\n"
    assert _convert(text) == markdown.Markdown(extensions=["md_in_html"]).convert(text)
    assert READY_HTML_START not in _convert(text) and READY_HTML_END not in _convert(text)


def _page(url: str, source: str) -> SimpleNamespace:
    return SimpleNamespace(url=url, file=SimpleNamespace(src_uri=source))  # what the global reads of MkDocs' Page


def test_the_theme_gets_each_pages_addresses_from_generator_urls_and_the_build_stops_where_mkdocs_disagrees() -> None:
    environment = jinja2.Environment()
    config = SimpleNamespace(theme={"language": "en"}, extra={"site_root_url": "https://example.org/s/"})
    add_page_addresses(environment, config)  # (only what it reads of MkDocs' configuration)
    template = environment.from_string(
        "{% set here = page_addresses(page) %}{% for v in here.versions %}{{ v.url }} {{ v.link }} {% endfor %}"
        "{{ here.x_default }} {{ here.page_link('feed.xml') }} {{ here.site_file_link('pagefind/') }}"
    )
    assert template.render(page=_page("themes/", "themes/index.md")).split() == [
        "https://example.org/s/themes/",
        "../../themes/",
        "https://example.org/s/en/themes/",
        "../../en/themes/",
        "https://example.org/s/themes/",
        "../feed.xml",
        "../../pagefind/",
    ]
    # The not-found page is no page: its links start at its language's root, where its <base> is.
    assert template.render(page=None).split()[:2] == ["https://example.org/s/", "./../"]
    with pytest.raises(PluginError, match=r"themes/index\.md: MkDocs publishes it at 'themes\.html'"):
        template.render(page=_page("themes.html", "themes/index.md"))
