"""The publishing pipeline cannot drift from the documented commands."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from generator.loader import load_file
from tests.support import copy_data, fresh_checkout

pytestmark = pytest.mark.long

REPO = Path(__file__).resolve().parent.parent
# Read as YAML 1.2, as GitHub does: in YAML 1.1 the key `on` would become the boolean True.
WORKFLOW = load_file(REPO / ".github" / "workflows" / "site.yml").data
STEPS = WORKFLOW["jobs"]["build"]["steps"]
PIPELINE = ["checkout", "cache", "make check", "make site", "make test", "make linkcheck", "upload-artifact"]
# The preview is uploaded whenever the site built, whatever the tests said.
WHEN_THE_SITE_BUILT = "${{ !cancelled() && steps.site.outcome == 'success' }}"
MAKE_STEPS = {"check": "make check", "site": "make site", "test": "make test", "linkcheck": "make linkcheck"}
SYSTEM_INSTALL = "apt-get install"
DEBIAN_PYTHON = "3.11"  # Debian 12 (bookworm), the workflow's container


def step_kind(step: dict[str, object]) -> str:
    if "uses" in step:
        return str(step["uses"]).split("/")[1].split("@")[0]
    return str(step["run"]).strip()


def test_every_push_and_pull_request_runs_the_pipeline_in_order() -> None:
    assert set(WORKFLOW["on"]) == {"push", "pull_request"}
    kinds = [step_kind(step) for step in STEPS]
    positions = [kinds.index(kind) for kind in PIPELINE]
    assert positions == sorted(positions), kinds
    preview = STEPS[kinds.index("upload-artifact")]
    assert preview["with"]["name"].startswith("site-preview-")


def test_a_pull_request_whose_tests_fail_still_gets_its_preview() -> None:
    # The site is built before the tests; the preview and the folder it uploads follow the build's outcome,
    # not the tests'. The check, the build and the tests themselves run only while everything before passed.
    kinds = [step_kind(step) for step in STEPS]
    for step_id, command in MAKE_STEPS.items():
        step = STEPS[kinds.index(command)]
        assert step["id"] == step_id and "if" not in step, step
    folder = next(step for step in STEPS if "SITE_DIR=" in str(step.get("run", "")))
    preview = STEPS[kinds.index("upload-artifact")]
    assert folder["if"] == preview["if"] == WHEN_THE_SITE_BUILT
    assert kinds.index("make site") < STEPS.index(folder) < kinds.index("upload-artifact")


def test_pages_get_the_site_only_when_every_step_passed() -> None:
    # A step without a status function in its `if` runs only when every step before it succeeded.
    pages = next(step for step in STEPS if str(step.get("uses", "")).startswith("actions/upload-pages-artifact"))
    assert not re.search(r"always\(\)|failure\(\)|cancelled\(\)|outcome", pages["if"])
    assert STEPS.index(pages) > max(STEPS.index(step) for step in STEPS if step.get("id") in MAKE_STEPS)
    assert WORKFLOW["jobs"]["deploy"]["needs"] == "build"  # and the deploy job only after a green build


def failure_summary(tmp_path: Path, outcomes: dict[str, str]) -> list[str]:
    """What the workflow's failure step writes on the run's summary page, given each make step's outcome."""
    step = next(step for step in STEPS if step.get("if") == "failure()")
    summary = tmp_path / "summary.md"
    summary.write_text("", "utf-8")
    env = {name: str(value) for name, value in step["env"].items()}
    assert env == {name.upper(): f"${{{{ steps.{name}.outcome }}}}" for name in MAKE_STEPS}
    outcome_env = {name.upper(): outcomes.get(name, "success") for name in MAKE_STEPS}
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        env={**os.environ, **outcome_env, "GITHUB_STEP_SUMMARY": str(summary)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return summary.read_text("utf-8").splitlines()


@pytest.mark.parametrize("failed", [*MAKE_STEPS, "upload"])
def test_a_failed_run_says_on_its_summary_in_one_line_which_step_failed_and_what_to_do(
    tmp_path: Path, failed: str
) -> None:
    skipped = list(MAKE_STEPS)[list(MAKE_STEPS).index(failed) + 1 :] if failed in MAKE_STEPS else []
    outcomes = {failed: "failure", **dict.fromkeys(skipped, "skipped")}
    [line] = failure_summary(tmp_path, outcomes)
    if failed in MAKE_STEPS:
        assert f"**{MAKE_STEPS[failed]} failed**" in line
    else:
        assert "make" not in line.split(":")[0] and "run the workflow again" in line.casefold()
    if failed == "check":  # the one an editor fixes: the data
        assert "FILE:LINE:COLUMN" in line and "fix them" in line
    else:
        assert "ask a developer" in line.casefold()
    assert ("preview" in line) == (failed in {"test", "linkcheck"})  # uploaded once the site built
    step = next(step for step in STEPS if step.get("if") == "failure()")
    assert step is STEPS[-1]  # after every step that can fail


def test_ci_uses_the_containers_own_python_and_caches_pip_downloads() -> None:
    # actions/setup-python has no Python for Debian containers: it would fail before any check ran.
    build = WORKFLOW["jobs"]["build"]
    assert build["container"] == "debian:bookworm"
    assert not [step for step in STEPS if "setup-python" in str(step.get("uses", ""))]
    install = next(str(step["run"]) for step in STEPS if SYSTEM_INSTALL in str(step.get("run", "")))
    assert {"python3", "python3-venv", "python3-pip", "make", "git", "chromium"} <= set(install.split())
    cache = next(step for step in STEPS if str(step.get("uses", "")).startswith("actions/cache@"))
    assert cache["with"]["path"] == "~/.cache/pip" and "hashFiles('requirements/*.txt')" in cache["with"]["key"]
    # `make` runs `python3`: Debian's must satisfy the project's requires-python.
    assert re.search(r"^PYTHON \?= python3$", (REPO / "Makefile").read_text("utf-8"), re.MULTILINE)
    requires = re.search(r'^requires-python = "(.*)"$', (REPO / "pyproject.toml").read_text("utf-8"), re.MULTILINE)
    assert requires and SpecifierSet(requires[1]).contains(DEBIAN_PYTHON)


def test_the_workflow_is_valid_for_github_and_an_invalid_one_is_caught(tmp_path: Path) -> None:
    # check-jsonschema ships the maintained schema of workflow files: this works offline.
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
    result = subprocess.run(
        [*command, str(REPO / ".github" / "workflows" / "site.yml")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "site.yml"
    text = (REPO / ".github" / "workflows" / "site.yml").read_text("utf-8")
    broken.write_text(text.replace("    runs-on: ubuntu-latest\n", "    run-on: ubuntu-latest\n", 1), "utf-8")
    result = subprocess.run([*command, str(broken)], capture_output=True, text=True)
    assert result.returncode == 1 and "run-on" in result.stdout + result.stderr


def test_the_workflow_runs_the_make_targets_that_readme_documents() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    documented = set(re.findall(r"`?make ([a-z]+)`?", readme))
    runs = "\n".join(str(step.get("run", "")) for step in STEPS)
    used = set(re.findall(r"^\s*make ([a-z]+)", runs, re.MULTILINE))
    assert used == {"check", "test", "site", "linkcheck"}
    assert {"site", "test"} <= documented
    assert used <= documented, used - documented
    makefile = (REPO / "Makefile").read_text("utf-8")
    assert all(re.search(rf"^{target}:", makefile, re.MULTILINE) for target in used)
    assert "make test" in (REPO / ".ci" / "run").read_text("utf-8")


def test_only_main_is_deployed_with_the_official_pages_actions_and_never_an_older_run() -> None:
    deploy = WORKFLOW["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"] and "push" in deploy["if"]
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    upload = [s for s in STEPS if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")]
    assert len(upload) == 1 and "refs/heads/main" in upload[0]["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert WORKFLOW["concurrency"]["cancel-in-progress"] is True
    assert "github.ref" in WORKFLOW["concurrency"]["group"]


def test_pre_commit_hooks_are_local_and_pass_on_the_data_and_fail_on_bad_data(tmp_path: Path) -> None:
    config = load_file(REPO / ".pre-commit-config.yaml").data
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = config["repos"][0]["hooks"]
    # Only the data check: the schema's messages ("does not match '^[0-9]{4}-…$'") are jargon, and unlocated,
    # for what the check then says again, located and in plain words.
    assert [hook["id"] for hook in hooks] == ["data-check"]
    assert not any("schema" in hook["entry"] for hook in hooks)
    # It runs when the archived article changes too: the Chinese is checked against it.
    assert all(
        re.search(hook["files"], name) for hook in hooks for name in ("data/glossary.yaml", "data/sources/a.txt")
    )
    for hook in hooks:
        command = hook["entry"].replace(".venv/bin/python", sys.executable).split()
        assert subprocess.run(command, cwd=REPO, capture_output=True).returncode == 0, hook["id"]
    copy_data(REPO, tmp_path)  # with its archived article, which the check compares with
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    data = tmp_path / "data" / "initiatives.yaml"
    data.write_text(data.read_text("utf-8").replace("    number: 1\n", '    number: "1"\n', 1), "utf-8")
    for hook in hooks:
        command = hook["entry"].replace(".venv/bin/python", sys.executable).split()
        result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
        assert result.returncode == 1 and re.search(
            r"data/initiatives\.yaml:\d+:13: the 1st initiative \([a-z0-9-]+\), number — initiatives\[0\]\.number: "
            r"expected a whole number, got '1'",
            result.stderr,
        ), result.stderr
        assert "does not match" not in result.stderr and "given schemas" not in result.stderr


def runner_environment(github_env: Path, checkout: Path) -> dict[str, str]:
    """This machine's environment as a fresh runner has it (no activated virtual environment), except that
    `make` uses the tests' own virtual environment instead of installing a new one: creating one from
    requirements/*.txt is what .ci/run does on its clean checkout before these tests run at all. `-o` keeps make from reinstalling into it; PYTHONPATH makes the clone's own
    code the one imported (not the editable install's)."""
    ours = Path(sys.prefix)
    path = [p for p in os.environ["PATH"].split(os.pathsep) if p and not Path(p).is_relative_to(ours)]
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONHOME", "MAKEFLAGS", "MAKELEVEL"}}
    stamps = f"-o {ours}/bin/.site-installed -o {ours}/bin/.test-installed"
    return {
        **env,
        "PATH": os.pathsep.join(path),
        "GITHUB_ENV": str(github_env),
        "CI": "true",
        "MAKEFLAGS": f"{stamps} VENV={ours}",
        "PYTHONPATH": str(checkout),
    }


def test_the_workflows_steps_pass_in_order_in_a_fresh_clone(tmp_path: Path) -> None:
    # Every `run:` step but the system install (done on this machine) and `make test` (running now),
    # read from the workflow, as the runner runs them: so a step that cannot work on a clean checkout
    # fails here first.
    checkout = fresh_checkout(REPO, tmp_path / "checkout")
    github_env = tmp_path / "github_env"
    github_env.touch()
    environment = runner_environment(github_env, checkout)
    imported = subprocess.run(
        [sys.executable, "-c", "import generator, tools; print(generator.__file__, tools.__file__)"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert all(Path(name).is_relative_to(checkout) for name in imported.stdout.split()), imported
    steps = [
        step
        for step in STEPS
        if "run" in step
        and SYSTEM_INSTALL not in step["run"]
        and step["run"].strip() != "make test"
        and step.get("if") != "failure()"  # only after a failure: the test above runs it
    ]
    assert {"make check", "make site", "make linkcheck"} <= {step["run"].strip() for step in steps}
    for step in steps:
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=checkout,
            env=environment,
            capture_output=True,
            text=True,
            timeout=1200,
        )
        assert result.returncode == 0, f"step {step['name']!r} failed:\n{(result.stdout + result.stderr)[-4000:]}"
        if step["run"].strip() == "make linkcheck":  # both languages' pages read, every link resolved
            checked = re.search(r"^(\d+) links checked, 0 broken\.$", result.stdout, re.MULTILINE)
            assert checked and int(checked[1]) > 400, result.stdout[-4000:]
    # What the upload steps get: the published build's own folder, whole.
    exported = dict(line.split("=", 1) for line in github_env.read_text("utf-8").splitlines())
    uploads = [step for step in STEPS if "upload" in str(step.get("uses", ""))]
    assert uploads and {step["with"]["path"] for step in uploads} == {"${{ env.SITE_DIR }}"}
    site = Path(exported["SITE_DIR"])
    assert site == (checkout / "site").resolve() and site.is_dir() and not site.is_symlink()
    assert (site / "index.html").is_file() and (site / "en" / "index.html").is_file()
    status = subprocess.run(["git", "status", "--porcelain"], cwd=checkout, capture_output=True, text=True)
    assert status.stdout == ""  # the virtual environment, the build and the generated pages are all ignored
