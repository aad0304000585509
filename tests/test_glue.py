"""The builder's glue stays thin: the generator knows nothing of MkDocs or Python-Markdown, the hook file
only registers events, and the generator's ready HTML passes through Python-Markdown untouched."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import jinja2
import markdown
import pytest
from markupsafe import Markup
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from generator.render import READY_HTML_END, READY_HTML_START, ready_html

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))  # as MkDocs does while it loads the hook

from material_workarounds import list_theme_files_without_dot_folders, stop_alternate_sitemap_requests  # noqa: E402
from ready_html import ReadyHtmlExtension  # noqa: E402
from theme_settings import add_page_addresses  # noqa: E402

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
    assert not builders, f"generator/{path.name} imports {sorted(builders)}: only hooks/ may"


def test_the_hook_file_only_registers_mkdocs_events() -> None:
    tree = ast.parse((REPO / "hooks" / "mkdocs_glue.py").read_text("utf-8"))
    body = tree.body[1:] if ast.get_docstring(tree) else tree.body
    others = [
        f"line {node.lineno}: {ast.unparse(node).splitlines()[0]}"
        for node in body
        if not isinstance(node, ast.Import | ast.ImportFrom)
        and not (isinstance(node, ast.FunctionDef) and node.name.startswith("on_"))
    ]
    assert others == [], "hooks/mkdocs_glue.py defines more than MkDocs events: move it to a module of its job"
    generator_imports = [name for name in _imported_modules(REPO / "hooks" / "mkdocs_glue.py") if "generator" in name]
    assert generator_imports == ["generator"], "the glue uses the generator's public API (generator/__init__.py)"


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


def test_the_material_workaround_narrows_the_alternate_link_selector_and_fails_loudly_when_it_is_gone(
    tmp_path: Path,
) -> None:
    scripts = tmp_path / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    bundle = scripts / "bundle.0123abcd.min.js"
    bundle.write_text('e.pipe(b(()=>M("link[rel=alternate]")))', "utf-8")
    stop_alternate_sitemap_requests(tmp_path)
    assert bundle.read_text("utf-8") == 'e.pipe(b(()=>M("link[rel=alternate][data-md-sitemap]")))'
    bundle.write_text('e.pipe(b(()=>M("link[rel=alternate][hreflang]")))', "utf-8")  # an upgrade changed it
    with pytest.raises(PluginError, match="alternate-link selector was not found"):
        stop_alternate_sitemap_requests(tmp_path)
    bundle.unlink()
    with pytest.raises(PluginError, match="bundle was not found"):
        stop_alternate_sitemap_requests(tmp_path)


def test_a_discarded_build_leaves_only_the_published_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever a build began in .site-builds/ goes with it, also a folder it made but never recorded
    # (the search index's copy of the pages, when a signal came between making it and using it).
    import publishing
    import site_swap

    target = tmp_path / "site"
    published = site_swap.stage(target)
    (published / "index.html").write_text("old", "utf-8")
    site_swap.publish(published, target)
    staging = site_swap.stage(target)
    stray = site_swap.new_folder(staging.parent, ".zibo-search-")
    (stray / "index.html").write_text("copy", "utf-8")
    monkeypatch.setattr(publishing, "_build", publishing._Build(target=target, staging=staging))
    publishing.discard()
    assert list(site_swap.builds_folder(target).iterdir()) == [published]
    assert (target / "index.html").read_text("utf-8") == "old"


def test_the_theme_files_listed_without_dot_folders_are_the_ones_mkdocs_keeps(monkeypatch: pytest.MonkeyPatch) -> None:
    # The workaround skips walking Material's 14,000 icons: MkDocs must find the same static files of the theme.
    monkeypatch.setenv("ZIBO_SITE_CHILD_BUILD", "1")  # no build lock, no English build: only the configuration
    config = load_config(str(REPO / "mkdocs.yml"))
    listed = Files([])
    listed.add_files_from_theme(config.theme.get_env(), config)
    list_theme_files_without_dot_folders(config)
    quickly = Files([])
    quickly.add_files_from_theme(config.theme.get_env(), config)
    assert [file.src_uri for file in quickly] == [file.src_uri for file in listed] != []


PREVIEW_SCRIPT = """
import json, logging, os, sys, types
sys.path.insert(0, sys.argv[1])
import second_language
from mkdocs.exceptions import PluginError
project = sys.argv[2]
handler = logging.StreamHandler()  # as MkDocs' command line sets up its log
handler.name = "MkDocsStreamHandler"
logging.getLogger("mkdocs").addHandler(handler)
logging.getLogger("mkdocs").setLevel(logging.INFO)
second_language.prepare_for_previews()  # as `mkdocs serve` does at its startup
config = types.SimpleNamespace(config_file_path=os.path.join(project, "mkdocs.yml"), strict=False,
                               site_dir=os.path.join(project, "site"))
english = types.SimpleNamespace(prefix="en/", key="en")
results = []
for docs in ("docs", "missing"):  # a build, then one that fails
    with open(os.path.join(project, "mkdocs.en.yml"), "w") as file:
        file.write(f"site_name: en\\ndocs_dir: {docs}\\n")
    second_language.begin(config, preview=True, forget_parent=())
    forked = type(second_language._build.process).__name__
    try:
        output = second_language.finish(config, english)
    except PluginError as error:
        output = "failed: " + str(error)
        second_language.discard()  # as the glue does when the build fails
    results.append([forked, output])
print(json.dumps([results, second_language._forker.pid if second_language._forker else None]))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="a preview forks its English builds on Linux only")
def test_a_previews_english_builds_are_forked_and_report_their_output_and_failures(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# English\n", "utf-8")
    (tmp_path / "site").mkdir()
    result = subprocess.run(
        [sys.executable, "-c", PREVIEW_SCRIPT, str(REPO / "hooks"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    (built, failed), forker = json.loads(result.stdout.splitlines()[-1])
    assert forker is not None and built[0] == failed[0] == "Requested"  # forked, not a new Python
    assert "Documentation built" in built[1] and (tmp_path / "site" / "en" / "index.html").exists()
    assert failed[1].startswith("failed: the English build") and "missing" in failed[1]
    assert not list(tmp_path.glob("*.log")) and not list(tmp_path.glob(".zibo-site-en-*"))


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
